"""R8 and the WGBO's age rules (Burgerlijk Wetboek 7:450, 7:465): the one place that decides when a
representation (directory.models.Representative) is in force, i.e. when its representative may act
for the patient.

- A relation other than parent or guardian acts only with the patient's consent, at any age.
- A parent or guardian (PARENTAL) of a child under 12 acts once staff verified the parental authority
  (ouderlijk gezag) or guardianship; the child is not asked for consent.
- From 12 to 15 the parent or guardian acts with both: the child's consent and the verified authority.
- From 16 the young person decides alone: the patient's consent, as for an adult; a verification of
  authority no longer counts. On the 16th birthday a parent who acted on authority alone stops
  acting, with no job to run: every read compares the birth date with today.

The age is expressed over the patient's date of birth, never stored on the representation (a corrected
date of birth cannot leave a stale copy behind): `in_force_q` computes the 12th- and 16th-birthday
cut-offs in Python for the given day (`turned`) and filters `patient__date_of_birth` with them, so a
query keeps its number of reads (one join to the patient, in the same query). `in_force` answers the
same for a loaded row; it reads the patient only for a parent or guardian (select_related("patient")
where that matters for the query count).

A child born on 29 February turns 12 (or 16) on 1 March in a year without 29 February.
"""

import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Case, CharField, Q, Value, When
from django.db.models.functions import Cast, Concat
from django.utils import timezone

if TYPE_CHECKING:
    from secondopinion.accounts.models import User
    from secondopinion.directory.models import Representative

PARENT = "parent"
GUARDIAN = "guardian"
PARENTAL = (PARENT, GUARDIAN)
AUTHORITY_ALONE_UNTIL = 12  # under 12 the verified authority alone suffices
DECIDES_ALONE_FROM = 16  # from 16 the patient's own consent, as an adult

# The basis on which a representation in force rests (API and FHIR show it).
PATIENT_CONSENT = "patient_consent"
PARENTAL_AUTHORITY = "parental_authority"
BOTH = "both"

# The patient's age band, as the pages and the rule R8 explain it.
CHILD = "child"  # under 12
YOUNG = "young"  # 12 to 15
ADULT = "adult"  # 16 and older


def turned(years: int, today: datetime.date) -> datetime.date:
    """The latest date of birth of someone who is `years` old or older on `today` (born on or before
    it). Someone born on 29 February has the birthday on 1 March in other years, so on 28 February of
    such a year the cut-off is 28 February (29 February is not yet old enough)."""
    year = today.year - years
    try:
        return today.replace(year=year)
    except ValueError:  # today is 29 February and `year` has none
        return datetime.date(year, 2, 28)


def other_relations() -> list[str]:
    from secondopinion.directory.models import Representative

    return [value for value in Representative.Relation.values if value not in PARENTAL]


def today_here() -> datetime.date:
    return timezone.localdate()


def age_band(date_of_birth: datetime.date, today: datetime.date | None = None) -> str:
    today = today or today_here()
    if date_of_birth > turned(AUTHORITY_ALONE_UNTIL, today):
        return CHILD
    if date_of_birth > turned(DECIDES_ALONE_FROM, today):
        return YOUNG
    return ADULT


def consent_q(prefix: str = "") -> Q:
    """The patient's consent to the representation is given and not revoked."""
    return Q(**{f"{prefix}consent_given_at__isnull": False, f"{prefix}consent_revoked_at__isnull": True})


def authority_q(prefix: str = "") -> Q:
    """A parent or guardian whose authority staff verified, not withdrawn."""
    return Q(
        **{
            f"{prefix}relation__in": PARENTAL,
            f"{prefix}authority_verified_at__isnull": False,
            f"{prefix}authority_revoked_at__isnull": True,
        }
    )


def in_force_q(today: datetime.date | None = None, prefix: str = "") -> Q:
    """The filter of representations in force on `today` (default: today here). `prefix` is the path
    to the representation from the queried model, e.g. "representations__" from a user."""
    today = today or today_here()
    born = f"{prefix}patient__date_of_birth"
    twelve, sixteen = turned(AUTHORITY_ALONE_UNTIL, today), turned(DECIDES_ALONE_FROM, today)
    # Spelled as the other relations, not negated: negating across a multi-valued path (a user's
    # representations) would become a subquery of its own.
    not_parental = Q(**{f"{prefix}relation__in": other_relations()})
    return (
        consent_q(prefix) & (not_parental | Q(**{f"{born}__lte": sixteen}))
        | consent_q(prefix) & authority_q(prefix) & Q(**{f"{born}__lte": twelve, f"{born}__gt": sixteen})
        | authority_q(prefix) & Q(**{f"{born}__gt": twelve})
    )


def facts_expression(prefix: str = "") -> Concat:
    """The facts the rule needs of one representation, as text in the query that reads it:
    "relation|consent|authority|date of birth" (consent and authority "1" or "0"). For queries compiled
    once and run with new values (core/prepared.py), whose SQL may not depend on today's date: the
    date is compared in Python (in_force_from_facts)."""
    born = f"{prefix}patient__date_of_birth"

    def flag(condition: Q) -> Case:
        return Case(When(condition, then=Value("1")), default=Value("0"), output_field=CharField())

    return Concat(
        Cast(f"{prefix}relation", CharField()),
        Value("|"),
        flag(consent_q(prefix)),
        Value("|"),
        flag(authority_q(prefix)),
        Value("|"),
        Cast(born, CharField()),
        output_field=CharField(),
    )


def basis_from_facts(facts: str | None, today: datetime.date | None = None) -> str | None:
    """basis() for the text facts_expression gave; None for no representation (None or "")."""
    if not facts:
        return None
    relation, consent, authority, born = facts.split("|", 3)
    return rests_on(relation, consent == "1", authority == "1", datetime.date.fromisoformat(born[:10]), today)


def in_force_from_facts(facts: str | None, today: datetime.date | None = None) -> bool:
    return basis_from_facts(facts, today) is not None


def rests_on(
    relation: str, consent: bool, authority: bool, date_of_birth: datetime.date, today: datetime.date | None
) -> str | None:
    """The rule itself (the module's docstring), for the facts of one representation: its basis when
    in force, else None. `authority` counts only for a parent or guardian."""
    if relation not in PARENTAL:
        return PATIENT_CONSENT if consent else None
    band = age_band(date_of_birth, today)
    if band == ADULT:
        return PATIENT_CONSENT if consent else None
    if band == CHILD:
        return PARENTAL_AUTHORITY if authority else None
    return BOTH if consent and authority else None


def authority_verified(row: "Representative") -> bool:
    return (
        row.relation in PARENTAL
        and row.authority_verified_at is not None
        and row.authority_revoked_at is None
    )


def basis(row: "Representative", today: datetime.date | None = None) -> str | None:
    """What the loaded representation in force rests on (PATIENT_CONSENT, PARENTAL_AUTHORITY or BOTH);
    None when it is not in force. Reads the patient only for a parent or guardian."""
    consent = row.consent_given
    if row.relation not in PARENTAL:
        return PATIENT_CONSENT if consent else None
    return rests_on(row.relation, consent, authority_verified(row), row.patient.date_of_birth, today)


def in_force(row: "Representative", today: datetime.date | None = None) -> bool:
    """The loaded representation is in force on `today` (the same rule as in_force_q)."""
    return basis(row, today) is not None


def still_needed(row: "Representative", today: datetime.date | None = None) -> list[str]:
    """What the representation lacks before it is in force: "consent" (the patient's) and/or
    "authority" (staff's verification of the parental authority); empty when in force."""
    if in_force(row, today):
        return []
    if row.relation not in PARENTAL:
        return ["consent"]
    band = age_band(row.patient.date_of_birth, today)
    if band == ADULT:
        return ["consent"]
    if band == CHILD:
        return ["authority"]
    return [
        need
        for need, has in (("consent", row.consent_given), ("authority", authority_verified(row)))
        if not has
    ]


def describe(row: "Representative", today: datetime.date | None = None) -> dict[str, Any]:
    """The facts a page or answer shows: in force, basis, the patient's age band (for a parent or
    guardian, else None), what is still needed, whether the authority is verified."""
    parental = row.relation in PARENTAL
    return {
        "in_force": in_force(row, today),
        "basis": basis(row, today),
        "band": age_band(row.patient.date_of_birth, today) if parental else None,
        "needs": still_needed(row, today),
        "authority_verified": authority_verified(row),
    }


def facts_of(user_id: int, patient_id: int) -> str | None:
    """The facts (facts_expression) of the user's representation of the patient, in one read."""
    from secondopinion.directory.models import Representative

    return (
        Representative.objects.filter(user_id=user_id, patient_id=patient_id)
        .values_list(facts_expression(), flat=True)
        .first()
    )


def parental_facts(facts: str | None, today: datetime.date | None = None) -> tuple[str, bool, bool]:
    """For a parent or guardian: (the patient's age band, the patient's consent, the verified
    authority); ("", False, False) for anyone else or no representation. R8 explains with these."""
    if not facts:
        return "", False, False
    relation, consent, authority, born = facts.split("|", 3)
    if relation not in PARENTAL:
        return "", False, False
    return age_band(datetime.date.fromisoformat(born[:10]), today), consent == "1", authority == "1"


def authority_verifier_role(actor: "User", representation: "Representative") -> str:
    """Who records or withdraws the verification of a parent's authority (R8, seed 004: the practice
    verifies the representative): the coordinator of an organisation where the patient has a case,
    as for a consent signed on paper (directory/services.py). The patient and the representative
    himself are refused (NotPermitted); anyone else, a coordinator of another organisation too,
    learns nothing (NotFound)."""
    from secondopinion.access.policy import coordinator_organisations
    from secondopinion.cases.models import SecondOpinionCase
    from secondopinion.core.errors import REPRESENTATION_NOT_FOUND, NotFound, NotPermitted
    from secondopinion.core.roles import Role
    from secondopinion.core.text import Text

    organisations = coordinator_organisations(actor) if actor.is_authenticated and actor.is_active else set()
    if (
        organisations
        and SecondOpinionCase.objects.filter(
            patient_id=representation.patient_id, organisation_id__in=organisations
        ).exists()
    ):
        return Role.COORDINATOR
    patient = getattr(actor, "patient", None)
    if representation.user_id == actor.pk or (
        patient is not None and patient.pk == representation.patient_id
    ):
        raise NotPermitted(
            Text(
                "Alleen de praktijk legt vast dat zij het ouderlijk gezag heeft gecontroleerd.",
                "Only the practice records that it has checked the parental authority.",
            )
        )
    raise NotFound(REPRESENTATION_NOT_FOUND)


def basis_for(user: "User", patient_id: int) -> str | None:
    """What the user's representation of the patient rests on today, as read with the user's identity
    (access/identity.py: no query of its own); None when the user does not act for the patient."""
    from secondopinion.access.identity import identify

    identify(user)
    return (getattr(user, "_tm_bases", None) or {}).get(patient_id)
