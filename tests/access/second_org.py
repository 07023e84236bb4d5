"""A second organisation beside the access world (tests/access/world.py), for the sweep of foreign ids
(tests/access/test_sweep.py).

Each organisation is a `Side`: the objects a URL can name by id (cases, the representation, consents,
a data request and its upload links, documents, the sealed report and its sendings, a message, a
complaint, billing lines, a collegial notice) and the people who work there or are its patients
(`Actor`). The first organisation is the world's "own" side (the giving practice Mondzorg Centrum
Oost and everyone around Petra's cases) with what the world lacks added; the second is built here
from nothing: Tandheelkunde Noord, its patient Bram Bosman with a representative, its coordinator,
giver and complaints officer, and Bram's own dentist at a practice of his own.

`fingerprint()` is one query over the main tables, so a test can show that a refused request wrote
nothing (the access log and a log of refused attempts may grow; they are not in it).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.utils import timezone

from secondopinion.accounts.models import User
from secondopinion.aftercare.models import Complaint, Evaluation, Message
from secondopinion.aftercare.services import complaint_file, message_send
from secondopinion.api.models import ApiToken
from secondopinion.billing.models import BillingLine
from secondopinion.billing.services import billing_add_line
from secondopinion.cases.models import SecondOpinionCase, StatusChange
from secondopinion.cases.services import case_submit
from secondopinion.consent.models import Consent
from secondopinion.consent.services import consent_record
from secondopinion.directory.models import IndependenceDeclaration, Patient, Practitioner, Representative
from secondopinion.distribution.models import Sending
from secondopinion.documents.models import Document
from secondopinion.records.data_requests import data_request_create, data_request_decline
from secondopinion.records.models import ColleagueConsultation, DataRequest, TreatmentPlan
from secondopinion.reports.models import Addendum, CollegialNotice, Report
from secondopinion.reports.notices import collegial_notice_send
from tests.access.world import ROWS, STATES, World, _record_supplied, related, walk
from tests.conftest import submit_input
from tests.factories import (
    OrganisationFactory,
    PatientFactory,
    PractitionerFactory,
    StaffFactory,
    UserFactory,
)

SECOND_PATIENT = "Bram Bosman"
# The states the second organisation has a case in: enough for every operation to meet a case on
# which, without its access check, it would do something (a step from submitted, records requested
# during the examination, the sealed report); an operation meant for another state is tried on the
# nearest earlier one, where a missing check still shows as 409 or 422 instead of 404.
SECOND_STATES = ("submitted", "in_examination", "report_final")
DATA_REQUEST_EMAIL = "behandelaar@example.nl"


@dataclass
class Side:
    """One organisation's objects that a URL can name, by kind."""

    label: str
    organisation_id: int
    cases: dict[str, SecondOpinionCase]
    giver: Practitioner
    patient: Patient
    representative_id: int
    consent_id: int  # the consent to request records, on the final case
    document_id: int  # a record the treating practitioner supplied, on the final case
    request_id: int  # an open data request on the case in examination
    upload_token: str  # its link's token
    closed_upload_token: str  # the token of a request the treating practitioner declined
    complaint_id: int
    message_id: int
    billing_line_id: int
    sending_id: int
    report_id: int
    notice_id: int
    # What must never appear in an answer to someone of the other organisation.
    secrets: tuple[str, ...] = ()

    def case(self, state: str) -> SecondOpinionCase:
        """The side's case in `state`, or in the nearest earlier state it has."""
        index = STATES.index(state) if state in STATES else len(STATES) - 1
        for candidate in reversed(STATES[: index + 1]):
            if candidate in self.cases:
                return self.cases[candidate]
        return self.cases[min(self.cases, key=STATES.index)]


@dataclass
class Actor:
    """Someone who tries the other organisation's ids: their user, API token and logged-in client,
    and their own case in a state (None where they have no relation to one)."""

    name: str
    user: User
    token: str
    home: Callable[[str], SecondOpinionCase | None]
    client: Client = field(init=False)

    def __post_init__(self) -> None:
        self.client = Client(secure=True)
        self.client.force_login(self.user)


@dataclass
class Organisation:
    side: Side
    actors: dict[str, Actor]


def _token(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[-1]


def _data_requests(
    case: SecondOpinionCase, *, patient: User, giver: User, treating: User
) -> tuple[int, str, str]:
    """R16: the patient consents to requesting records; the giver asks twice, the treating practitioner
    declines the first. The open request's id and token, and the declined one's token."""
    consent_record(actor=patient, case_id=case.pk, purpose="request_records", method="in_app", source="web")

    def ask():
        return data_request_create(
            actor=giver, case_id=case.pk, kinds=["xrays"], note="", email=DATA_REQUEST_EMAIL, source="web"
        )

    declined = ask()
    data_request_decline(actor=treating, request_id=declined.request.pk, reason="Niet bekend.", source="web")
    open_request = ask()
    return open_request.request.pk, _token(open_request.link), _token(declined.link)


def _aftercare(
    case: SecondOpinionCase, *, patient: User, coordinator: User, label: str
) -> tuple[int, int, int]:
    """A message and a complaint from the patient, and an X-ray billed by the coordinator (R25, R28)."""
    message = message_send(
        actor=patient, case_id=case.pk, body=f"Wanneer hoor ik iets van {label}?", source="web"
    )
    complaint = complaint_file(
        actor=patient, case_id=case.pk, text=f"Bij {label} legde niemand de kosten uit.", source="web"
    )
    line = billing_add_line(
        actor=coordinator, case_id=case.pk, code="X10", quantity=1, date=timezone.localdate(), source="web"
    )
    return message.pk, complaint.pk, line.pk


def _side(
    label: str,
    cases: dict[str, SecondOpinionCase],
    *,
    giver: Practitioner,
    representative_id: int,
    consent_id: int,
    document_id: int,
    data_requests: tuple[int, str, str],
    aftercare: tuple[int, int, int],
) -> Side:
    final = cases["report_final"]
    patient = final.patient
    sending = Sending.objects.filter(case=final).order_by("pk").first()
    notice = CollegialNotice.objects.filter(case=final).order_by("pk").first()
    assert sending is not None, "the final report went to its recipients (R23)"
    assert notice is not None, "the giver sent a collegial notice (R6)"
    request_id, token, closed = data_requests
    message_id, complaint_id, line_id = aftercare
    return Side(
        label=label,
        organisation_id=final.organisation_id,
        cases=cases,
        giver=giver,
        patient=patient,
        representative_id=representative_id,
        consent_id=consent_id,
        document_id=document_id,
        request_id=request_id,
        upload_token=token,
        closed_upload_token=closed,
        complaint_id=complaint_id,
        message_id=message_id,
        billing_line_id=line_id,
        sending_id=sending.pk,
        report_id=final.report.pk,
        notice_id=notice.pk,
        secrets=(
            patient.name,
            patient.bsn,
            str(Representative.objects.get(pk=representative_id).user),
            *(case.reference for case in cases.values()),
        ),
    )


def first_organisation(world: World) -> Organisation:
    """The world's own side, with the data requests, message, complaint and billing line it lacks, and
    every row of the matrix (tests/access/world.py: ROWS) as an actor."""
    cast = world.cast
    data_requests = _data_requests(
        world.case("own", "in_examination"),
        patient=cast.patient_user,
        giver=cast.giver_user,
        treating=cast.treating_user,
    )
    final = world.case("own", "report_final")
    aftercare = _aftercare(final, patient=cast.patient_user, coordinator=cast.coordinator, label="Oost")
    side = _side(
        "first",
        {state: world.case("own", state) for state in STATES},
        giver=cast.giver,
        representative_id=Representative.objects.get(user=cast.representative, patient=cast.patient).pk,
        consent_id=world.consents["own"],
        document_id=world.documents["own"],
        data_requests=data_requests,
        aftercare=aftercare,
    )

    def home_of(row_name: str) -> Callable[[str], SecondOpinionCase | None]:
        row = ROWS[row_name]

        def home(state: str) -> SecondOpinionCase | None:
            return world.case(world.side_of(row, "own"), state) if related(row, "own", state) else None

        return home

    actors = {
        name: Actor(name, world.users[row.user], world.tokens[row.user], home_of(name))
        for name, row in ROWS.items()
    }
    return Organisation(side, actors)


# From which state on each person of the second organisation is related to its cases (as in
# tests/access/world.py: the giver from assignment, the treating practitioner once the patient's
# consent to inform him is in force, recorded with the explanation).
SECOND_RELATED_FROM = {
    "patient": "submitted",
    "representative": "submitted",
    "coordinator": "submitted",
    "complaints-officer": "submitted",
    "giver": "assigned",
    "treating": "informed",
}


def second_organisation(world: World) -> Organisation:
    """Tandheelkunde Noord beside the world: Bram's request, made by his representative, in the states
    of SECOND_STATES, with everything the first organisation has."""
    cast = world.cast
    noord = OrganisationFactory(
        name="Tandheelkunde Noord", city="Groningen", complaint_scheme="Klachtenregeling Noord"
    )
    wad = OrganisationFactory(name="Tandartspraktijk Het Wad", city="Delfzijl")
    users = {
        "patient": UserFactory(username="bram"),
        "representative": UserFactory(username="vertegenwoordiger-noord"),
        "coordinator": StaffFactory(organisation=noord, user=UserFactory(username="coordinator-noord")).user,
        "complaints-officer": StaffFactory(
            organisation=noord, function="complaints_officer", user=UserFactory(username="klachten-noord")
        ).user,
        "giver": UserFactory(username="gever-noord"),
        "treating": UserFactory(username="tandarts-wad"),
    }
    patient = PatientFactory(user=users["patient"], name=SECOND_PATIENT)
    representation = Representative.objects.create(
        user=users["representative"],
        patient=patient,
        relation="parent",
        consent_given_at=timezone.now(),
        consent_method="in_app",
    )
    giver = PractitionerFactory(user=users["giver"], organisation=noord, name="Gever Noord")
    treating = PractitionerFactory(user=users["treating"], organisation=wad, name="Tandarts Wad")
    data = submit_input(
        cast,
        patient_id=patient.pk,
        organisation_id=noord.pk,
        treating_practitioner_id=treating.pk,
        requester_kind="representative",
    )
    cases: dict[str, SecondOpinionCase] = {}
    for state in SECOND_STATES:
        case = case_submit(actor=users["representative"], data=data, source="web")
        if STATES.index(state) >= STATES.index("informed"):
            case = walk(case, "informed", coordinator=users["coordinator"], giver=giver)
            consent_record(
                actor=users["patient"],
                case_id=case.pk,
                purpose="inform_own_practitioner",
                method="in_app",
                source="web",
            )
        cases[state] = walk(case, state, coordinator=users["coordinator"], giver=giver)
    data_requests = _data_requests(
        cases["in_examination"], patient=users["patient"], giver=users["giver"], treating=users["treating"]
    )
    final = cases["report_final"]
    consent_id = consent_record(
        actor=users["patient"], case_id=final.pk, purpose="request_records", method="in_app", source="web"
    ).pk
    document_id = _record_supplied(final, treating)
    collegial_notice_send(
        actor=users["giver"],
        case_id=final.pk,
        text="Collegiale melding: let op de brug van 46.",
        source="web",
    )
    aftercare = _aftercare(final, patient=users["patient"], coordinator=users["coordinator"], label="Noord")
    side = _side(
        "second",
        cases,
        giver=giver,
        representative_id=representation.pk,
        consent_id=consent_id,
        document_id=document_id,
        data_requests=data_requests,
        aftercare=aftercare,
    )

    def home_of(name: str) -> Callable[[str], SecondOpinionCase | None]:
        def home(state: str) -> SecondOpinionCase | None:
            if STATES.index(side.case(state).status) < STATES.index(SECOND_RELATED_FROM[name]):
                return None
            return side.case(state)

        return home

    actors = {
        name: Actor(name, user, ApiToken.issue(user=user, name="sweep")[1], home_of(name))
        for name, user in users.items()
    }
    return Organisation(side, actors)


def upload(name: str = "rontgen.png") -> SimpleUploadedFile:
    from tests.documents.files import png

    return SimpleUploadedFile(name, png(), "image/png")


# The main tables, and per table what changes when a row is written: its count, and where rows are
# changed in place, the columns a change moves. The access log is not here: it may grow.
WATCHED: tuple[tuple[type, tuple[str, ...]], ...] = (
    (SecondOpinionCase, ("sum:version", "max:updated_at")),
    (StatusChange, ()),
    (Consent, ("count:revoked_at",)),
    (Document, ()),
    (DataRequest, ("count:closed_at",)),
    (Representative, ("max:consent_given_at", "count:consent_revoked_at", "max:consent_revoked_at")),
    (Message, ()),
    (Complaint, ("count:decided_at",)),
    (Evaluation, ()),
    (BillingLine, ()),
    (Sending, ("count:withdrawn_at",)),
    (Report, ("max:updated_at",)),
    (Addendum, ()),
    (CollegialNotice, ()),
    (ColleagueConsultation, ()),
    (TreatmentPlan, ()),
    (IndependenceDeclaration, ()),
)


def _fingerprint_sql() -> tuple[str, list[str]]:
    quote = connection.ops.quote_name
    columns, labels = [], []
    for model, extras in WATCHED:
        table = quote(model._meta.db_table)
        for spec in ("count:*", *extras):
            func, column = spec.split(":")
            target = "*" if column == "*" else quote(model._meta.get_field(column).column)
            columns.append(f"(SELECT {func.upper()}({target}) FROM {table})")  # noqa: S608 (model names only)
            labels.append(f"{model._meta.label}.{spec}")
    return "SELECT " + ", ".join(columns), labels


def fingerprint() -> dict[str, object]:
    """Counts and change markers of the main tables, in one query."""
    sql, labels = _fingerprint_sql()
    with connection.cursor() as cursor:
        cursor.execute(sql)
        row = cursor.fetchone()
    return dict(zip(labels, row, strict=True))
