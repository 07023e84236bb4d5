"""The data-request panel of the case page (R16, R17): the requests and their state, the form to
ask the treating practitioner for records while the patient's consent is in force, and without it
the alternatives. Read as part of the case page, whose read is logged."""

from typing import Any

from django import forms
from django.utils.translation import get_language

from secondopinion.access.permissions import Action, permitted
from secondopinion.accounts.models import User
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.errors import DomainError
from secondopinion.core.roles import Role
from secondopinion.protocols.lifecycle import Status
from secondopinion.records.data_requests import (
    OPEN_STATUSES,
    data_requests_of,
    record_kinds,
    records_consent,
)
from secondopinion.records.models import DataRequest
from secondopinion.records.outcome import not_supplied
from secondopinion.web.data_request_forms import DataRequestForm, DeclineForm, RecordsUploadForm

CREATE, FULFIL, DECLINE = "data_request", "records_fulfil", "records_decline"


def data_request_panel(
    user: User,
    case: SecondOpinionCase,
    roles: frozenset[Role],
    *,
    bound: tuple[str, forms.Form] | None = None,
    error: DomainError | None = None,
) -> dict[str, Any]:
    bound_key, bound_form = bound or ("", None)
    kinds = record_kinds(case)
    language = get_language() or "nl"
    # None to read when the case was read knowing it has none (cases/selectors.py case_get).
    requests = [] if case.__dict__.get("tm_data_requests") is False else data_requests_of(case)
    for request in requests:
        request.kind_labels = [kinds[k].in_language(language) for k in request.kinds if k in kinds]  # type: ignore[attr-defined]
    practitioner = getattr(user, "practitioner", None)
    addressed = [
        r
        for r in requests
        if practitioner is not None
        and r.addressed_to_id == practitioner.pk
        and r.state == DataRequest.State.REQUESTED
    ]
    may_request = permitted(Action.REQUEST_RECORDS, roles) and case.status in OPEN_STATUSES
    consent = records_consent(case) if may_request else None
    create_form = None
    if may_request and consent is not None:
        create_form = (
            bound_form
            if bound_key == CREATE and bound_form is not None
            else DataRequestForm(records=kinds, language=language)
        )
    context: dict[str, Any] = {
        "data_requests": requests,
        "data_request_form": create_form,
        # R17: without consent the giver examines himself at the patient's cost, or the patient brings the records.
        "data_request_alternatives": may_request and consent is None,
        "data_request_addressed": addressed,
        "records_upload_form": bound_form if bound_key == FULFIL else RecordsUploadForm(),
        "records_decline_form": bound_form if bound_key == DECLINE else DeclineForm(),
        "data_request_bound_id": getattr(bound_form, "request_id", None),
        "data_request_error": error if bound_key in (CREATE, FULFIL, DECLINE) else None,
        "data_request_shown": bool(requests) or may_request or bound_key in (CREATE, FULFIL, DECLINE),
        # R17: records asked for that did not come; the patient's page says what she can do. Not once
        # the case is withdrawn or closed: nothing is examined any more, its requests closed with it.
        "records_not_supplied": not_supplied(requests)
        if permitted(Action.READ_RECORDS_OUTCOME, roles)
        and case.status not in (Status.WITHDRAWN, Status.CLOSED)
        else None,
    }
    if bound_key in (CREATE, FULFIL, DECLINE):
        # Shown in the panel, beside the form, rather than at the top of the page.
        context |= {"page_error": None, "unshown_form": None}
    return context
