"""R9: the patient's earlier requests on the same question, read for a case its reader may see."""

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from django.db.models import Q, QuerySet, Subquery

from secondopinion.access.scope import sees_every_case_of
from secondopinion.accounts.models import User
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.selectors import cases_visible_to
from secondopinion.cases.snapshot import case_snapshot
from secondopinion.core.errors import InvalidInput
from secondopinion.core.prepared import Prepared
from secondopinion.core.text import Text
from secondopinion.protocols.common import REPEATED_REQUEST
from secondopinion.protocols.engine import Violation
from secondopinion.protocols.lifecycle import Status, targets_from
from secondopinion.protocols.registry import get_protocol

EARLIER_SHOWN = 20
# How far the earlier requests are counted: "a hundred or more" says as much about asking again and
# again as an exact count, and the count stays the same small work however often a patient asked.
EARLIER_COUNTED = 100


def earlier_requests(*, user: User, case: SecondOpinionCase) -> list[SecondOpinionCase]:
    """R9: the patient's earlier requests on the same question, so a repeated request is visible.

    A second opinion always judges the diagnosis or treatment of the patient's own practitioner, and
    the weighty reason seed 004 names is a patient who wants one "not once, but again and again". So
    an earlier request is on the same question when it is the same patient's, under the same protocol
    (the same discipline), and either about the same treating practitioner's care or about the same
    subject (diagnosis, care plan, treatment plan, finished work) — the same question taken to another
    practitioner of that discipline still counts. Only requests made before this one are shown,
    whatever became of them (refused, withdrawn, closed), newest first.

    Scoped like every read: only cases the user may see (a coordinator sees those of the
    organisations he works for, never another practice's). It writes no event of its own: it is
    part of reading this case, whose read (`case_get`) has logged the access to this patient."""
    if case.__dict__.get("tm_earlier") is False:
        return []  # the case was read knowing there is no earlier request at all (case_get)
    # The newest EARLIER_SHOWN with the columns they are shown with, then how many there are, counted
    # up to EARLIER_COUNTED (`tm_total` on the first), only when there may be more: the answer stays the
    # same size, a patient who asked once or twice before costs one query, and one who asked a thousand
    # times costs no more than one who asked a hundred.
    if sees_every_case_of(user, case.patient_id):
        # The patient's own request (every case her own create answers): her scope adds nothing to
        # "this patient's cases", so the same two queries run prepared (core/prepared.py).
        values: dict[str, int | str] = {
            "case_id": case.pk,
            "patient_id": case.patient_id,
            "treating_id": case.treating_practitioner_id,
            "protocol": case.protocol,
            "subject": case.subject,
        }
        newest, counted_ids = _own_prepared()
        own: list[SecondOpinionCase] = newest.all(**values)  # type: ignore[assignment,arg-type]
        if len(own) == EARLIER_SHOWN:
            own[0].tm_total = counted_ids.count(**values)  # type: ignore[attr-defined,arg-type]
        return own
    same_question = _visible_same_question(user, case)
    shown = list(_newest(same_question)[:EARLIER_SHOWN])
    if len(shown) == EARLIER_SHOWN:
        counted = same_question.only("id").order_by()[:EARLIER_COUNTED]
        shown[0].tm_total = counted.count()  # type: ignore[attr-defined]
    return shown


# An id no case can have: no use asking the database (PostgreSQL refuses to compare it with a bigint).
_BIGINT = range(1, 2**63)
NOT_A_CANDIDATE = Text(
    "Kies alleen eerdere aanvragen uit de lijst van deze patiënt die over dezelfde vraag kunnen gaan.",
    "Choose only earlier requests from this patient's list of requests that may be on the same question.",
)


def named_earlier(*, user: User, case: SecondOpinionCase, ids: Iterable[Any]) -> list[SecondOpinionCase]:
    """R9: the earlier requests a refusal as a repeated request names, each one of the candidates
    (earlier_requests' definition, over all of them, not only the newest shown): the same patient's,
    on the same question, made before this case, and visible to `user`. Any other id — a later
    request, another patient's, another organisation's, one that does not exist — is refused with
    one answer naming the field, which tells nothing about that case."""
    try:
        wanted = {int(i) for i in ids}
    except (TypeError, ValueError):
        raise InvalidInput(NOT_A_CANDIDATE, field="repeats_case_ids") from None
    if not wanted or any(i not in _BIGINT for i in wanted):
        raise InvalidInput(NOT_A_CANDIDATE, field="repeats_case_ids")
    found = list(
        _visible_same_question(user, case)
        .filter(pk__in=wanted)
        .only("id", "created_at")
        .order_by("created_at", "id")
    )
    if len(found) != len(wanted):
        raise InvalidInput(NOT_A_CANDIDATE, field="repeats_case_ids")
    return found


def repeats_of(case: SecondOpinionCase) -> list[SecondOpinionCase]:
    """R9: the earlier requests a case refused as a repeated request names, oldest first; for any
    other case none, read without a query. Only what names them (id, reference): whoever may read
    this case reads which requests it repeats."""
    if case.status != "refused" or case.refusal_reason != "repeated_request" or not case.pk:
        return []
    if case.__dict__.get("tm_repeats") is False:
        return []  # read with its rule facts, knowing it names none (cases/snapshot.py with_rule_facts)
    cached = case.__dict__.get("_tm_repeats")
    if cached is None:
        cached = list(case.repeats.only("id", "created_at").order_by("created_at", "id"))
        case.__dict__["_tm_repeats"] = cached
    return cached


# An explanation long enough for R9 (at least 10 visible characters), to judge the rest of the rule.
_EXPLAINED = "explained at length"


def repeats_needed(case: SecondOpinionCase) -> Violation | None:
    """R9 as it would judge a refusal of `case` as a repeated request, with an explanation, that names
    no earlier request: the rule and its detail when it blocks that refusal for want of named requests
    alone (it passes once they are named), else None — the patient made no earlier request on the
    same question (then the reason itself is refused), the case's protocol has no R9, or its refusal
    is not the next step. Judged by the rule itself on the case as read (case_snapshot): no query."""
    if Status.REFUSED not in targets_from(case.status):
        return None
    rule = next((r for r in get_protocol(case.protocol).rules_for(Status.REFUSED) if r.id == "R9"), None)
    if rule is None:
        return None
    unnamed = replace(
        case_snapshot(case),
        refusal_reason=REPEATED_REQUEST,
        refusal_note=_EXPLAINED,
        repeats_named=False,
    )
    detail = rule.check(unnamed, Status.REFUSED)
    if detail is None or rule.check(replace(unnamed, repeats_named=True), Status.REFUSED) is not None:
        return None
    return Violation(rule, detail)


def _same_question(
    cases: QuerySet[SecondOpinionCase],
    *,
    patient_id: Any,
    protocol: Any,
    treating_id: Any,
    subject: Any,
    case_id: Any,
    created_at: Any,
) -> QuerySet[SecondOpinionCase]:
    """R9's "same question" (earlier_requests) as filters on `cases`: made before the case `case_id`."""
    return (
        cases.filter(patient_id=patient_id, protocol=protocol)
        .filter(Q(treating_practitioner_id=treating_id) | Q(subject=subject))
        .filter(created_at__lte=created_at)  # where case_patient_newest starts
        .filter(Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=case_id))
        .exclude(pk=case_id)
    )


def _visible_same_question(user: User, case: SecondOpinionCase) -> QuerySet[SecondOpinionCase]:
    """The candidates of `case` the user may see (earlier_requests' definition, scoped)."""
    return _same_question(
        cases_visible_to(user).select_related(None),
        patient_id=case.patient_id,
        protocol=case.protocol,
        treating_id=case.treating_practitioner_id,
        subject=case.subject,
        case_id=case.pk,
        created_at=case.created_at,
    )


def _newest(same_question: QuerySet[SecondOpinionCase]) -> QuerySet[SecondOpinionCase]:
    return (
        same_question.select_related("treating_practitioner")
        .only(*EARLIER_FIELDS)
        .order_by("-created_at", "-id")
    )


def _own_same_question(
    case_id: Any, patient_id: Any, treating_id: Any, protocol: Any, subject: Any
) -> QuerySet[SecondOpinionCase]:
    """The same filters with every value a parameter, the case's moment read by its id in the query
    (a subquery PostgreSQL runs once): one SQL text for every case, so it can be prepared."""
    moment = Subquery(SecondOpinionCase.objects.filter(pk=case_id).values("created_at")[:1])
    return _same_question(
        SecondOpinionCase.objects.all(),
        patient_id=patient_id,
        protocol=protocol,
        treating_id=treating_id,
        subject=subject,
        case_id=case_id,
        created_at=moment,
    )


_OWN_NAMES = ("case_id", "patient_id", "treating_id")
_OWN_TEXTS = ("protocol", "subject")
_OWN_PREPARED: dict[tuple[int, int], tuple[Prepared, Prepared]] = {}


def _own_prepared() -> tuple[Prepared, Prepared]:
    """The newest EARLIER_SHOWN, and the ids up to EARLIER_COUNTED to count them (Prepared.count: a
    hundred small ids at most), prepared once per pair of limits (the limits are part of the SQL)."""
    key = (shown_limit, counted_limit) = (EARLIER_SHOWN, EARLIER_COUNTED)
    found = _OWN_PREPARED.get(key)
    if found is None:
        found = _OWN_PREPARED.setdefault(
            key,
            (
                Prepared(
                    lambda **values: _newest(_own_same_question(**values))[:shown_limit],
                    *_OWN_NAMES,
                    texts=_OWN_TEXTS,
                ),
                Prepared(
                    lambda **values: _own_same_question(**values).only("id").order_by()[:counted_limit],
                    *_OWN_NAMES,
                    texts=_OWN_TEXTS,
                ),
            ),
        )
    return found


# What an earlier request is shown with (api/serializers.py earlier_json, web/steps/earlier_cases.html).
EARLIER_FIELDS = (
    "id",
    "protocol",
    "status",
    "patient_id",
    "subject",
    "care_question",
    "refusal_reason",
    "created_at",
    "treating_practitioner__id",
    "treating_practitioner__name",
)


def earlier_total(earlier: list[SecondOpinionCase]) -> int:
    """How many earlier requests there are, of which `earlier` holds the newest: counted up to
    EARLIER_COUNTED, which therefore means that many or more."""
    return int(getattr(earlier[0], "tm_total", len(earlier))) if earlier else 0
