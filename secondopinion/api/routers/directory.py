"""The directory over the API: organisations and practitioners (public directory data — names, AGB,
BIG, URA, discipline, specialism, organisation, place; no patient data, so no access-log event), for
any valid token; an administrator adds to it (`directory:write`, superusers only). And the eligible
givers of a case with every excluded candidate's reasons (R10, R11), for whoever assigns the giver,
logged as a read of the case.

These give an integrator the `organisation_id`, `treating_practitioner_id` and `giver_id` that
submitting a case and assigning its giver take."""

from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Query, Router
from ninja import Status as Reply

from secondopinion.api.auth import BearerToken, actor
from secondopinion.api.common import ERRORS, SOURCE, CaseId
from secondopinion.api.fields import MAX_ID, Answer, QueryText, Schema
from secondopinion.core.errors import InvalidInput, NotFound, NotPermitted
from secondopinion.core.text import Text
from secondopinion.directory.independence import OTHER_DISCIPLINE, Candidate
from secondopinion.directory.models import Discipline, Organisation, Practitioner
from secondopinion.directory.selectors import eligible_givers

router = Router(tags=["directory"])
OrganisationId = Annotated[int, Path(ge=1, le=MAX_ID)]
PractitionerId = Annotated[int, Path(ge=1, le=MAX_ID)]
ANY_TOKEN = BearerToken(any_scope=True)

ORGANISATION_NOT_FOUND = Text("Deze organisatie bestaat niet.", "This organisation does not exist.")
PRACTITIONER_NOT_FOUND = Text("Deze zorgverlener bestaat niet.", "This practitioner does not exist.")
ONLY_ADMINISTRATORS = Text(
    "Alleen een beheerder neemt organisaties en zorgverleners op in de registratie.",
    "Only an administrator adds organisations and practitioners to the directory.",
)


class OrganisationOut(Answer):
    id: int
    name: str
    kind: str
    agb_code: str
    ura_code: str | None
    city: str
    parent_id: int | None
    complaint_scheme: str
    street_address: str
    postcode: str
    phone: str
    email: str


class OrganisationPage(Answer):
    count: int
    items: list[OrganisationOut]


class PractitionerOut(Answer):
    id: int
    name: str
    discipline: str
    specialism: str
    agb_code: str
    big_number: str | None
    ont_member: bool
    organisation_id: int
    organisation: str
    city: str


class PractitionerPage(Answer):
    count: int
    items: list[PractitionerOut]


class OrganisationIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    kind: Organisation.Kind = Organisation.Kind.PRACTICE
    agb_code: str = Field(max_length=8)
    ura_code: str | None = Field(None, max_length=8)
    city: str = Field("", max_length=100)
    parent_id: int | None = Field(None, gt=0, le=MAX_ID)
    complaint_scheme: str = Field("", max_length=200)
    street_address: str = Field("", max_length=200)
    postcode: str = Field("", max_length=7)
    phone: str = Field("", max_length=30)
    email: str = Field("", max_length=254)


class PractitionerIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    discipline: Discipline
    agb_code: str = Field(max_length=8)
    organisation_id: int = Field(gt=0, le=MAX_ID)
    big_number: str | None = Field(None, max_length=11)
    specialism: str = Field("", max_length=100)
    ont_member: bool = False


class ReasonOut(Answer):
    rule_id: str
    text: str
    nl: str
    en: str


class CandidateOut(Answer):
    practitioner: PractitionerOut
    reasons: list[ReasonOut]


class EligibleGiversOut(Answer):
    case_id: int
    treating_practitioner_id: int
    eligible: list[PractitionerOut]
    excluded: list[CandidateOut]


def _organisation(org: Organisation) -> dict[str, Any]:
    return {
        "id": org.pk,
        "name": org.name,
        "kind": org.kind,
        "agb_code": org.agb_code,
        "ura_code": org.ura_code,
        "city": org.city,
        "parent_id": org.parent_id,
        "complaint_scheme": org.complaint_scheme,
        "street_address": org.street_address,
        "postcode": org.postcode,
        "phone": org.phone,
        "email": org.email,
    }


def _practitioner(p: Practitioner) -> dict[str, Any]:
    return {
        "id": p.pk,
        "name": p.name,
        "discipline": p.discipline,
        "specialism": p.specialism,
        "agb_code": p.agb_code,
        "big_number": p.big_number,
        "ont_member": p.ont_member,
        "organisation_id": p.organisation_id,
        "organisation": p.organisation.name,
        "city": p.organisation.city,
    }


def _page(rows: QuerySet[Any], limit: int, offset: int) -> tuple[int, list[Any]]:
    return rows.count(), list(rows[offset : offset + limit])


@router.get(
    "/organisations",
    auth=ANY_TOKEN,
    response={200: OrganisationPage, **ERRORS},
    operation_id="secondopinion_api_directory_organisation_list",
)
def organisation_list(
    request: HttpRequest,
    q: QueryText = Query("", max_length=200, description="Part of the name."),
    agb: QueryText = Query("", max_length=8),
    city: QueryText = Query("", max_length=100),
    limit: int = Query(50, ge=1, le=100),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> Any:
    """Organisations by name, AGB code and place, by name."""
    rows = Organisation.objects.all()
    if q.strip():
        rows = rows.filter(name__icontains=q.strip())
    if agb.strip():
        rows = rows.filter(agb_code=agb.strip())
    if city.strip():
        rows = rows.filter(city__iexact=city.strip())
    count, items = _page(rows.order_by("name", "pk"), limit, offset)
    return {"count": count, "items": [_organisation(o) for o in items]}


@router.get(
    "/organisations/{organisation_id}",
    auth=ANY_TOKEN,
    response={200: OrganisationOut, **ERRORS},
    operation_id="secondopinion_api_directory_organisation_read",
)
def organisation_read(request: HttpRequest, organisation_id: OrganisationId) -> Any:
    org = Organisation.objects.filter(pk=organisation_id).first()
    if org is None:
        raise NotFound(ORGANISATION_NOT_FOUND)
    return _organisation(org)


@router.get(
    "/practitioners",
    auth=ANY_TOKEN,
    response={200: PractitionerPage, **ERRORS},
    operation_id="secondopinion_api_directory_practitioner_list",
)
def practitioner_list(
    request: HttpRequest,
    q: QueryText = Query("", max_length=200, description="Part of the name."),
    agb: QueryText = Query("", max_length=8),
    discipline: Discipline | None = None,
    specialism: QueryText = Query("", max_length=100),
    city: QueryText = Query("", max_length=100, description="The place of the practitioner's organisation."),
    limit: int = Query(50, ge=1, le=100),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> Any:
    """Practitioners by name, AGB code, discipline, specialism and place, by name."""
    rows = Practitioner.objects.select_related("organisation")
    if q.strip():
        rows = rows.filter(name__icontains=q.strip())
    if agb.strip():
        rows = rows.filter(agb_code=agb.strip())
    if discipline is not None:
        rows = rows.filter(discipline=discipline.value)
    if specialism.strip():
        rows = rows.filter(specialism__iexact=specialism.strip())
    if city.strip():
        rows = rows.filter(organisation__city__iexact=city.strip())
    count, items = _page(rows.order_by("name", "pk"), limit, offset)
    return {"count": count, "items": [_practitioner(p) for p in items]}


@router.get(
    "/practitioners/{practitioner_id}",
    auth=ANY_TOKEN,
    response={200: PractitionerOut, **ERRORS},
    operation_id="secondopinion_api_directory_practitioner_read",
)
def practitioner_read(request: HttpRequest, practitioner_id: PractitionerId) -> Any:
    found = Practitioner.objects.select_related("organisation").filter(pk=practitioner_id).first()
    if found is None:
        raise NotFound(PRACTITIONER_NOT_FOUND)
    return _practitioner(found)


# --- the administrator adds to the directory --------------------------------------------------------


def _administrator(request: HttpRequest) -> None:
    if not actor(request).is_superuser:
        raise NotPermitted(ONLY_ADMINISTRATORS)


def _saved[M: (Organisation, Practitioner)](row: M, fields: dict[str, str]) -> M:
    """Validate and save, a refused field named as the API calls it."""
    try:
        row.full_clean(exclude=["user"])
        with transaction.atomic():
            row.save()
    except ValidationError as exc:
        name = next(iter(exc.message_dict))
        message = "; ".join(str(m) for m in exc.message_dict[name])
        raise InvalidInput(
            Text(
                f"Controleer {fields.get(name, name)}: {message}",
                f"Check {fields.get(name, name)}: {message}",
            ),
            field=fields.get(name, name),
        ) from exc
    except IntegrityError as exc:
        raise InvalidInput(
            Text("Deze code staat al in de registratie.", "This code is already in the directory."),
            field="agb_code",
        ) from exc
    return row


@router.post(
    "/organisations",
    auth=BearerToken("directory:write"),
    response={201: OrganisationOut, **ERRORS},
    operation_id="secondopinion_api_directory_organisation_create",
)
def organisation_create(request: HttpRequest, payload: OrganisationIn) -> Any:
    """An administrator adds an organisation (AGB and URA checked as on import)."""
    _administrator(request)
    parent = None
    if payload.parent_id is not None:
        parent = Organisation.objects.filter(pk=payload.parent_id).first()
        if parent is None:
            raise InvalidInput(Text("Onbekende organisatie.", "Unknown organisation."), field="parent_id")
    org = Organisation(
        name=payload.name.strip(),
        kind=payload.kind.value,
        agb_code=payload.agb_code.strip(),
        ura_code=(payload.ura_code or "").strip() or None,
        city=payload.city.strip(),
        parent=parent,
        complaint_scheme=payload.complaint_scheme.strip(),
        street_address=payload.street_address.strip(),
        postcode=payload.postcode.strip().upper(),
        phone=payload.phone.strip(),
        email=payload.email.strip(),
    )
    return Reply(201, _organisation(_saved(org, {"parent": "parent_id"})))


@router.post(
    "/practitioners",
    auth=BearerToken("directory:write"),
    response={201: PractitionerOut, **ERRORS},
    operation_id="secondopinion_api_directory_practitioner_create",
)
def practitioner_create(request: HttpRequest, payload: PractitionerIn) -> Any:
    """An administrator adds a practitioner (AGB and BIG checked as on import)."""
    _administrator(request)
    org = Organisation.objects.filter(pk=payload.organisation_id).first()
    if org is None:
        raise InvalidInput(Text("Onbekende organisatie.", "Unknown organisation."), field="organisation_id")
    row = Practitioner(
        name=payload.name.strip(),
        discipline=payload.discipline.value,
        agb_code=payload.agb_code.strip(),
        organisation=org,
        big_number=(payload.big_number or "").strip() or None,
        specialism=payload.specialism.strip(),
        ont_member=payload.ont_member,
    )
    return Reply(201, _practitioner(_saved(row, {"organisation": "organisation_id"})))


# --- the eligible givers of a case ------------------------------------------------------------------


def _reasons(candidate: Candidate, treating: Practitioner) -> list[dict[str, str]]:
    return [
        {
            "rule_id": "R11" if reason == OTHER_DISCIPLINE and treating.discipline == "denturist" else "R10",
            "text": str(reason),
            "nl": reason.nl,
            "en": reason.en,
        }
        for reason in candidate.reasons
    ]


@router.get(
    "/cases/{case_id}/eligible-givers",
    auth=BearerToken("cases:read"),
    response={200: EligibleGiversOut, **ERRORS},
    tags=["cases"],
    operation_id="secondopinion_api_directory_eligible_givers",
)
def eligible_givers_list(request: HttpRequest, case_id: CaseId) -> Any:
    """R10, R11: who may give this second opinion (a `giver_id` for the assign step), and every
    excluded candidate with the reasons — for whoever assigns the giver; logged as a read of the case."""
    case, candidates = eligible_givers(user=actor(request), case_id=case_id, source=SOURCE)
    treating = case.treating_practitioner
    return {
        "case_id": case.pk,
        "treating_practitioner_id": treating.pk,
        "eligible": [_practitioner(c.practitioner) for c in candidates if c.eligible],
        "excluded": [
            {"practitioner": _practitioner(c.practitioner), "reasons": _reasons(c, treating)}
            for c in candidates
            if not c.eligible
        ],
    }
