"""Reading the access log: the patient's right to know who looked at their file (NEN 7513).

Only the patient, or a representative whose consent is in force (R8), reads a patient's log; anyone
else gets NotFound. Reading the log is itself an access and is logged as one.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery

from secondopinion.access.policy import represents
from secondopinion.accounts.models import User
from secondopinion.audit import grounds, kinds
from secondopinion.audit.models import AccessEvent
from secondopinion.audit.services import access_record
from secondopinion.core.errors import InvalidInput, NotFound, NotPermitted
from secondopinion.core.ids import id_from
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.directory.models import Patient, Practitioner, StaffMember

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
LOG_NOT_FOUND = Text(
    "Dit overzicht bestaat niet of u heeft er geen toegang toe.",
    "This overview does not exist or you have no access to it.",
)

ACTION_LABELS: dict[str, Text] = {
    "read": Text("ingezien", "read"),
    "create": Text("aangemaakt", "created"),
    "update": Text("gewijzigd", "updated"),
    "print": Text("afgedrukt", "printed"),
    "export": Text("geëxporteerd", "exported"),
    "search": Text("gezocht", "searched"),
    "send": Text("verstuurd", "sent"),
}

NO_ORGANISATION = "—"
OPEN_START, OPEN_END = dt.date(1900, 1, 1), dt.date(9998, 12, 31)


def data_label(data: str) -> Text:
    """`case:inform` → "uw aanvraag: uitleg en afspraken vastleggen"; never the stored machine name. In
    the patient's words: what stays between colleagues (R6) reads as data of her second opinion."""
    return kinds.for_patient(data)[1]


def role_label(role: str) -> Text:
    return grounds.role_label(role)


def basis_label(basis: str) -> Text:
    """The ground for the access: a role towards the case, or a consent; no rule id, no consent number."""
    return grounds.basis_label(basis)


def action_label(action: str) -> Text:
    return ACTION_LABELS.get(action, Text("iets gedaan", "did something"))


@dataclass(frozen=True)
class AccessRow:
    """One line of the overview: who, from where, in what role, did what with which data of which case,
    and why. `data_name` and `basis_name` are the stored names as this reader may see them (the
    patient's view hides what stays between colleagues, R6)."""

    event: AccessEvent
    organisation: str
    person: str
    role: Text
    data: Text
    action: Text
    basis: Text
    data_name: str
    basis_name: str

    @property
    def at(self) -> dt.datetime:
        return self.event.at.astimezone(AMSTERDAM)

    @property
    def emergency(self) -> bool:
        return self.event.emergency

    @property
    def case_reference(self) -> str:
        """The case the access concerned ("TM-2026-00007"), or "" for one that concerned no single case
        (a list, the log itself). The events come with their case in the same query (select_related)."""
        case = self.event.case if self.event.case_id is not None else None
        return case.reference if case is not None else ""


def _reader_role(user: User, patient_id: int) -> Role | None:
    patient = getattr(user, "patient", None)
    if patient is not None and patient.pk == patient_id:
        return Role.PATIENT
    if represents(user, patient_id):
        return Role.REPRESENTATIVE
    return None


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=AMSTERDAM)


def _within(
    events: QuerySet[AccessEvent], start: dt.date | None, end: dt.date | None
) -> QuerySet[AccessEvent]:
    """The events between two dates, inclusive, in Amsterdam time; a start after the end is refused."""
    if start is not None and end is not None and start > end:
        raise InvalidInput(
            Text("De begindatum ligt na de einddatum.", "The start date is after the end date."), field="from"
        )
    # A bound beyond what a clock can hold bounds nothing (and cannot be converted to UTC).
    if start is not None and start > OPEN_START:
        events = events.filter(at__gte=_day_start(start))
    if end is not None and end < OPEN_END:
        events = events.filter(at__lt=_day_start(end + dt.timedelta(days=1)))
    return events


def access_events_for_patient(
    *,
    user: User,
    patient_id: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
    source: str = "web",
    include_own: bool = True,
) -> QuerySet[AccessEvent]:
    """Every access to this patient's data, newest first, between two dates (inclusive, Amsterdam time),
    without the reader's own when `include_own` is false. Only the patient and a representative with
    consent in force may read it; this read is logged."""
    if not user.is_authenticated or not user.is_active:
        raise NotFound(LOG_NOT_FOUND)
    role = _reader_role(user, patient_id)
    patient = Patient.objects.filter(pk=patient_id).first() if role is not None else None
    if role is None or patient is None:
        raise NotFound(LOG_NOT_FOUND)
    events = _within(AccessEvent.objects.filter(patient_id=patient_id), start, end)
    if not include_own:
        events = events.exclude(actor_id=user.pk)
    access_record(
        actor=user,
        action="read",
        data=kinds.DataKind.ACCESS_LOG,
        source=source,
        role=role,
        basis=role if role == Role.PATIENT else "consent",
        patient=patient,
        on_behalf_of=patient.name if role == Role.REPRESENTATIVE else "",
    )
    return events.select_related("actor", "case").order_by("-at", "-id")


def _pick_organisation(names: dict[int, str], preferred: int | None) -> str:
    if preferred is not None and preferred in names:
        return names[preferred]
    return next(iter(names.values()), NO_ORGANISATION)


def _data_and_basis(event: AccessEvent, exact: bool) -> tuple[str, Text, str, Text]:
    """The data and the basis of an event, as names and words. `exact`: as stored (staff reviewing the
    log); else as the patient and her representative read them: what passes between the giver and the
    own practitioner (R6) reads as data of her second opinion, taken in the reader's role (the basis
    "addressee" would name the message)."""
    if exact or not kinds.between_colleagues(event.data):
        return event.data, kinds.label(event.data), event.basis, basis_label(event.basis)
    name, words = kinds.for_patient(event.data)
    return name, words, event.role, basis_label(event.role)


def access_rows(events: Iterable[AccessEvent], *, exact: bool = False) -> list[AccessRow]:
    """Decorate one page of events with organisation and person, in two queries whatever its size.
    In the patient's words unless `exact` (the staff review reads every kind as it is stored)."""
    events = list(events)
    actor_ids = {e.actor_id for e in events if e.actor_id is not None}
    practitioners = {
        p.user_id: p
        for p in Practitioner.objects.filter(user_id__in=actor_ids).select_related("organisation")
    }
    staff: dict[int, dict[int, str]] = {}
    for member in StaffMember.objects.filter(user_id__in=actor_ids).select_related("organisation"):
        staff.setdefault(member.user_id, {})[member.organisation_id] = member.organisation.name
    rows = []
    for event in events:
        practitioner = practitioners.get(event.actor_id) if event.actor_id is not None else None
        case_org = event.case.organisation_id if event.case is not None else None
        if practitioner is not None:
            organisation = practitioner.organisation.name
        else:
            organisation = _pick_organisation(staff.get(event.actor_id or 0, {}), case_org)
        person = practitioner.name if practitioner is not None else event.actor_name
        data_name, data, basis_name, basis = _data_and_basis(event, exact)
        rows.append(
            AccessRow(
                event=event,
                organisation=organisation,
                person=person,
                role=role_label(event.role),
                data=data,
                action=action_label(event.action),
                basis=basis,
                data_name=data_name,
                basis_name=basis_name,
            )
        )
    return rows


SECOND_FACTOR_NEEDED = Text(
    "Het toegangslog inzien kan alleen na bevestiging met uw tweede factor (authenticator-code).",
    "Reading the access log needs your second factor (an authenticator code) first.",
)
UNKNOWN_REFERENCE = Text(
    "Geef een casusnummer als TM-2026-00012.",
    "Give a case reference such as TM-2026-00012.",
)


def _case_id_of(reference: str) -> int:
    """`TM-2026-00012` (or just `12`) → 12; anything else is refused, naming the field."""
    case_id = id_from(reference.strip().rsplit("-", 1)[-1])
    if case_id is None:
        raise InvalidInput(UNKNOWN_REFERENCE, field="case")
    return case_id


# The data of a complaint (R28) a case's events may name; the list of complaints has no case.
COMPLAINT_DATA = (kinds.DataKind.COMPLAINT.value, kinds.DataKind.COMPLAINT_LETTER.value)


def review_scope(organisations: set[int]) -> Q:
    """Which events the complaints officers of `organisations` review: those on the cases the
    organisations handle, except what concerns a complaint, which only the organisation the complaint
    went to sees (R28, need to know: the handling organisation learns nothing of a complaint to the
    giver's). An event concerns a complaint when it names one (its data) or was taken in the complaints
    officer's role, which only a complaint gives. The event does not store which complaint, so:
    - taken by an officer: a complaint on the case to one of that officer's organisations;
    - the filing (create): the complaint on the case filed last by then, the one it filed;
    - another by the complainant's side (a decision letter): a complaint on the case to one of ours
      filed by then (an organisation with a complaint of its own on the case may see the other's letter).
    Subqueries of the same query: the count stays constant."""
    orgs = sorted(organisations)
    complaints = apps.get_model("aftercare", "Complaint")._default_manager
    to_us = complaints.filter(case_id=OuterRef("case_id"), organisation_id__in=orgs)
    our_officer = StaffMember.objects.filter(
        user_id=OuterRef("actor_id"),
        function=StaffMember.Function.COMPLAINTS_OFFICER,
        organisation_id__in=orgs,
    )
    filed_last = (
        complaints.filter(case_id=OuterRef(OuterRef("case_id")), filed_at__lte=OuterRef(OuterRef("at")))
        .order_by("-filed_at", "-id")
        .values("pk")[:1]
    )
    by_officer = Q(role=Role.COMPLAINTS_OFFICER)
    filing = Q(action=AccessEvent.Action.CREATE)
    addressed_to_us = (
        (by_officer & Exists(our_officer) & Exists(to_us))
        | (~by_officer & filing & Exists(to_us.filter(pk=Subquery(filed_last))))
        | (~by_officer & ~filing & Exists(to_us.filter(filed_at__lte=OuterRef("at"))))
    )
    about_a_complaint = Q(data__in=COMPLAINT_DATA) | by_officer
    handled = Q(case__organisation_id__in=orgs)
    complained = Q(case_id__in=complaints.filter(organisation_id__in=orgs).values("case_id"))
    return (handled | complained) & ((handled & ~about_a_complaint) | (about_a_complaint & addressed_to_us))


def access_events_for_review(
    *,
    user: User,
    verified: bool,
    case_reference: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    source: str = "web",
) -> QuerySet[AccessEvent]:
    """The access log of the cases a complaints officer's organisations handle, newest first (NEN 7513
    review), with what concerns a complaint only for the organisation it went to (review_scope). Needs the second factor confirmed in this session, whatever the login policy; the review
    itself is logged as a search of the access log."""
    organisations = set(
        StaffMember.objects.filter(user=user, function=StaffMember.Function.COMPLAINTS_OFFICER).values_list(
            "organisation_id", flat=True
        )
    )
    if not user.is_authenticated or not user.is_active or not organisations:
        raise NotFound(LOG_NOT_FOUND)
    if not verified:
        raise NotPermitted(SECOND_FACTOR_NEEDED)
    events = _within(AccessEvent.objects.filter(review_scope(organisations)), start, end)
    patient = None
    if case_reference:
        events = events.filter(case_id=_case_id_of(case_reference))
        first = events.select_related("patient").first()
        patient = first.patient if first is not None else None
    access_record(
        actor=user,
        action="search",
        data=kinds.DataKind.ACCESS_LOG,
        source=source,
        role=Role.COMPLAINTS_OFFICER,
        basis=Role.COMPLAINTS_OFFICER,
        patient=patient,
    )
    return events.select_related("actor", "case", "patient").order_by("-at", "-id")
