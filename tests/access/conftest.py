"""The access tests share one world per module (tests/access/world.py), rolled back at its end."""

import pytest
from django.db import transaction

from tests.access.world import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker) -> World:
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def sweep(world, django_db_blocker):
    """The second-organisation sweep's two organisations beside the world (tests/access/test_sweep.py),
    built once for each module that sweeps."""
    from django.test import Client, override_settings

    from tests.access.second_org import first_organisation, second_organisation
    from tests.access.sweep_operations import FAST_HASHERS
    from tests.access.test_sweep import FIRST, SECOND, Sweep

    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHERS):
        orgs = {FIRST: first_organisation(world), SECOND: second_organisation(world)}
    return Sweep(world, orgs, Client(secure=True))
