import pytest

from tests.conftest import clear_test_cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Every test starts with empty rate-limit counters (they live in the cache)."""
    clear_test_cache()
    yield
    clear_test_cache()
