import pytest

from tests.site.world import world_in_transaction


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The portal of tests/site/world.py, built once for the module that asks for it."""
    with world_in_transaction(django_db_blocker) as world:
        yield world
