"""Build the plain CaseSnapshot that rules judge, from the case and its related rows."""

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    StringAgg,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Length

from secondopinion.access import representation as representation_rule
from secondopinion.access.representation import facts_expression as representation_facts
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.prepared import Prepared
from secondopinion.core.textcheck import is_blank
from secondopinion.directory import independence
from secondopinion.directory.models import (
    Affiliation,
    DeclaredInterest,
    IndependenceDeclaration,
    Organisation,
    Representative,
)
from secondopinion.protocols.snapshot import CaseSnapshot
from secondopinion.protocols.vocabulary import REPORT_SECTIONS
from secondopinion.reports.models import CollegialNotice, Report

# A notice shorter than this is too short to recognise when quoted in a report.
_QUOTE_MIN = 20


def notice_quoted_in(case: SecondOpinionCase, texts: Iterable[str]) -> bool:
    """R6: does any of these texts quote one of the case's collegial notices? The one judgement for
    every text that can reach the report: its sections and its addenda (reports/notices.py)."""
    notices = [
        n.strip().casefold()
        for n in CollegialNotice.objects.filter(case=case).values_list("text", flat=True)
        if len(n.strip()) >= _QUOTE_MIN
    ]
    if not notices:
        return False
    body = "\n".join(texts).casefold()
    return any(n in body for n in notices)


def _notice_quoted(case: SecondOpinionCase, report: Report | None) -> bool:
    """R6: does the report, a section or an addendum, quote a collegial notice?"""
    if report is None:
        return False
    notices = _long_notices(case)
    if not notices:
        return False  # nothing to quote: the addenda need not be read
    sections = [getattr(report, key, "") for key in REPORT_SECTIONS]
    none = case.__dict__.get("tm_addenda") is False  # read knowing there is none (selectors.case_get)
    addenda = list(report.addenda.values_list("text", flat=True)) if report.pk and not none else []
    body = "\n".join([*sections, *addenda]).casefold()
    return any(n in body for n in notices)


def _long_notices(case: SecondOpinionCase) -> list[str]:
    return [
        n.strip().casefold()
        for n in CollegialNotice.objects.filter(case=case).values_list("text", flat=True)
        if len(n.strip()) >= _QUOTE_MIN
    ]


_SEP = "|"


def _rows_of(relation: str, **conditions: Any) -> QuerySet[Any]:
    """The rows of the case at `relation` (a related model's foreign key to the case), as a subquery
    of the case's row reads them: from the related table alone, without joining the case row again for
    each (PostgreSQL starts fewer relations for every read of a case)."""
    field: Any = SecondOpinionCase._meta.get_field(relation)
    key = field.field.name
    rows = field.related_model._default_manager.filter(**{key: OuterRef("pk")}, **conditions)
    return rows.order_by().values(key)


def _keys(relation: str, path: str, **conditions: Any) -> Subquery:
    """The values at `path` among the case's rows at `relation`, joined by _SEP, as one subquery."""
    return Subquery(
        _rows_of(relation, **conditions).annotate(keys=StringAgg(path, Value(_SEP))).values("keys")
    )


def _split(joined: str | None) -> frozenset[str]:
    return frozenset(joined.split(_SEP)) if joined else frozenset()


# The related rows the rules judge, joined to the case row (one-to-one rows and practitioners).
RULE_RELATIONS = (
    "agreements",
    "report",
    "findings",
    "treating_practitioner",
    "giver__organisation",
    "referrer",
)


def earlier_same_question() -> Exists:
    """R9: whether the case's patient made an earlier request on the same question (the definition
    of cases/selectors.py earlier_requests, over every case, before any user's scope is applied)."""
    earlier = (
        SecondOpinionCase.objects.filter(patient=OuterRef("patient"), protocol=OuterRef("protocol"))
        .filter(Q(treating_practitioner=OuterRef("treating_practitioner")) | Q(subject=OuterRef("subject")))
        # The bound on created_at alone lets the index case_patient_newest start at the case.
        .filter(created_at__lte=OuterRef("created_at"))
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lt=OuterRef("pk"))
        )
    )
    return Exists(earlier)


def with_rule_facts(cases: QuerySet[SecondOpinionCase]) -> QuerySet[SecondOpinionCase]:
    """`cases` carrying what the rules judge, in the same query: the one-to-one rows and
    practitioners joined, the many-valued facts as subqueries (keys, counts, existence)."""
    # None for a case without plans (the subquery finds no group): read as 0 (_snapshot).
    plans = _rows_of("treatment_plans").annotate(n=Count("pk")).values("n")
    declared = IndependenceDeclaration.objects.filter(case=OuterRef("pk"), giver=OuterRef("giver"))
    # R8: the facts of the requester's representation (at most one row), judged against today's date
    # in Python (access/representation.py): this query is compiled once (cases/selectors.py).
    represented = Representative.objects.filter(
        user=OuterRef("requester"), patient=OuterRef("patient")
    ).values(facts=representation_facts())[:1]
    # A notice shorter than _QUOTE_MIN cannot be quoted (stripping only shortens it): without a
    # longer one, R6 needs no further read.
    notices = (
        CollegialNotice.objects.filter(case=OuterRef("pk"))
        .annotate(n=Length("text"))
        .filter(n__gte=_QUOTE_MIN)
    )
    return cases.select_related(*RULE_RELATIONS).annotate(
        # The requester and patient the facts below were read for (access/policy.py compares).
        tm_requester=F("requester_id"),
        tm_patient=F("patient_id"),
        tm_items=_keys("explanation_items", "item"),
        tm_codes=_keys("billing_lines", "tariff__code"),
        tm_given=_keys("consents", "purpose", revoked_at__isnull=True),
        tm_consented=_keys("consents", "purpose"),
        tm_plans=Subquery(plans),
        tm_declared=Exists(declared),
        tm_represented=Subquery(represented),
        tm_notices=Exists(notices),
        # R10: whether the giver or the treating practitioner has affiliations, and the giver declared
        # interests; without any, the independence check needs no further read (_independence_rows).
        tm_affiliated=Exists(
            Affiliation.objects.filter(
                Q(practitioner=OuterRef("giver")) | Q(practitioner=OuterRef("treating_practitioner"))
            )
        ),
        tm_interested=Exists(DeclaredInterest.objects.filter(practitioner=OuterRef("giver"))),
        # R10: whether any organisation in the register is a department or location of another.
        tm_grouped=Exists(Organisation.objects.filter(parent__isnull=False)),
        # R9: a refusal as a repeated request needs an earlier request on the same question.
        tm_earlier=earlier_same_question(),
        # R9: and names the earlier request(s) it repeats (SecondOpinionCase.repeats).
        tm_repeats=Exists(
            SecondOpinionCase.repeats.through.objects.filter(from_secondopinioncase=OuterRef("pk"))
        ),
    )


def consents_read_with(case: SecondOpinionCase) -> frozenset[str] | None:
    """The purposes with a consent in force as the case was read (with_rule_facts), in the same
    request; None for a case read without them."""
    if "tm_given" not in case.__dict__:
        return None
    return _split(case.tm_given)  # type: ignore[attr-defined]


# Built and compiled once: every step judges on a fresh read (snapshot_of), and building this
# queryset (a dozen subqueries) cost more than running it.
_RELATED = Prepared(
    lambda case_id: with_rule_facts(SecondOpinionCase.objects.all()).filter(pk=case_id).order_by()[:1],
    "case_id",
)


def _with_related(case: SecondOpinionCase) -> SecondOpinionCase:
    found: SecondOpinionCase | None = _RELATED.first(case_id=case.pk)  # type: ignore[assignment]
    if found is None:
        raise SecondOpinionCase.DoesNotExist(f"No case {case.pk}.")
    return found


def _represented(case: SecondOpinionCase) -> str | None:
    """R8: the facts of the representation a representative's request stands on (None for none)."""
    if case.requester_kind != "representative" or case.requester_id is None:
        return None
    return representation_rule.facts_of(case.requester_id, case.patient_id)


def _as_stored(case: SecondOpinionCase, related: SecondOpinionCase | None, name: str) -> Any:
    """The practitioner the case names at `name`: the one read with the related rows, unless the
    case in hand names another (then its own)."""
    if related is not None and getattr(related, f"{name}_id") == getattr(case, f"{name}_id"):
        return getattr(related, name)
    return getattr(case, name)


def _none_read(objs: list[Any], relation: str) -> None:
    """Record on each object that it has no rows at `relation`, as a prefetch that found none."""
    for obj in objs:
        rows = getattr(obj, relation).none()
        rows._result_cache = []
        rows._prefetch_done = True
        obj.__dict__.setdefault("_prefetched_objects_cache", {})[relation] = rows


def _independence_rows(related: Any, giver: Any, treating: Any) -> None:
    """The affiliations of the giver and the treating practitioner and the giver's declared
    interests (R10), read in at most two queries; none when the case's facts, read for these two
    practitioners (with_rule_facts), say there are none."""
    known = (
        related is not None
        and "tm_affiliated" in related.__dict__
        and (related.giver_id, related.treating_practitioner_id) == (giver.pk, treating.pk)
    )
    if known and not related.tm_affiliated:
        _none_read([treating, giver], "affiliations")
    else:
        prefetch_related_objects([treating, giver], "affiliations")
    if known and not related.tm_interested:
        _none_read([giver], "interests")
    else:
        prefetch_related_objects([giver], "interests")


def case_snapshot(case: SecondOpinionCase) -> CaseSnapshot:
    """The snapshot for reading the case (a page, an API answer): built once per case instance and
    state, then reused by every part of the answer. A write judges on `snapshot_of`, always afresh."""
    key = (case.pk, case.status, case.version, case.updated_at)
    cached = case.__dict__.get("_tm_snapshot")
    if cached is not None and cached[0] == key:
        return cached[1]
    # A case read with its facts (with_rule_facts) needs no further read of them.
    snapshot = _snapshot(case, case if "tm_items" in case.__dict__ else _with_related(case))
    case.__dict__["_tm_snapshot"] = (key, snapshot)
    return snapshot


def snapshot_of(case: SecondOpinionCase) -> CaseSnapshot:
    """Read the related rows afresh, never from a cache a step may have made stale: one query for
    the case's rows, and for an assigned giver two more for the independence (R10), plus the
    collegial notices once there is a report (R6)."""
    return _snapshot(case, _with_related(case) if case.pk else None)


def taking_step(snapshot: CaseSnapshot, role: str | None, note: str = "") -> CaseSnapshot:
    """The snapshot as the rules judge a step: who takes it (their role) and the note it carries."""
    return replace(snapshot, acting_role=str(role or ""), step_note=note)


def _snapshot(case: SecondOpinionCase, related: Any) -> CaseSnapshot:
    """`related`: the case as read by with_rule_facts (its facts annotated), or None for a new case."""
    agreements = getattr(related, "agreements", None)
    report = getattr(related, "report", None)
    findings = getattr(related, "findings", None)
    giver = _as_stored(case, related, "giver")
    treating = _as_stored(case, related, "treating_practitioner")
    referrer = _as_stored(case, related, "referrer")
    items = _split(related.tm_items) if related is not None else frozenset()
    codes = _split(related.tm_codes) if related is not None else frozenset()
    given = _split(related.tm_given) if related is not None else frozenset()
    revoked = (_split(related.tm_consented) - given) if related is not None else frozenset()
    if giver is not None:
        _independence_rows(related, giver, treating)
    if giver is not None:
        # R10 counts a hospital's departments and locations as the hospital: their register is read
        # only where there are any (with_rule_facts says so), so a practice's case reads nothing more.
        grouped = related is None or "tm_grouped" not in related.__dict__ or related.tm_grouped
        roots: dict[int, int] | None = None if grouped else {}
        conflicts = independence.independence_reasons(giver, treating, referrer, roots)
    else:
        conflicts = []
    if related is not None and (related.requester_id, related.patient_id) == (
        case.requester_id,
        case.patient_id,
    ):
        facts = related.tm_represented if case.requester_kind == "representative" else None
    else:
        facts = _represented(case)
    represented = representation_rule.in_force_from_facts(facts)
    parental = representation_rule.parental_facts(facts)
    sections = frozenset(
        key for key in REPORT_SECTIONS if report is not None and not is_blank(getattr(report, key, ""))
    )
    return CaseSnapshot(
        protocol=case.protocol,
        status=case.status,
        requester_kind=case.requester_kind,
        subject=case.subject,
        treatment_started=case.treatment_started,
        has_referral=case.has_referral,
        referred_by_treating=case.referrer_id is not None
        and case.referrer_id == case.treating_practitioner_id,
        classification=case.classification,
        care_question=case.care_question,
        care_question_established=case.care_question_established,
        explanation_items=items,
        agreements_recorded=agreements is not None,
        written_report_agreed=bool(agreements and agreements.written_report),
        inform_own_practitioner_agreed=bool(agreements and agreements.inform_own_practitioner),
        giver_assigned=giver is not None,
        giver_is_treating=giver is not None and giver.pk == treating.pk,
        giver_same_discipline=not {
            independence.OTHER_DISCIPLINE,
            independence.OTHER_SPECIALISM,
            independence.OTHER_LEVEL,
        }
        & set(conflicts),
        giver_same_organisation=independence.SAME_ORGANISATION in conflicts,
        giver_is_referrer=independence.NOT_REFERRER in conflicts,
        giver_has_interest=independence.DECLARED_INTEREST in conflicts,
        treating_specialism_missing=independence.specialism_missing(treating),
        independence_declared=giver is not None and related is not None and related.tm_declared,
        findings_recorded=findings is not None and not is_blank(findings.findings),
        report_sections=sections,
        report_final=report is not None and report.state == "final",
        billing_codes=codes,
        refusal_reason=case.refusal_reason,
        refusal_note=case.refusal_note,
        earlier_requests=bool(related is not None and related.tm_earlier),
        repeats_named=bool(related is not None and related.tm_repeats),
        closure_decision=case.closure_decision,
        under_treatment=case.under_treatment,
        wants_transfer=case.wants_transfer,
        prosthesis_hold=case.prosthesis_hold_since is not None,
        prosthesis_adjusted=case.prosthesis_adjusted_at is not None,
        representative_consent="representative" in given or represented,
        # R8 with the WGBO's age rules: why a parent or guardian may not act yet (staff read it).
        representative_age=parental[0],
        representative_patient_consent=parental[1],
        representative_authority=parental[2],
        patient_consulted=case.patient_consulted,
        gp_informed=case.gp_informed,
        own_practitioner_informed=case.own_practitioner_informed,
        treating_discipline=treating.discipline,
        giver_discipline=giver.discipline if giver is not None else "",
        giver_ont_member=giver is not None and giver.ont_member,
        care_plan_available=case.care_plan_available,
        alternative_plans=(related.tm_plans or 0) if related is not None else 0,
        colleague_consent="consult_colleague" in given,
        reimbursement_explained=case.reimbursement_explained,
        records_consent="request_records" in given,
        records_alternative_explained=case.records_alternative_explained,
        revoked_consents=revoked,
        consents_in_force=given,
        collegial_notice_in_report=bool(
            related is not None and related.tm_notices and _notice_quoted(case, report)
        ),
        complaint_scheme_known=giver is None or bool(giver.organisation.complaint_scheme),
    )
