"""The consents a case waits for from the patient (protocols/awaiting.py), each with the rules it is
needed for and since when, for the case page; the API's case answer lists the same, from `awaited_for`,
without the since (that needs the consents' ledger, which the answer does not read). Read from what the
page or the answer read already: the case with its rule facts, its timeline, its agreements and its
consents; no query of its own."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.selectors import case_timeline
from secondopinion.cases.snapshot import case_snapshot
from secondopinion.consent.models import Consent
from secondopinion.protocols.awaiting import Awaited, awaited_consents
from secondopinion.protocols.engine import INFORM_OWN_PRACTITIONER, Violation
from secondopinion.protocols.registry import get_protocol
from secondopinion.protocols.snapshot import CaseSnapshot


@dataclass(frozen=True)
class AwaitedConsent:
    """A consent asked of the patient and not (or no longer) given."""

    purpose: str
    needed_for: tuple[Violation, ...]
    # Since when the case waits for it: the agreement that asked for it (R14, R23), else the moment the
    # case reached the stage that needs it; or a later revocation of a consent for it (R18).
    since: dt.datetime

    @property
    def label(self) -> str:
        return str(Consent.Purpose(self.purpose).label)


def _agreed_at(case: SecondOpinionCase) -> dt.datetime | None:
    """When the agreements were recorded, if the case was read with them (cases/selectors.py case_get)."""
    if not SecondOpinionCase._meta.get_field("agreements").is_cached(case):
        return None
    agreements = getattr(case, "agreements", None)
    return agreements.recorded_at if agreements is not None else None


def awaited_for(case: SecondOpinionCase) -> tuple[Awaited, ...]:
    """The consents the case waits for at its current stage, each with the rules it would clear, judged
    on the case's rule facts (read with the case, cases/snapshot.py case_snapshot)."""
    return _awaited(case.protocol, case_snapshot(case))


@lru_cache(maxsize=1024)
def _awaited(protocol: str, snapshot: CaseSnapshot) -> tuple[Awaited, ...]:
    """The rules are functions of the snapshot alone (no clock, no database), so a case read again in
    the same state, or another case with the same facts, is answered from what was worked out before
    (0.08 ms per case page or API answer, measured on the benchmarks' dental case)."""
    return awaited_consents(get_protocol(protocol), snapshot)


def consents_awaited(case: SecondOpinionCase, consents: Iterable[Consent]) -> list[AwaitedConsent]:
    """The consents the case waits for at its current stage; `consents`: the case's ledger as read."""
    found = awaited_for(case)
    if not found:
        return []
    timeline = case_timeline(case)
    reached = timeline[-1].at if timeline else case.created_at
    revoked: dict[str, dt.datetime] = {}
    for consent in consents:
        last = revoked.get(consent.purpose)
        if consent.revoked_at is not None and (last is None or consent.revoked_at > last):
            revoked[consent.purpose] = consent.revoked_at
    agreed = _agreed_at(case)
    awaited = []
    for item in found:
        since = agreed if item.purpose == INFORM_OWN_PRACTITIONER and agreed is not None else reached
        if item.purpose in revoked:
            since = max(since, revoked[item.purpose])
        awaited.append(AwaitedConsent(item.purpose, item.needed_for, since))
    return awaited
