"""Writing and reading chained access events in the chain tests: the values hypothesis draws, one
chain unless a test picks another (`on_chain`), and the helpers that write, store and tamper."""

import datetime as dt

import pytest
from hypothesis import strategies as st

from secondopinion.audit import sequencer
from secondopinion.audit.chain import HASHED_FIELDS
from secondopinion.audit.kinds import known_names
from secondopinion.audit.models import AccessEvent
from secondopinion.audit.sequencer import chain_pending
from secondopinion.audit.services import access_record
from tests.factories import PatientFactory, UserFactory

ACTIONS = list(AccessEvent.Action.values)
SOURCES = list(AccessEvent.Source.values)
ROLES = ["patient", "representative", "referrer", "treating", "giver", "coordinator", "user"]
# PostgreSQL stores no NUL, and lone surrogates are not text.
words = st.text(
    alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), min_size=1, max_size=16
).filter(str.strip)

event_values = st.fixed_dictionaries(
    {
        "action": st.sampled_from(ACTIONS),
        "data": st.sampled_from(known_names()),  # access_record refuses a name that is no DataKind
        "source": st.sampled_from(SOURCES),
        "role": st.sampled_from(ROLES),
        "basis": st.sampled_from(ROLES) | st.just("consent"),
        "on_behalf_of": st.just("") | words,
        "emergency": st.booleans(),
        "with_actor": st.booleans(),
    }
)
# Every hashed field but seq (moving seqs is the reordering below), chain (moving an event to another
# chain: its own test) and case_id, plus both hashes and the canonical version.
EDITABLE = ["actor_id", "actor_name", "role", "on_behalf_of", "patient_id", "data", "action", "source"]
EDITABLE += ["basis", "emergency", "at", "prev_hash", "hash", "v"]


def on_chain(monkeypatch, chain: int) -> None:
    """The next batches prefer `chain` (the head is free in a single-threaded test, so they get it)."""
    monkeypatch.setattr(sequencer, "_preferred_chain", lambda chains: chain)


@pytest.fixture(autouse=True)
def _one_chain(monkeypatch):
    on_chain(monkeypatch, 1)


def chained(*events: AccessEvent) -> list[AccessEvent]:
    """Run the sequencer; the events as it left them, in the order given."""
    chain_pending()
    found = AccessEvent.objects.in_bulk([event.pk for event in events])
    return [found[event.pk] for event in events]


def log(**overrides) -> AccessEvent:
    values = {"action": "read", "data": "case", "source": "web", "role": "giver", "basis": "giver"}
    return chained(access_record(actor=None, **{**values, **overrides}))[0]


def write_chain(values: list[dict]) -> list[AccessEvent]:
    actor = UserFactory()
    events = []
    for v in values:
        kwargs = {k: v[k] for k in v if k != "with_actor"}
        events.append(access_record(actor=actor if v["with_actor"] else None, **kwargs))
    return chained(*events)


def stored(event: AccessEvent) -> dict:
    return AccessEvent.objects.values(*HASHED_FIELDS, "prev_hash", "hash").get(pk=event.pk)


def edited_value(field: str, old, draw):
    """A value for `field` that differs from `old` and that the database accepts."""
    if field == "actor_id":
        return None if old is not None else UserFactory().pk
    if field == "patient_id":
        return None if old is not None else PatientFactory().pk
    if field == "action":
        return draw(st.sampled_from([a for a in ACTIONS if a != old]))
    if field == "source":
        return draw(st.sampled_from([s for s in SOURCES if s != old]))
    if field == "emergency":
        return not old
    if field == "v":
        return 1 if old == 2 else 2
    if field == "at":
        return old + dt.timedelta(microseconds=draw(st.integers(1, 10**9)) * draw(st.sampled_from([-1, 1])))
    if field in ("prev_hash", "hash"):
        return draw(st.text(alphabet="0123456789abcdef", min_size=64, max_size=64).filter(lambda h: h != old))
    return draw(words.filter(lambda w: w != old))


def _move_seq(event_id: int, seq: int) -> None:
    AccessEvent.objects.filter(pk=event_id).update(seq=seq)
