"""R23 made concrete: who of the people in a case receives the written report, and on what basis.

The protocol's `Distribution` says which *parts* receive it (the requester, the treating practitioner,
the GP or specialist); this module maps those parts onto the people of one case, pure and ORM-free,
so every combination of protocol, referral and consent is tested in microseconds. Each addressee
names the rule (R23) and the basis: a role (`role:<part>`), or the consent it stands on
(`consent:<purpose>`, read from the ledger at this moment, R18).
"""

from dataclasses import dataclass

from secondopinion.protocols.engine import GP_OR_SPECIALIST, TREATING_PRACTITIONER, Distribution

# The kinds of recipient a sending records.
REQUESTER = "requester"
PATIENT = "patient"
REPRESENTATIVE = "representative"
TREATING = "treating_practitioner"
REFERRER = "referrer"
GP = "gp"
SPECIALIST = "specialist"
RECIPIENT_KINDS = (REQUESTER, PATIENT, REPRESENTATIVE, TREATING, REFERRER, GP, SPECIALIST)

# The requester's kind (vocabulary.REQUESTER_KINDS) as a recipient kind.
_REQUESTER_AS = {"patient": PATIENT, "representative": REPRESENTATIVE, "referrer": REFERRER}

RULE = "R23"


@dataclass(frozen=True, slots=True)
class Person:
    """Someone in the case who can receive the report. `key` tells people apart ("user:7"), so one
    person never receives the report twice; `discipline` tells a GP from a specialist."""

    key: str
    discipline: str = ""


@dataclass(frozen=True, slots=True)
class Addressee:
    person: Person
    kind: str
    rule_id: str
    basis: str

    @property
    def consent_purpose(self) -> str:
        return self.basis.removeprefix("consent:") if self.basis.startswith("consent:") else ""


def addressees(
    distribution: Distribution,
    *,
    requester_kind: str,
    requester: Person | None,
    patient: Person | None,
    treating: Person | None,
    referrer: Person | None,
    consents_in_force: frozenset[str],
) -> tuple[Addressee, ...]:
    """Who receives the report, most specific basis first, each person once.

    The requester always (R23, 000/001/002), and the patient whose report it is; the treating
    practitioner when he referred or asked himself, and otherwise only while the patient's consent
    for the protocol's purpose is in force (R18); on a practitioner's own initiative the GP or
    specialist (003); a referrer who is not the treating practitioner is informed as the one who
    referred. A part without a person (nobody known, or no account to reach) is left out.
    """
    referred = referrer is not None and treating is not None and referrer.key == treating.key
    parts = distribution.recipients(
        requester_kind=requester_kind, referred_by_treating=referred, consents_in_force=consents_in_force
    )
    out: list[Addressee] = []
    seen: set[str] = set()

    def add(person: Person | None, kind: str, basis: str) -> None:
        if person is not None and person.key not in seen:
            seen.add(person.key)
            out.append(Addressee(person, kind, RULE, basis))

    add(requester, _REQUESTER_AS.get(requester_kind, REQUESTER), f"role:{REQUESTER}")
    add(patient, PATIENT, f"role:{PATIENT}")
    if GP_OR_SPECIALIST in parts and requester_kind == "practitioner":
        for person in (referrer, treating):
            if person is not None:
                add(person, GP if person.discipline == "gp" else SPECIALIST, "role:gp_or_specialist")
    if TREATING_PRACTITIONER in parts:
        if requester_kind == "practitioner":
            add(treating, TREATING, "role:practitioner_initiated")
        elif referred:
            add(treating, TREATING, f"role:{REFERRER}")
        elif distribution.consent_purpose in consents_in_force:
            add(treating, TREATING, f"consent:{distribution.consent_purpose}")
    add(referrer, REFERRER, f"role:{REFERRER}")
    return tuple(out)
