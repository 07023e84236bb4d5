"""The request wizard: the patient's answers, step by step, kept in the session until the last step
submits them through the cases' own service. The pages before it (the decision aid, reimbursement,
finding a giver) are in journey/guide_views.py; the documents step in intake_views.py."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from secondopinion.accounts.patients import needs_patient_profile
from secondopinion.core.errors import DomainError
from secondopinion.core.invisible import search_text
from secondopinion.core.text import Text
from secondopinion.directory.models import Organisation, Practitioner
from secondopinion.documents.intake import intake_files
from secondopinion.journey import content
from secondopinion.journey.costs import summary_costs
from secondopinion.journey.decide import Situation, intake_of, outcome_for
from secondopinion.journey.forms import (
    DISCIPLINES,
    PROTOCOL_FOR_DISCIPLINE,
    ConsentsForm,
    JourneyForm,
    PlaceForm,
    PractitionerForm,
    QuestionForm,
    ReferralForm,
    SituationForm,
    WhoForm,
    practitioners_matching,
)
from secondopinion.journey.guide_views import MAX_FOUND, SEED_KEY
from secondopinion.journey.intake_views import draft_patient_id, intake_step
from secondopinion.journey.once import forget_key, landing, sent_before, submit_key, submit_once
from secondopinion.journey.rule_words import rules_for_reader
from secondopinion.journey.services import journey_submit
from secondopinion.journey.unlisted_views import unlisted_summary
from secondopinion.protocols.guidance import guidance_for
from secondopinion.protocols.registry import PROTOCOLS, get_protocol
from secondopinion.web.views import AuthenticatedRequest

SOURCE = "web"
SESSION_KEY = "journey"
GUIDANCE_KEY = "journey_guidance"
STEPS = (
    "who",
    "practitioner",
    "question",
    "situation",
    "referral",
    "place",
    "consents",
    "documents",
    "summary",
)
FORMS: dict[str, type[JourneyForm]] = {
    "who": WhoForm,
    "practitioner": PractitionerForm,
    "question": QuestionForm,
    "situation": SituationForm,
    "referral": ReferralForm,
    "place": PlaceForm,
    "consents": ConsentsForm,
}
# What each step stores; a step counts as answered when all of its keys are in the session.
KEYS: dict[str, tuple[str, ...]] = {
    "who": ("requester_kind",),
    "practitioner": ("treating_practitioner",),
    "question": ("care_question",),
    "situation": ("subject", "treatment_started", "under_treatment", "wants_transfer"),
    "referral": ("has_referral",),
    "place": ("organisation",),
    "consents": ("own_practitioner_informed",),
    "documents": (),  # optional: the files brought at intake wait with the draft (documents/intake.py)
}
# The wizard is filled in before an account exists; these steps need one (who the patient is, the
# consents they give). The answers stay in the session through sign-up or login.
ACCOUNT_STEPS = frozenset({"consents", "documents", "summary"})
# Set while answers were given without an account: after logging in, the "who" answer is checked
# again against the account (a patient record, the representations).
ANONYMOUS_KEY = "journey_anonymous"
SEEDED = "seeded"  # in the answers: the keys filled in from the decision aid, shown as such


# The request wizard --------------------------------------------------------------------------


def _answers(request: HttpRequest) -> dict[str, Any]:
    return dict(request.session.get(SESSION_KEY, {}))


def _answered(step: str, answers: dict[str, Any]) -> bool:
    if step == "practitioner" and "unlisted" in answers:  # named in free text (journey/unlisted.py)
        return True
    return all(key in answers for key in KEYS[step])


def _store_practitioner(answers: dict[str, Any], given: dict[str, Any]) -> None:
    """The directory entry or the free-text one, never both; the places depend on it, so a change
    asks for the place again."""
    before = (answers.get("treating_practitioner"), answers.get("unlisted"))
    for key in ("treating_practitioner", "unlisted"):
        answers.pop(key, None)
    answers.update(given)
    if before != (answers.get("treating_practitioner"), answers.get("unlisted")):
        answers.pop("organisation", None)


def _first_open(answers: dict[str, Any]) -> str:
    for step in STEPS[:-1]:
        if not _answered(step, answers):
            return step
    return "summary"


def _nav(step: str) -> dict[str, Any]:
    index = STEPS.index(step)
    return {
        "step": step,
        "number": index + 1,
        "total": len(STEPS),
        "previous": STEPS[index - 1] if index else None,
    }


def _form_for(
    step: str, request: AuthenticatedRequest, answers: dict[str, Any], data: Any = None, acting_for: str = ""
) -> JourneyForm:
    initial = {key: answers[key] for key in answers}
    kwargs: dict[str, Any] = {"data": data, "initial": initial}
    if step in ("situation", "consents"):  # a representative's questions name the patient
        kwargs["acting_for"] = acting_for
    if step == "who":
        kwargs["user"] = request.user
    elif step == "place":
        treating_id = answers.get("treating_practitioner")
        kwargs["treating"] = Practitioner.objects.get(pk=treating_id) if treating_id else None
        kwargs["protocol"] = answers.get("protocol", "")
    elif step == "consents":
        kwargs.update(user=request.user, answers=answers)
    elif step == "referral":
        kwargs["protocol"] = _protocol_code(answers)
    return FORMS[step](**kwargs)


def _stored(form: JourneyForm) -> dict[str, Any]:
    values = {}
    for key, value in form.cleaned_data.items():
        values[key] = value.pk if isinstance(value, Practitioner | Organisation) else value
    return values


def request_start(request: AuthenticatedRequest) -> HttpResponse:
    """Start afresh: forget earlier answers, and fill in what the decision aid already learnt."""
    request.session.pop(SESSION_KEY, None)
    request.session.pop(GUIDANCE_KEY, None)
    seed = request.session.pop(SEED_KEY, None)
    if isinstance(seed, dict) and seed:
        request.session[SESSION_KEY] = {**seed, SEEDED: sorted(seed)}
    return redirect("journey:request-who")


@never_cache
def request_step(request: AuthenticatedRequest, step: str) -> HttpResponse:
    answers = _answers(request)
    if step == "summary" and request.method == "POST" and request.user.is_authenticated:
        earlier = sent_before(request)  # the same check page sent again (journey/once.py)
        if earlier is not None:
            return earlier
    if request.user.is_authenticated:
        held = _with_account(request, answers)
        if held is not None:
            return held
    first_open = _first_open(answers)
    if STEPS.index(step) > STEPS.index(first_open):
        return redirect(f"journey:request-{first_open}")
    if not request.user.is_authenticated:
        if step in ACCOUNT_STEPS:
            return _account_needed(request)
        request.session[ANONYMOUS_KEY] = True
    # A representative reads on every step (after choosing the patient) for whom the questions are.
    acting_for = _represented_name(request, answers) if request.user.is_authenticated else ""
    if step == "summary" and "unlisted" in answers:
        return unlisted_summary(request, answers, acting_for=acting_for, **_nav(step))
    if step == "summary":
        return _summary(request, answers, acting_for=acting_for)
    if step == "documents":
        return intake_step(request, answers, acting_for=acting_for, **_nav(step))
    form = _form_for(
        step, request, answers, request.POST if request.method == "POST" else None, acting_for=acting_for
    )
    if request.method == "POST" and form.is_valid():
        if step == "who" and form.cleaned_data.get("requester_kind") == "patient":
            answers.pop("represented", None)
        if step == "practitioner":
            assert isinstance(form, PractitionerForm)
            _store_practitioner(answers, form.answers())
        else:
            answers.update(_stored(form))
        forget_key(answers)
        request.session[SESSION_KEY] = answers
        if step == "situation":
            classification, rule_ids = intake_of(_situation(answers))
            if classification != "second_opinion":
                return _to_guidance(request, answers, classification, rule_ids)
        return redirect(f"journey:request-{STEPS[STEPS.index(step) + 1]}")
    seeded = set(answers.get(SEEDED, ())) & {
        *KEYS.get(step, ()),
        *(("protocol",) if step == "practitioner" else ()),
    }
    context: dict[str, Any] = {
        "form": form,
        **_nav(step),
        "answers": answers,
        "seeded": bool(seeded),
        # Not on the first step: there "you" is the one who asks, and the patient is chosen there.
        "acting_for": acting_for if step != "who" else "",
    }
    if step == "practitioner":
        context.update(_practitioner_context(request, answers, form))
    if step == "referral":
        context["gp_himself"] = _protocol_code(answers) == "general-practice"
        context["texts"] = {"who_refers": content.WHO_REFERS, "gp_himself": content.GP_HIMSELF}
    if step == "place":
        context.update(treating_id=answers.get("treating_practitioner"), mediation=content.CARE_MEDIATION)
    if step == "consents":
        context["representative_consent"] = content.representative_consent()
    status = 422 if request.method == "POST" else 200
    return render(request, f"journey/step_{step}.html", context, status=status)


def _practitioner_context(request: HttpRequest, answers: dict[str, Any], form: JourneyForm) -> dict[str, Any]:
    """The search: by name, practice or place, among the practitioners of the kind chosen (or the one
    the decision aid learnt), with the one chosen before kept in the list."""
    query = search_text(request.GET.get("q", ""))
    kind = request.GET.get("kind", form.data.get("kind", answers.get("protocol", "")))
    kind = kind if kind in PROTOCOLS else ""
    found = list(practitioners_matching(query, kind)[:MAX_FOUND]) if query else []
    chosen = answers.get("treating_practitioner")
    if chosen and all(p.pk != chosen for p in found):
        found = [*practitioners_matching("", kind).filter(pk=chosen), *found]
    return {"query": query, "found": found, "chosen": chosen, "kind": kind, "kinds": DISCIPLINES}


def _account_needed(request: HttpRequest) -> HttpResponse:
    """Sign up or log in to go on; both come back here with every answer kept (the session)."""
    back = urlencode({"next": request.get_full_path()})
    context = {
        "signup_url": f"{reverse('account_signup')}?{back}",
        "login_url": f"{reverse('web:login')}?{back}",
        **_nav("consents"),
    }
    return render(request, "journey/account_needed.html", context)


def _with_account(request: AuthenticatedRequest, answers: dict[str, Any]) -> HttpResponse | None:
    """A new account first says who the patient is (the profile); answers given before logging in
    are checked against the account once, and a "who" answer that does not fit is asked again."""
    if needs_patient_profile(request.user):
        return redirect(f"{reverse('patient-profile')}?{urlencode({'next': request.get_full_path()})}")
    if request.session.pop(ANONYMOUS_KEY, False) and "requester_kind" in answers:
        given = {key: answers[key] for key in ("requester_kind", "represented") if key in answers}
        if not WhoForm(data=given, user=request.user).is_valid():
            answers.pop("requester_kind", None)
            answers.pop("represented", None)
            request.session[SESSION_KEY] = answers
    return None


def _protocol_code(answers: dict[str, Any]) -> str:
    treating_id = answers.get("treating_practitioner")
    treating = Practitioner.objects.filter(pk=treating_id).first() if isinstance(treating_id, int) else None
    if treating is None:  # named in free text: the kind the patient chose
        return answers["protocol"] if "unlisted" in answers and answers.get("protocol") in PROTOCOLS else ""
    return PROTOCOL_FOR_DISCIPLINE.get(treating.discipline, "")


def _situation(answers: dict[str, Any]) -> Situation:
    return Situation(
        protocol=_protocol_code(answers),
        wants_transfer=answers["wants_transfer"] == "yes",
        under_treatment=answers["under_treatment"],
        treatment_started=answers["treatment_started"] == "yes",
        subject=answers["subject"],
        requester_kind=answers["requester_kind"],
    )


def _to_guidance(
    request: HttpRequest,
    answers: dict[str, Any],
    classification: str,
    rule_ids: tuple[str, ...] | list[str],
    details: list[Text] = (),  # type: ignore[assignment]
) -> HttpResponse:
    request.session[GUIDANCE_KEY] = {
        "protocol": _protocol_code(answers),
        "classification": classification,
        "rule_ids": list(rule_ids),
        "details": [detail.as_dict() for detail in details],
        "requester_kind": answers.get("requester_kind", "patient"),
    }
    return redirect("journey:request-guidance")


def _summary(request: AuthenticatedRequest, answers: dict[str, Any], *, acting_for: str = "") -> HttpResponse:
    error: DomainError | None = None
    status = 200
    key = submit_key(request, answers)
    if request.method == "POST":
        try:
            sending, first = submit_once(
                actor=request.user,
                key=key,
                submit=lambda: journey_submit(actor=request.user, answers=answers, source=SOURCE),
            )
        except DomainError as exc:
            guided = {"R2", "R5", "R7"} & set(exc.rule_ids)
            if guided:
                classification, _rules = intake_of(_situation(answers))
                details = [violation.detail for violation in exc.violations]
                return _to_guidance(request, answers, classification, exc.rule_ids, details)
            error, status = exc, exc.status
        else:
            if not first or sending.case is None:
                return landing(request, sending)
            request.session.pop(SESSION_KEY, None)
            messages.success(
                request, _("Your request has been submitted as %(ref)s.") % {"ref": sending.case.reference}
            )
            return redirect("web:case", case_id=sending.case_id)
    treating = Practitioner.objects.select_related("organisation").get(pk=answers["treating_practitioner"])
    protocol_code = PROTOCOL_FOR_DISCIPLINE[treating.discipline]
    context = {
        **_nav("summary"),
        # Costs, reimbursement and time before the patient submits (journey/costs.py).
        **summary_costs(
            user=request.user,
            answers=answers,
            protocol=protocol_code,
            organisation_id=answers.get("organisation"),
        ),
        "answers": answers,
        "treating": treating,
        "protocol": get_protocol(protocol_code),
        "organisation": Organisation.objects.filter(pk=answers["organisation"]).first(),
        "represented_name": acting_for,
        "acting_for": acting_for,
        "files": intake_files(actor=request.user, patient_id=draft_patient_id(request.user, answers) or 0),
        "error": error,
        "submit_key": key,
        "representative_consent": content.representative_consent(),
        "r8_blocked": error is not None and ("R8" in error.rule_ids or error.status == 403),
    }
    return render(request, "journey/step_summary.html", context, status=status)


def _represented_name(request: AuthenticatedRequest, answers: dict[str, Any]) -> str:
    if answers.get("requester_kind") != "representative":
        return ""
    patient_id = answers.get("represented")
    if not isinstance(patient_id, int):
        return ""
    first = request.user.representations.filter(patient_id=patient_id).select_related("patient").first()
    return first.patient.name if first else ""


@never_cache
def request_guidance(request: AuthenticatedRequest) -> HttpResponse:
    """Where the wizard ends when the rules say it is not a second opinion: what to do instead."""
    guidance = request.session.get(GUIDANCE_KEY)
    if not guidance or guidance.get("protocol") not in PROTOCOLS:
        raise Http404
    protocol = get_protocol(guidance["protocol"])
    classification = guidance["classification"]
    key = content.INTAKE_OUTCOME.get(classification, content.COMPLAIN)
    context = {
        "outcome": outcome_for(key, protocol.code),
        "guidance": guidance_for(protocol, classification),
        # The rules in plain words to the reader: "u", or "de patiënt" to a representative.
        "rules": rules_for_reader(guidance["rule_ids"], guidance.get("requester_kind", "patient")),
        "details": [Text(d["nl"], d["en"]) for d in guidance["details"]],
        "key": key,
    }
    return render(request, "journey/guidance.html", context)
