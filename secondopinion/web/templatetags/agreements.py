"""The agreements made beforehand (R14) on the patient's and the representative's case page, in plain
words: a written report or not, who else receives a copy, whether the own practitioner is informed.

Where it was agreed that the own practitioner is informed but the patient's consent for it is not (or no
longer) in force, the report does not reach him (R23, R18): the card says so in words. The consent itself
is given in one place only: the consents card's list of consents the case waits for (consent/awaited.py,
web/includes/consents_awaited.html), with its one button; this card points there while that list asks for
it. A representative cannot give it (access/permissions.py RECORD_CONSENT): the card says who can.

One line in the template: `{% load agreements %}{% agreements_patient case %}`. The case has been read
(and logged) by the page, with its agreements and its rule facts, and the page's context holds the awaited
consents (web/case_sections.py consent_context); nothing more is read here."""

from typing import Any

from django import template

from secondopinion.access.permissions import Action, acting_role
from secondopinion.access.policy import roles_for
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.snapshot import case_snapshot
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.protocols.engine import INFORM_OWN_PRACTITIONER
from secondopinion.protocols.snapshot import CaseSnapshot

register = template.Library()


def own_practitioner_state(snapshot: CaseSnapshot) -> str:
    """Whether and why the own practitioner receives the report (R23), as the patient's page says it:
    "referred" (he referred), "asked" (he asked himself), "consented" (agreed or not, her consent is in
    force), "missing" / "revoked" (agreed, but her consent is not, or no longer, in force), or
    "not_agreed" (not agreed and no consent)."""
    if snapshot.referred_by_treating:
        return "referred"
    if snapshot.requester_kind == "practitioner":
        return "asked"
    if INFORM_OWN_PRACTITIONER in snapshot.consents_in_force:
        return "consented"
    if not snapshot.inform_own_practitioner_agreed:
        return "not_agreed"
    return "revoked" if INFORM_OWN_PRACTITIONER in snapshot.revoked_consents else "missing"


def referrer_row(case: SecondOpinionCase) -> tuple[Text, Text] | None:
    """A referrer who is not the own practitioner (a GP, a colleague) receives the report in the portal
    as the one who referred (R23, protocols/distribution.py), whatever else was agreed: the card names him,
    so "Nobody else" under the copies stays true. None when there is no such referrer with an account."""
    referrer = case.referrer if case.referrer_id not in (None, case.treating_practitioner_id) else None
    if referrer is None or referrer.user_id is None:
        return None
    label = Text(f"Uw verwijzer ({referrer.name})", f"Your referrer ({referrer.name})")
    if case.requester_kind == "referrer":
        return label, Text(
            "Krijgt het rapport, omdat hij of zij deze second opinion heeft aangevraagd.",
            "Receives the report, because they asked for this second opinion.",
        )
    return label, Text(
        "Krijgt het rapport, omdat hij of zij u voor deze second opinion heeft verwezen.",
        "Receives the report, because they referred you for this second opinion.",
    )


@register.inclusion_tag("web/includes/agreements.html", takes_context=True)
def agreements_patient(context: template.Context, case: SecondOpinionCase) -> dict[str, Any]:
    """The agreements card on the patient's and the representative's case view."""
    agreements = getattr(case, "agreements", None)  # read with the case (cases.selectors.case_get)
    if agreements is None:
        return {"agreements": None}
    roles = context.get("case_roles")
    if roles is None or context.get("case") is not case:
        roles = roles_for(context["request"].user, case)
    state = own_practitioner_state(case_snapshot(case))
    # Asked while the consents card asks for it (it asks nothing of a request that ended).
    awaited = context.get("awaited_consents") or ()
    ask = any(item.purpose == INFORM_OWN_PRACTITIONER for item in awaited)
    return {
        "case": case,
        "agreements": agreements,
        "acting_for": context.get("acting_for", ""),
        "practitioner": case.treating_practitioner.name,
        "referrer": referrer_row(case),
        "state": state,
        "ask": ask,
        # Only the patient gives this consent in the app, on the consents card; her representative is
        # told who can.
        "may_give": ask and acting_role(Action.RECORD_CONSENT, roles) == Role.PATIENT,
    }
