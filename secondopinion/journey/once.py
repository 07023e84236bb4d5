"""The wizard's last step is sent once: its page carries a one-time key (a hidden field, kept with the
answers so two tabs show the same one), and the key is stored with what the sending made
(WizardSubmission, unique). The same page sent again, one after the other or at the same moment,
lands on the case (or the waiting request) the first sending made: nothing acknowledged is lost and
nothing is made twice. Changing an answer afterwards gives the check page a new key."""

import re
import uuid
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from secondopinion.accounts.models import User
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.journey.models import UnlistedRequest, WizardSubmission

SESSION_KEY = "journey"  # the wizard's answers (journey/views.py)
KEY = "submit_key"  # in the answers, and the hidden field's name
_FORMAT = re.compile(r"[0-9a-f]{32}", re.ASCII)


def submit_key(request: HttpRequest, answers: dict[str, Any]) -> str:
    """The key of this sending: the one the page was shown with (sent back by its form), else the one
    kept with the answers, else a new one, kept with them."""
    posted = request.POST.get(KEY, "") if request.method == "POST" else ""
    if _FORMAT.fullmatch(posted):
        return posted
    key = answers.get(KEY)
    if not (isinstance(key, str) and _FORMAT.fullmatch(key)):
        key = answers[KEY] = uuid.uuid4().hex
        request.session[SESSION_KEY] = answers
    return key


def forget_key(answers: dict[str, Any]) -> None:
    """An answer changed: the check page shows what is new, with a key of its own."""
    answers.pop(KEY, None)


def submit_once(
    *,
    actor: User,
    key: str,
    submit: Callable[[], SecondOpinionCase | UnlistedRequest],
) -> tuple[WizardSubmission, bool]:
    """Run `submit` under `key`: (the sending, True) when this call made it; (the earlier sending,
    False) when the key was used before, however close together. The key's row is written first, so
    a second sending at the same moment waits for the first and then finds it; a refusal (a rule
    that blocks) leaves no row, and the key can be sent again once the answers are put right."""
    try:
        with transaction.atomic():
            sending = WizardSubmission.objects.create(key=key, requester=actor)
            made = submit()
            if isinstance(made, SecondOpinionCase):
                sending.case = made
                sending.save(update_fields=["case"])
            else:
                sending.unlisted = made
                sending.save(update_fields=["unlisted"])
    except IntegrityError:
        earlier = sent_with(actor, key)
        if earlier is None:
            raise
        return earlier, False
    return sending, True


def sent_with(actor: User, key: str) -> WizardSubmission | None:
    if not _FORMAT.fullmatch(key):
        return None
    return (
        WizardSubmission.objects.select_related("case", "unlisted__case")
        .filter(key=key, requester=actor)
        .first()
    )


def sent_before(request: HttpRequest) -> HttpResponse | None:
    """A check page sent again after its first sending went through: to what that one made."""
    earlier = sent_with(request.user, request.POST.get(KEY, ""))  # type: ignore[arg-type]
    return landing(request, earlier) if earlier is not None else None


def landing(request: HttpRequest, sending: WizardSubmission) -> HttpResponse:
    """Where a second sending of the same page goes, saying that it was sent already."""
    request.session.pop(SESSION_KEY, None)
    case = sending.case or (sending.unlisted.case if sending.unlisted is not None else None)
    if case is not None:
        messages.info(
            request, _("This request had already been submitted as %(ref)s.") % {"ref": case.reference}
        )
        return redirect("web:case", case_id=case.pk)
    messages.info(
        request,
        _(
            "This request had already been sent. The practice first looks up your practitioner; you "
            "can follow the request here."
        ),
    )
    return redirect("web:home")
