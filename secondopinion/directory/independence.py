"""R10, R11: who may give this second opinion, and for everyone who may not, why not.

A giver works in the treating practitioner's discipline (for a denturist also a dentist, R11), at
the same specialism (a medical specialist's must be recorded: without it nobody is eligible, and
every candidate says why), is neither the treating nor the referring practitioner, was never affiliated
with an organisation of the treating practitioner in an overlapping period, and declared no
interest in the treating practitioner or his organisations.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from secondopinion.core.text import Text
from secondopinion.directory.models import Affiliation, DeclaredInterest, Organisation, Practitioner

Period = tuple[int, dt.date, dt.date]  # organisation id, start, end

NOT_TREATING = Text("is de eigen behandelaar", "is the treating practitioner")
NOT_REFERRER = Text("is de verwijzer", "is the referrer")
OTHER_DISCIPLINE = Text("werkt in een ander vakgebied", "works in another discipline")
OTHER_SPECIALISM = Text("heeft een ander specialisme", "has another specialism")
# R10 "op hetzelfde niveau" (seed 004; seed 000 "tandarts(specialist)"): a specialist (an orthodontist,
# a dental surgeon) does not judge the plan of a practitioner without a specialism.
OTHER_LEVEL = Text(
    "werkt op een ander niveau: specialist, de eigen behandelaar niet",
    "works at another level: a specialist, where the treating practitioner is not",
)
# Where the level is a specialism (R10: "a nurse cannot judge a surgeon", nor a cardiologist a
# neurologist), an unrecorded one cannot be checked: nobody is offered until it is recorded.
SPECIALISM_UNKNOWN = Text(
    "het specialisme van de eigen behandelaar is niet vastgelegd in de registratie",
    "the treating practitioner's specialism is not recorded in the directory",
)
SAME_ORGANISATION = Text(
    "werkt of werkte in dezelfde organisatie als de eigen behandelaar, in dezelfde periode",
    "works or worked in the same organisation as the treating practitioner, in the same period",
)
DECLARED_INTEREST = Text(
    "heeft een belang verklaard bij de eigen behandelaar of diens organisatie",
    "declared an interest in the treating practitioner or his organisation",
)


@dataclass(frozen=True)
class Candidate:
    practitioner: Practitioner
    reasons: tuple[Text, ...]

    @property
    def eligible(self) -> bool:
        return not self.reasons


# The disciplines whose level is a specialism: a giver must share the treating practitioner's (R10).
SPECIALISED_DISCIPLINES = frozenset({"medical_specialist"})


def specialism_missing(treating: Practitioner) -> bool:
    """R10: the treating practitioner's discipline has specialisms, and his is not in the directory."""
    return treating.discipline in SPECIALISED_DISCIPLINES and not treating.specialism.strip()


def _same_specialism(candidate: Practitioner, treating: Practitioner) -> bool:
    return candidate.specialism.strip().casefold() == treating.specialism.strip().casefold()


def allowed_disciplines(treating: Practitioner) -> frozenset[str]:
    """R10: the same discipline and level; R11: a denturist may also be judged by a dentist."""
    if treating.discipline == "denturist":
        return frozenset({"denturist", "dentist"})
    return frozenset({treating.discipline})


def organisation_roots() -> dict[int, int]:
    """Each department or location with the organisation it is part of, at the top (a hospital's
    neurology at location Noord → the hospital): one organisation for R10, "in no way connected"
    (seed 004). Organisations that are part of none are not listed. One query."""
    parents = dict(Organisation.objects.filter(parent__isnull=False).values_list("id", "parent_id"))
    roots = {}
    for department in parents:
        top, seen = department, set()
        while top in parents and top not in seen:  # a loop in the register ends where it closes
            seen.add(top)
            top = parents[top]
        roots[department] = top
    return roots


def _periods(
    practitioner: Practitioner, affiliations: Iterable[Affiliation], roots: dict[int, int]
) -> list[Period]:
    """The primary organisation counts as an open-ended affiliation; each organisation as the whole
    it is part of."""
    periods = [(practitioner.organisation_id, dt.date.min, dt.date.max)]
    periods += [(a.organisation_id, a.start, a.end or dt.date.max) for a in affiliations]
    return [(roots.get(org, org), start, end) for org, start, end in periods]


def _overlap(mine: list[Period], theirs: list[Period]) -> bool:
    return any(a[0] == b[0] and a[1] <= b[2] and b[1] <= a[2] for a in mine for b in theirs)


def _interested(
    interests: Iterable[DeclaredInterest], treating: Practitioner, orgs: set[int], roots: dict[int, int]
) -> bool:
    return any(
        i.related_practitioner_id == treating.pk
        or (
            i.related_organisation_id is not None
            and roots.get(i.related_organisation_id, i.related_organisation_id) in orgs
        )
        for i in interests
    )


def independence_reasons(
    candidate: Practitioner,
    treating: Practitioner,
    referrer: Practitioner | None = None,
    roots: dict[int, int] | None = None,
) -> list[Text]:
    """Every reason `candidate` may not give this opinion; empty when independent. `roots`: the
    organisation_roots() the caller already knows (an empty dict when no organisation is part of
    another), else they are read."""
    roots = organisation_roots() if roots is None else roots
    return _reasons(
        candidate,
        treating,
        referrer,
        _periods(treating, treating.affiliations.all(), roots),
        list(candidate.affiliations.all()),
        list(candidate.interests.all()),
        roots,
    )


def _reasons(
    candidate: Practitioner,
    treating: Practitioner,
    referrer: Practitioner | None,
    treating_periods: list[Period],
    affiliations: list[Affiliation],
    interests: list[DeclaredInterest],
    roots: dict[int, int],
) -> list[Text]:
    reasons = []
    if candidate.pk == treating.pk:
        reasons.append(NOT_TREATING)
    if referrer is not None and candidate.pk == referrer.pk:
        reasons.append(NOT_REFERRER)
    if candidate.discipline not in allowed_disciplines(treating):
        reasons.append(OTHER_DISCIPLINE)
    elif specialism_missing(treating):
        reasons.append(SPECIALISM_UNKNOWN)
    elif treating.specialism.strip() and not _same_specialism(candidate, treating):
        reasons.append(OTHER_SPECIALISM)
    elif candidate.specialism.strip() and not treating.specialism.strip():
        reasons.append(OTHER_LEVEL)
    if candidate.pk != treating.pk and _overlap(_periods(candidate, affiliations, roots), treating_periods):
        reasons.append(SAME_ORGANISATION)
    if _interested(interests, treating, {org for org, _s, _e in treating_periods}, roots):
        reasons.append(DECLARED_INTEREST)
    return reasons


def giver_candidates(*, treating: Practitioner, referrer: Practitioner | None = None) -> list[Candidate]:
    """Everyone in the discipline (and whoever is involved), eligible first, each with its reasons."""
    roots = organisation_roots()
    treating_periods = _periods(treating, treating.affiliations.all(), roots)
    involved = Q(pk=treating.pk) | (Q(pk=referrer.pk) if referrer else Q(pk__in=[]))
    people = (
        Practitioner.objects.filter(Q(discipline__in=allowed_disciplines(treating)) | involved)
        .exclude(Q(user__is_active=False) & ~involved)  # a deactivated colleague is offered to nobody
        .select_related("organisation")
        .prefetch_related("affiliations", "interests")
        .order_by("name")
    )
    candidates = [
        Candidate(
            p,
            tuple(
                _reasons(
                    p,
                    treating,
                    referrer,
                    treating_periods,
                    list(p.affiliations.all()),
                    list(p.interests.all()),
                    roots,
                )
            ),
        )
        for p in people
    ]
    return sorted(candidates, key=lambda c: (not c.eligible, c.practitioner.name))


def consultation_reasons(colleague: Practitioner, treating: Practitioner) -> list[Text]:
    """R19 with R10 and R18: why `colleague` may not be the one the giver consults on this case. The
    colleague is "een andere collega" (seed 001): not the treating practitioner himself, nobody of his
    organisation in the same period, nobody who declared an interest in him or his organisation.
    Consulting any of them would tell the own practitioner's side of the case without the patient's
    consent to inform him (R18), and would make the opinion no longer independent (R10). Discipline
    and level are free: a dentist may ask a GP about the medical history."""
    connected = (NOT_TREATING, SAME_ORGANISATION, DECLARED_INTEREST)
    return [reason for reason in independence_reasons(colleague, treating) if reason in connected]
