"""Data requests (R16, R17, R18): records asked of the treating practitioner, only under the patient's
consent, answered through a secure, expiring, single-purpose upload link or his own login.

Every answer checks the consent the request relies on at the moment it is given: a revocation stops
the next disclosure (R18). The link's token is 32 random bytes, stored only as its SHA-256 hash.

This module is the answering side (the link's page, fulfilling, declining, expiry and reminders); the
requesting side (data_request_create and what it checks) is in records/requesting.py, and its public
names are re-exported here (imported "as" themselves) so that `from secondopinion.records.data_requests import ...` keeps working.
"""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from secondopinion.access.doors import locked_case
from secondopinion.access.policy import roles_for
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.errors import InvalidInput, NotFound, NotPermitted, TransitionNotAllowed
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.core.textcheck import is_blank
from secondopinion.documents.models import Document
from secondopinion.documents.services import document_store
from secondopinion.notifications.services import case_patient_side_mail, notification_queue
from secondopinion.protocols.registry import get_protocol
from secondopinion.records.models import DATA_REQUEST_TRANSITIONS, DataRequest
from secondopinion.records.requesting import (
    BASIS,
    _new_token,
    _refusal,
    _upload_path,
    record_kinds,
    token_hash,
)
from secondopinion.records.requesting import (
    OPEN_STATUSES as OPEN_STATUSES,
)
from secondopinion.records.requesting import (
    CreatedRequest as CreatedRequest,
)
from secondopinion.records.requesting import (
    data_request_create as data_request_create,
)
from secondopinion.records.requesting import (
    records_consent as records_consent,
)

# Reminders go out this many days after the request, at most one per entry.
REMINDER_DAYS = (3, 7)
MAX_UPLOADS = 20
State = DataRequest.State

# One answer for every link that does not open a request: unknown, used, expired or revoked alike,
# so that the link reveals nothing about the case behind it.
LINK_NOT_VALID = Text("Deze link is niet (meer) geldig.", "This link is not valid (any more).")
REQUEST_NOT_FOUND = Text(
    "Dit verzoek om gegevens bestaat niet of u heeft er geen toegang toe.",
    "This request for records does not exist or you have no access to it.",
)


def _locked_request(request_id: int) -> DataRequest | None:
    """The request with its case locked first, the order every writer of a case keeps (consent_revoke too)."""
    case_id = DataRequest.objects.filter(pk=request_id).values_list("case_id", flat=True).first()
    if case_id is None:
        return None
    locked_case(case_id)
    return (
        DataRequest.objects.select_for_update(of=("self",))
        .select_related(
            "case__patient", "case__treating_practitioner", "addressed_to", "requested_by", "consent"
        )
        .filter(pk=request_id)
        .first()
    )


def _open_by_token(token: str, now: dt.datetime) -> DataRequest:
    """The request this link opens, locked: only while it is requested, unexpired and its consent is
    in force. Anything else is one NotFound, whatever the reason."""
    if not token or len(token) > 100:
        raise NotFound(LINK_NOT_VALID)
    request_id = DataRequest.objects.filter(token_hash=token_hash(token)).values_list("pk", flat=True).first()
    request = _locked_request(request_id) if request_id is not None else None
    if (
        request is None
        or request.state != State.REQUESTED
        or request.expires_at <= now
        or request.consent.revoked_at is not None
    ):
        raise NotFound(LINK_NOT_VALID)
    return request


def _addressed(actor: User, request_id: int, case_id: int | None, now: dt.datetime) -> DataRequest:
    """The open request addressed to this logged-in practitioner; 403 for others on the case, 404 else."""
    request = _locked_request(request_id)
    if request is None or (case_id is not None and request.case_id != case_id):
        raise NotFound(REQUEST_NOT_FOUND)
    practitioner = getattr(actor, "practitioner", None)
    if not (
        actor.is_authenticated and practitioner is not None and practitioner.pk == request.addressed_to_id
    ):
        if roles_for(actor, request.case):
            raise NotPermitted(
                Text(
                    "Alleen de eigen behandelaar aan wie het verzoek gericht is, beantwoordt het.",
                    "Only the treating practitioner the request is addressed to answers it.",
                )
            )
        raise NotFound(REQUEST_NOT_FOUND)
    if request.state != State.REQUESTED or request.expires_at <= now:
        raise TransitionNotAllowed(
            Text(
                "Dit verzoek is al beantwoord of verlopen.",
                "This request was already answered or has expired.",
            ),
            field="state",
        )
    if request.consent.revoked_at is not None:
        raise _refusal(
            get_protocol(request.case.protocol),
            "R18",
            Text(
                "De patiënt heeft de toestemming waarop dit verzoek rust ingetrokken; er wordt niets meer aangeleverd.",
                "The patient revoked the consent this request relies on; nothing more is provided.",
            ),
        )
    return request


def _close(request: DataRequest, to: str, now: dt.datetime, reason: str = "") -> None:
    if to not in DATA_REQUEST_TRANSITIONS.get(request.state, frozenset()):
        raise TransitionNotAllowed(
            Text(
                "Dit verzoek is al beantwoord of verlopen.",
                "This request was already answered or has expired.",
            ),
            field="state",
        )
    request.state, request.closed_at, request.decline_reason = to, now, reason
    request.save(update_fields=["state", "closed_at", "decline_reason"])


def _close_unanswered(request: DataRequest, now: dt.datetime, *, withdrawn: bool) -> None:
    """The one way a request ends unanswered: it expires (its date passed, or the consent it rests on
    was revoked, R18; the model has no other state for either), its link opens nothing from now on,
    and the giver who asked is told which of the two it was."""
    _close(request, State.EXPIRED, now)
    _tell_requester(request, "records_request_withdrawn" if withdrawn else "records_request_expired")
    if not withdrawn:  # R17: the patient may fetch them herself (records/outcome.py)
        case_patient_side_mail(case=request.case, kind="records_not_supplied")


def _tell_requester(request: DataRequest, kind: str) -> None:
    requester = request.requested_by
    notification_queue(
        kind=kind,
        email=requester.email,
        name=str(getattr(requester, "practitioner", None) or requester),
        reference=request.case.reference,
        path=reverse("web:case", kwargs={"case_id": request.case_id}),
        recipient=requester,
    )


def _fulfil(
    request: DataRequest,
    uploads: Sequence[File],
    *,
    actor: User | None,
    via: str,
    source: str,
    now: dt.datetime,
) -> DataRequest:
    if not uploads:
        raise InvalidInput(Text("Voeg ten minste één bestand toe.", "Add at least one file."), field="file")
    if len(uploads) > MAX_UPLOADS:
        raise InvalidInput(
            Text(
                f"Lever ten hoogste {MAX_UPLOADS} bestanden tegelijk aan.",
                f"Provide at most {MAX_UPLOADS} files at once.",
            ),
            field="file",
        )
    stored = [
        document_store(
            case=request.case,
            upload=upload,
            purpose=Document.Purpose.RECORD,
            source=source,
            actor=actor,
            role=Role.TREATING,
            basis=BASIS,
            uploader_name=request.addressed_to.name,
            via=via,
        )
        for upload in uploads
    ]
    request.documents.add(*stored)
    _close(request, State.FULFILLED, now)
    _tell_requester(request, "records_received")
    return request


@transaction.atomic
def data_request_fulfil_by_link(*, token: str, uploads: Sequence[File], source: str) -> DataRequest:
    """R16: the practitioner supplies the records through the request's own link (R18: while the consent holds)."""
    now = timezone.now()
    request = _open_by_token(token, now)
    return _fulfil(request, uploads, actor=None, via=Document.Via.UPLOAD_LINK, source=source, now=now)


@transaction.atomic
def data_request_fulfil(
    *, actor: User, request_id: int, uploads: Sequence[File], source: str, case_id: int | None = None
) -> DataRequest:
    """R16: the same, through the treating practitioner's own login."""
    now = timezone.now()
    request = _addressed(actor, request_id, case_id, now)
    return _fulfil(request, uploads, actor=actor, via=Document.Via.LOGIN, source=source, now=now)


@transaction.atomic
def data_request_decline(
    *,
    reason: str,
    source: str,
    actor: User | None = None,
    request_id: int | None = None,
    token: str | None = None,
    case_id: int | None = None,
) -> DataRequest:
    """The practitioner declines, with a reason: through the link (`token`) or logged in (`actor`, `request_id`)."""
    now = timezone.now()
    if token is not None:
        request = _open_by_token(token, now)
    elif actor is not None and request_id is not None:
        request = _addressed(actor, request_id, case_id, now)
    else:
        raise NotFound(REQUEST_NOT_FOUND)
    if is_blank(reason):
        raise InvalidInput(
            Text("Geef de reden van de afwijzing.", "Give the reason for declining."), field="reason"
        )
    _close(request, State.DECLINED, now, reason=reason.strip()[:2000])
    access_record(
        actor=actor,
        action="update",
        data="records_request:declined",
        source=source,
        role=Role.TREATING,
        basis=BASIS,
        case=request.case,
        actor_name=request.addressed_to.name,
    )
    _tell_requester(request, "records_request_declined")
    case_patient_side_mail(case=request.case, kind="records_not_supplied")
    return request


@dataclass(frozen=True)
class LinkPage:
    """What the public upload page shows, and nothing more."""

    requester_name: str
    reference: str
    kinds: list[Text]
    note: str
    expires_at: dt.datetime
    # Enough for the practitioner to find the patient in his own records, not enough to identify
    # anyone from the page alone: initials and birth year, never the name, BSN or date of birth.
    patient_initials: str
    patient_birth_year: int


def _initials(name: str) -> str:
    return "".join(f"{part[0].upper()}." for part in name.split() if part[:1].isalpha() and part[0].isupper())


@transaction.atomic
def data_request_by_link(*, token: str, source: str) -> LinkPage:
    """What the link's page shows; the view is logged as a read of the request."""
    request = _open_by_token(token, timezone.now())
    requester = request.requested_by
    access_record(
        actor=None,
        action="read",
        data="records_request",
        source=source,
        role=Role.TREATING,
        basis=BASIS,
        case=request.case,
        actor_name=request.addressed_to.name,  # the link is his: NEN 7513 names who read
    )
    kinds = record_kinds(request.case)
    return LinkPage(
        requester_name=str(getattr(requester, "practitioner", None) or requester),
        reference=request.case.reference,
        kinds=[kinds[key] for key in request.kinds if key in kinds],
        note=request.note,
        expires_at=request.expires_at,
        patient_initials=_initials(request.case.patient.name),
        patient_birth_year=request.case.patient.date_of_birth.year,
    )


def data_requests_expire_and_remind(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Expire the requests past their date (or whose consent was revoked) and remind the practitioner
    of open ones after REMINDER_DAYS, each in its own transaction. Run by cron and as a task."""
    now = now or timezone.now()
    counts = {"expired": 0, "reminded": 0}
    for request_id in DataRequest.objects.filter(state=State.REQUESTED).values_list("pk", flat=True):
        outcome = _expire_or_remind(request_id, now)
        if outcome is not None:
            counts[outcome] += 1
    return counts


@transaction.atomic
def _expire_or_remind(request_id: int, now: dt.datetime) -> str | None:
    request = _locked_request(request_id)
    if request is None or request.state != State.REQUESTED:
        return None
    withdrawn = request.consent.revoked_at is not None
    if request.expires_at <= now or withdrawn:
        _close_unanswered(request, now, withdrawn=withdrawn)
        return "expired"
    due = request.reminders_sent < len(REMINDER_DAYS) and now - request.created_at >= dt.timedelta(
        days=REMINDER_DAYS[request.reminders_sent]
    )
    if not due:
        return None
    # Only the hash of the first link is kept, so a reminder carries a fresh link; the old one stops.
    token, request.token_hash = _new_token()
    request.reminders_sent += 1
    request.last_reminded_at = now
    request.save(update_fields=["token_hash", "reminders_sent", "last_reminded_at"])
    notification_queue(
        kind="records_reminder",
        email=request.sent_to_email,
        name=request.addressed_to.name,
        reference=request.case.reference,
        path=_upload_path(token),
        recipient=request.addressed_to.user,
        secret_link=True,
    )
    return "reminded"


def data_requests_of(case: SecondOpinionCase) -> list[DataRequest]:
    """The case's data requests, newest first, with what their rows show (read as part of the case)."""
    return list(
        case.data_requests.select_related("addressed_to", "requested_by", "consent").prefetch_related(
            "documents"
        )
    )
