"""An instance made by the shortcut of core/instances.py is the instance `Model.from_db` makes, for
every model of the product; where they could differ, the shortcut is not taken."""

import pytest
from django.apps import apps
from django.db.models import FETCH_ONE, FETCH_PEERS
from django.db.models.signals import post_init

from secondopinion.accounts.models import User
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.instances import django_from_db, row_maker
from secondopinion.directory.models import Organisation, Patient, Practitioner

PRODUCT = [m for m in apps.get_models() if m.__module__.startswith("secondopinion.")]


def _names(model) -> tuple[str, ...]:
    return tuple(field.attname for field in model._meta.concrete_fields)


def _state(instance) -> dict:
    state = instance._state
    return {"adding": state.adding, "db": state.db, "fetch_mode": state.fetch_mode, "peers": state.peers}


def _shortcut(maker) -> bool:
    return getattr(maker, "__qualname__", "").endswith("made")


def _fields(instance) -> list:
    return [(key, value) for key, value in instance.__dict__.items() if key != "_state"]


@pytest.mark.parametrize("fetch_mode", [FETCH_ONE, FETCH_PEERS], ids=["one", "peers"])
@pytest.mark.parametrize("model", PRODUCT, ids=lambda m: m._meta.label)
def test_the_shortcut_makes_what_from_db_makes(model, fetch_mode):
    names = _names(model)
    values = tuple(f"value {i}" if i % 2 else i for i in range(len(names)))
    theirs = django_from_db(model, fetch_mode)("default", names, values)
    ours = row_maker(model, names, fetch_mode)("default", names, values)
    assert type(ours) is type(theirs) is model
    assert _fields(ours) == _fields(theirs)
    assert _state(ours) == _state(theirs)
    assert ours.pk == theirs.pk


@pytest.mark.parametrize("model", PRODUCT, ids=lambda m: m._meta.label)
def test_with_deferred_fields_too(model):
    names = _names(model)
    loaded = names[::2] if len(names) > 2 else names
    values = tuple(range(len(loaded)))
    theirs = django_from_db(model, FETCH_ONE)("default", loaded, values)
    ours = row_maker(model, loaded, FETCH_ONE)("default", loaded, values)
    assert _fields(ours) == _fields(theirs)
    assert ours.get_deferred_fields() == theirs.get_deferred_fields()
    assert _state(ours) == _state(theirs)


@pytest.mark.parametrize("model", [SecondOpinionCase, User, Patient, Organisation, Practitioner])
def test_the_models_every_request_reads_take_the_shortcut(model):
    names = _names(model)
    assert _shortcut(row_maker(model, names, FETCH_ONE))


def test_fields_out_of_order_or_an_init_receiver_go_the_django_way():
    names = _names(Patient)
    assert _shortcut(row_maker(Patient, names[:-1], FETCH_ONE))
    assert not _shortcut(row_maker(Patient, tuple(reversed(names)), FETCH_ONE))
    assert not _shortcut(row_maker(Patient, (*names, "not_a_field"), FETCH_ONE))

    def receiver(sender, instance, **kwargs):
        instance.seen = True

    post_init.connect(receiver, sender=Patient)
    try:
        maker = row_maker(Patient, names, FETCH_ONE)
        assert not _shortcut(maker)
        assert maker("default", names, tuple(range(len(names)))).seen is True
    finally:
        post_init.disconnect(receiver, sender=Patient)
