"""Model instances made from a row as `Model.from_db` makes them, without `Model.__init__`'s work per
field: a prepared query (core/prepared.py) makes a dozen instances for one case read and some fifty
for a create, and `__init__` (a signal sent before and after, a `setattr` through the class for each
of some thirty fields) was the largest single cost left in both.

`row_maker` gives Django's own `from_db` wherever the shortcut could differ from it: a model that
overrides `from_db` or `__init__`, that has receivers of `pre_init` or `post_init` (an ImageField's
dimensions, for one), a row whose fields are not the model's in its order (some may be deferred), or
a field whose attribute on the class does more on assignment than store the value. For everything else
the instance is what `from_db` makes: its state (not adding, its database, its fetch mode) and each
field's value under its attname, in the same order (tests/performance/test_instances.py compares them
for every model of the product)."""

import inspect
from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import Model, query
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.query_utils import DeferredAttribute
from django.db.models.signals import post_init, pre_init

# `Model.from_db` with the fetch mode bound, as ModelIterable gets it (Django's own, private until 2028).
django_from_db: Callable[[type[Model], Any], Callable[..., Model]] = getattr(query, "_get_from_db")  # noqa: B009

# What sits on the class under a field's attname when assigning only stores the value: a deferred
# field's loader, and a foreign key's (which, on assignment, also forgets a cached related object a
# new instance does not have yet).
_PLAIN_ATTRIBUTES = (DeferredAttribute, ForeignKeyDeferredAttribute)


def _stores_only(model: type[Model], attname: str) -> bool:
    found = inspect.getattr_static(model, attname, None)
    return found is None or type(found) in _PLAIN_ATTRIBUTES


def _in_model_order(names: Sequence[str], concrete: list[str]) -> bool:
    """Whether `names` are concrete fields in the model's order (all of them, or some: the others
    deferred, which `Model.__init__` leaves unset as well)."""
    positions = [concrete.index(name) if name in concrete else -1 for name in names]
    return -1 not in positions and positions == sorted(set(positions))


def row_maker(model: type[Model], field_names: Sequence[str], fetch_mode: Any) -> Callable[..., Model]:
    """A callable with `from_db`'s arguments (db, field_names, values) for rows of `model` holding
    `field_names`: the shortcut where it makes what `from_db` makes, `from_db` itself elsewhere."""
    django_way = django_from_db(model, fetch_mode)
    concrete = [field.attname for field in model._meta.concrete_fields]
    names = tuple(field_names)
    if (
        not _in_model_order(names, concrete)
        or getattr(model.from_db, "__func__", None) is not getattr(Model.from_db, "__func__", None)
        or model.__init__ is not Model.__init__
        or pre_init.has_listeners(model)
        or post_init.has_listeners(model)
        or not all(_stores_only(model, name) for name in names)
    ):
        return django_way
    new = object.__new__

    def made(db: str, field_names: Sequence[str], values: Sequence[Any]) -> Model:
        instance = new(model)
        state = ModelState()
        state.adding = False
        state.db = db
        if fetch_mode is not None:
            state.fetch_mode = fetch_mode
        instance._state = state
        instance.__dict__.update(zip(names, values, strict=True))
        return instance

    return made
