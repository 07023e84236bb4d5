"""The case's timeline read with the case: its transitions as one column of the case read
(cases/selectors.py case_get), so that reading a case and showing its timeline is one query, not two.

Each transition with its actor's name is a JSON array; the column joins them. The rows are made into
StatusChange instances (and their actor into a User holding only what its name needs) when the
timeline is first asked for, in the order the model's Meta gives: at, then id."""

import json
from datetime import UTC
from typing import Any

from django.db.models import OuterRef, StringAgg, Subquery, TextField, Value
from django.db.models.functions import Cast, JSONArray
from django.db.models.query import DEFAULT_FETCH_MODE
from django.utils.dateparse import parse_datetime

from secondopinion.accounts.models import User
from secondopinion.cases.models import StatusChange
from secondopinion.core.instances import row_maker

_CHANGE = (
    "id",
    "from_status",
    "to_status",
    "actor_id",
    "actor_role",
    "rule_ids",
    "note",
    "internal_note",
    "at",
)
_ACTOR = ("username", "first_name", "last_name")
_CHANGE_NAMES = ("id", "case_id", *_CHANGE[1:])
_ACTOR_NAMES = ("id", *_ACTOR)
_make_change = row_maker(StatusChange, _CHANGE_NAMES, DEFAULT_FETCH_MODE)
_make_actor = row_maker(User, _ACTOR_NAMES, DEFAULT_FETCH_MODE)


def timeline_column() -> Subquery:
    """The case's transitions with their actors, as text: JSON arrays joined by commas (None: none)."""
    fields = [*_CHANGE, *(f"actor__{name}" for name in _ACTOR)]
    rows = (
        StatusChange.objects.filter(case=OuterRef("pk"))
        .order_by()
        .values("case")
        .annotate(rows=StringAgg(Cast(JSONArray(*fields), TextField()), Value(",")))
        .values("rows")
    )
    return Subquery(rows, output_field=TextField())


def _moment(text: str) -> Any:
    """A stored moment as the database wrote it in JSON (PostgreSQL with its offset, SQLite without:
    UTC, as Django stores it there)."""
    moment = parse_datetime(text)
    if moment is None:
        raise ValueError(f"Not a moment: {text!r}")
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def timeline_from(case: Any, column: str | None, db: str) -> list[StatusChange]:
    """The StatusChange rows of `column` (timeline_column), oldest first, each knowing its case."""
    if not column:
        return []
    changes: list[StatusChange] = []
    for row in json.loads(f"[{column}]"):
        values = dict(zip(_CHANGE, row[: len(_CHANGE)], strict=True))
        # SQLite gives a JSON column inside json_array() as its text; PostgreSQL as JSON.
        if isinstance(values["rule_ids"], str):
            values["rule_ids"] = json.loads(values["rule_ids"])
        values["at"] = _moment(values["at"])
        values["case_id"] = case.pk
        change: StatusChange = _make_change(db, _CHANGE_NAMES, [values[name] for name in _CHANGE_NAMES])  # type: ignore[assignment]
        change._state.fields_cache["case"] = case
        change._state.fields_cache["actor"] = _make_actor(
            db, _ACTOR_NAMES, (values["actor_id"], *row[len(_CHANGE) :])
        )
        changes.append(change)
    changes.sort(key=lambda change: (change.at, change.pk))
    return changes
