"""The patient's pages before a request, reading only the directory and the protocols, never patient
data: the decision aid, the reimbursement guide and finding a giver. What the decision aid learns is
kept for the request wizard (journey/views.py) to start from."""

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from secondopinion.core.ids import id_from
from secondopinion.core.invisible import search_text
from secondopinion.directory.independence import allowed_disciplines, giver_candidates
from secondopinion.directory.models import Practitioner
from secondopinion.journey import content
from secondopinion.journey.decide import Situation, decide
from secondopinion.journey.forms import practitioners_matching
from secondopinion.journey.guide_forms import DecisionForm, GiverSearchForm
from secondopinion.protocols.registry import PROTOCOLS

MAX_FOUND = 25
# What the decision aid learnt, kept until the wizard starts: it fills in the wizard's answers.
SEED_KEY = "journey_seed"


# The decision aid --------------------------------------------------------------------------


def decision(request: HttpRequest) -> HttpResponse:
    """Questions and, once answered, the verdict with its reasons and rule ids (R5, R6, R7, R2)."""
    form = DecisionForm(request.GET if "protocol" in request.GET or "asked" in request.GET else None)
    verdict = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        verdict = decide(
            Situation(
                protocol=data["protocol"],
                wants_transfer=data["wants_transfer"] == "yes",
                under_treatment={"yes": "no", "no": "yes", "unclear": "unclear"}[data["treatment_ended"]],
                treatment_started=data["protocol"] == "dental-knmt" and data["work_done"] == "yes",
                subject="finished_work"
                if data["protocol"] == "dental-knmt" and data["work_done"] == "yes"
                else "treatment_plan",
                about_the_person=data["about_the_person"] == "yes",
                doubts_the_care=data["doubts_the_care"] == "yes",
            )
        )
        if verdict.key == "second_opinion":
            request.session[SEED_KEY] = _seed(data)
    status = 422 if form.is_bound and not form.is_valid() else 200
    context = {"form": form, "verdict": verdict, "person_note": content.PERSON_NOT_CARE}
    return render(request, "journey/decision.html", context, status=status)


def _seed(data: dict[str, Any]) -> dict[str, str]:
    """The decision aid's answers in the wizard's words: the kind of practitioner and the situation."""
    dental_work_done = data["protocol"] == "dental-knmt" and data["work_done"] == "yes"
    return {
        "protocol": data["protocol"],
        "subject": "finished_work" if dental_work_done else "treatment_plan",
        "treatment_started": "yes" if dental_work_done else "no",
        "under_treatment": {"yes": "no", "no": "yes", "unclear": "unclear"}[data["treatment_ended"]],
        "wants_transfer": data["wants_transfer"],
    }


# Reimbursement and finding a giver ------------------------------------------------------------


def reimbursement(request: HttpRequest) -> HttpResponse:
    """R26 per discipline, with the protocol's tariff codes (R25); never an invented amount."""
    sections = []
    for code, protocol in PROTOCOLS.items():
        sections.append(
            {
                "code": code,
                "protocol": protocol,
                "billing_codes": protocol.billing_codes,
                "current": protocol.billing_code,
                "gp_himself": code == "general-practice",
            }
        )
    context = {
        "sections": sections,
        "texts": {
            "basic": content.BASIC,
            "basic_oral": content.BASIC_ORAL,
            "supplementary": content.SUPPLEMENTARY,
            "who_refers": content.WHO_REFERS,
            "gp_himself": content.GP_HIMSELF,
            "no_prices": content.NO_PRICES,
            "no_code": content.NO_CODE,
        },
    }
    return render(request, "journey/reimbursement.html", context)


def givers(request: HttpRequest) -> HttpResponse:
    """Independent givers for one treating practitioner (R10, R11), by discipline and place."""
    form = GiverSearchForm(request.GET if "practitioner" in request.GET else None)
    query = search_text(request.GET.get("q", ""))
    found = list(practitioners_matching(query)[:MAX_FOUND]) if query else []
    context: dict[str, Any] = {
        "form": form,
        "query": query,
        "found": found,
        "independent": content.INDEPENDENT,
        "mediation": content.CARE_MEDIATION,
    }
    if not form.is_bound:
        return render(request, "journey/givers.html", context)
    # The disciplines to filter on are the treating practitioner's (R10, R11): known before validating.
    treating_id = request.GET.get("practitioner", "")
    treating_pk = id_from(treating_id)
    treating = practitioners_matching("").filter(pk=treating_pk).first() if treating_pk is not None else None
    if treating is None:
        # An unknown or empty practitioner (an old link, or one not in the directory): say so plainly
        # and offer the search, rather than a form error about a "choice".
        context.update(form=GiverSearchForm(), unknown_practitioner=True)
        return render(request, "journey/givers.html", context)
    labels = dict(Practitioner._meta.get_field("discipline").choices or [])
    allowed = sorted(allowed_disciplines(treating)) if treating is not None else []
    discipline_field = form.fields["discipline"]
    assert isinstance(discipline_field, forms.ChoiceField)
    discipline_field.choices = [("", _("All")), *((d, str(labels.get(d, d))) for d in allowed)]
    if not form.is_valid():
        return render(request, "journey/givers.html", context, status=422)
    discipline, city = form.cleaned_data["discipline"], form.cleaned_data["city"].strip().casefold()
    eligible, connected = [], []
    for candidate in giver_candidates(treating=treating):
        person = candidate.practitioner
        if not candidate.eligible:
            if person.pk != treating.pk:
                connected.append(candidate)
        elif (
            not discipline or person.discipline == discipline
        ) and city in person.organisation.city.casefold():
            eligible.append(person)
    context.update(treating=treating, eligible=eligible, connected=connected)
    return render(request, "journey/givers.html", context)
