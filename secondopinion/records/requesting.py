"""Data requests, the requesting side (R16, R18): the giver asks the treating practitioner for records,
only under the patient's consent in force at that moment; the upload link goes out once, by e-mail.

The link's token is 32 random bytes, stored only as its SHA-256 hash. The answering side (the link,
fulfilling, declining, expiry and reminders) is in records/data_requests.py, which re-exports these names.
"""

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from secondopinion.access.doors import blocked, case_for, judge
from secondopinion.access.permissions import Action
from secondopinion.accounts.models import User
from secondopinion.audit.services import access_record
from secondopinion.cases.evidence import action_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.consent.models import Consent
from secondopinion.core.errors import InvalidInput, TransitionNotAllowed
from secondopinion.core.text import Text
from secondopinion.directory.identification import require_identity_verified
from secondopinion.notifications.services import absolute_link, notification_queue
from secondopinion.protocols import consent_rules
from secondopinion.protocols.engine import REQUEST_RECORDS, Decision, Protocol, Rule, Violation
from secondopinion.protocols.lifecycle import Status
from secondopinion.protocols.registry import get_protocol
from secondopinion.records.models import DataRequest

# Records are asked for while they are gathered, and during the examination when more are needed.
OPEN_STATUSES = frozenset({Status.GATHERING_RECORDS, Status.IN_EXAMINATION})
BASIS = "consent:request_records"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def _upload_path(token: str) -> str:
    return reverse("web:upload-link", kwargs={"token": token})


def _rule(protocol: Protocol, rule_id: str) -> Rule:
    """The protocol's own rule object, so the ids and texts are the catalogue's."""
    try:
        return protocol.rule(rule_id)
    except KeyError:
        return {"R16": consent_rules.R16, "R18": consent_rules.R18}[rule_id]


def _refusal(protocol: Protocol, rule_id: str, detail: Text) -> Exception:
    rule = _rule(protocol, rule_id)
    return blocked(Decision(action=REQUEST_RECORDS, violations=(Violation(rule, detail),)))


def record_kinds(case: SecondOpinionCase) -> dict[str, Text]:
    """R16: what the giver may ask of the treating practitioner under the case's protocol."""
    return get_protocol(case.protocol).records


def records_consent(case: SecondOpinionCase) -> Consent | None:
    """The latest consent to request records that is in force at this moment (R18)."""
    return (
        Consent.objects.filter(case=case, purpose=Consent.Purpose.REQUEST_RECORDS, revoked_at__isnull=True)
        .order_by("-given_at", "-id")
        .first()
    )


def _chosen_kinds(case: SecondOpinionCase, kinds: Sequence[str]) -> list[str]:
    allowed = record_kinds(case)
    chosen = {str(kind).strip() for kind in kinds if str(kind).strip()}
    if not chosen:
        raise InvalidInput(
            Text("Kies welke gegevens u opvraagt.", "Choose which records you request."), field="kinds"
        )
    unknown = sorted(chosen - set(allowed))
    if unknown:
        names = ", ".join(unknown)
        raise InvalidInput(
            Text(
                f"Deze gegevens kent het protocol van de casus niet: {names}.",
                f"The case's protocol does not know these records: {names}.",
            ),
            field="kinds",
        )
    return [key for key in allowed if key in chosen]


def _address(case: SecondOpinionCase, email: str) -> str:
    treating = case.treating_practitioner
    address = (email or (treating.user.email if treating.user is not None else "")).strip()
    if not address:
        raise InvalidInput(
            Text(
                "Van de eigen behandelaar is geen e-mailadres bekend; vul het adres in waar de link heen gaat.",
                "No e-mail address of the treating practitioner is known; enter the address the link goes to.",
            ),
            field="email",
        )
    try:
        validate_email(address)
    except ValidationError:
        raise InvalidInput(
            Text("Dit is geen geldig e-mailadres.", "This is not a valid e-mail address."), field="email"
        ) from None
    return address


@dataclass(frozen=True)
class CreatedRequest:
    request: DataRequest
    # The upload link with its plain token: sent once to the practitioner, returned once here.
    link: str


@transaction.atomic
def data_request_create(
    *, actor: User, case_id: int, kinds: Sequence[str], note: str, source: str, email: str = ""
) -> CreatedRequest:
    """R16: ask the treating practitioner for records, only under the patient's consent in force now."""
    case, role = case_for(actor, case_id, Action.REQUEST_RECORDS)
    if case.status not in OPEN_STATUSES:
        raise TransitionNotAllowed(
            Text(
                "Gegevens vraagt u op tijdens het opvragen van gegevens of het onderzoek.",
                "Records are requested while gathering records or during the examination.",
            ),
            field="status",
        )
    # Until the patient's identity is verified (DigiD or at the desk), no records are requested.
    require_identity_verified(case.patient)
    chosen = _chosen_kinds(case, kinds)
    decision = judge(case, REQUEST_RECORDS)
    consent = records_consent(case)
    if consent is None:
        protocol = get_protocol(case.protocol)
        raise _refusal(protocol, "R16", _rule(protocol, "R16").text)
    address = _address(case, email)
    token, digest = _new_token()
    request = DataRequest.objects.create(
        case=case,
        requested_by=actor,
        addressed_to=case.treating_practitioner,
        sent_to_email=address,
        kinds=chosen,
        note=note.strip(),
        consent=consent,
        expires_at=timezone.now() + dt.timedelta(days=settings.TM_UPLOAD_LINK_DAYS),
        token_hash=digest,
    )
    action_record(case=case, action=REQUEST_RECORDS, decision=decision, actor=actor, role=role)
    access_record(
        actor=actor, action="send", data="records_request", source=source, role=role, basis=BASIS, case=case
    )
    treating = case.treating_practitioner
    notification_queue(
        kind="records_requested",
        email=address,
        name=treating.name,
        reference=case.reference,
        path=_upload_path(token),
        recipient=treating.user,
        secret_link=True,
    )
    return CreatedRequest(request=request, link=absolute_link(_upload_path(token)))
