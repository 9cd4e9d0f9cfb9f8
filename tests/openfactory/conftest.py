import pytest
from django.conf import settings
from django.utils import translation

from tests.conftest import clear_test_cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Every test starts with empty rate-limit counters (they live in the cache)."""
    clear_test_cache()
    yield
    clear_test_cache()


@pytest.fixture(autouse=True)
def _site_language():
    """Services called outside a request speak the site's language, whatever language the
    last request of an earlier test left active in this thread (pytest-django runs the
    transactional tests, the concurrency ones among them, after all others)."""
    with translation.override(settings.LANGUAGE_CODE):
        yield
