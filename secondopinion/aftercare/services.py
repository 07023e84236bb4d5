"""The writes of the patient's side once a case exists: messages, the evaluation (R27); complaints (R28)
live in complaints.py and outcomes in outcomes.py.

Each service is one transaction: it locks the case, checks the actor's role (a stranger gets NotFound,
a related role that may not act NotPermitted), validates, writes, logs one access event and queues
any e-mail, which never carries the message or complaint itself."""

import re

from django.db import transaction
from django.utils import timezone

from secondopinion.access.doors import case_for
from secondopinion.access.permissions import Action
from secondopinion.access.policy import acting_for
from secondopinion.accounts.models import User
from secondopinion.aftercare.complaints import (  # noqa: F401  (the complaint services, by their old address)
    COMPLAINT_NOT_FOUND,
    INADMISSIBLE_PROTOCOLS,
    complaint_acknowledge,
    complaint_decide,
    complaint_extend,
    complaint_file,
    complaint_start_handling,
)
from secondopinion.aftercare.models import COMPLAINT_MAX_LENGTH, MESSAGE_MAX_LENGTH, Evaluation, Message
from secondopinion.aftercare.writing import clean_text
from secondopinion.audit.services import access_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.errors import InvalidInput, TransitionNotAllowed
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.notifications.services import case_message_notify
from secondopinion.protocols.lifecycle import Status
from secondopinion.protocols.vocabulary import CLOSURE_DECISIONS

FORM_KEY = re.compile(r"[0-9a-f]{32}", re.ASCII)  # a form's one-time key: uuid4().hex


@transaction.atomic
def message_send(*, actor: User, case_id: int, body: str, source: str, form_key: str = "") -> Message:
    """A message from the patient's side to the coordinator, or back; the other side gets an e-mail notice.
    The same form sent twice (its one-time `form_key`) is one message: the second send returns the
    first, unchanged, and notifies nobody again. The case is locked, so two sends at once queue."""
    case, role = case_for(actor, case_id, Action.MESSAGE)
    text = clean_text(body, field="body", label=Text("Bericht", "Message"), limit=MESSAGE_MAX_LENGTH)
    key = form_key if FORM_KEY.fullmatch(form_key or "") else ""
    if key and (sent := Message.objects.filter(case=case, author=actor, form_key=key).first()) is not None:
        return sent
    message = Message.objects.create(case=case, author=actor, author_role=role, body=text, form_key=key)
    access_record(
        actor=actor,
        action="create",
        data="message",
        source=source,
        role=role,
        basis=role,
        case=case,
        on_behalf_of=acting_for(role, case),
    )
    case_message_notify(case=case, actor=actor)  # the others in the thread: their list and e-mail
    return message


@transaction.atomic
def evaluation_record(
    *, actor: User, case_id: int, decision: str, satisfaction: int, comment: str, source: str
) -> Evaluation:
    """R27: the patient's own decision after the opinion, and their satisfaction; once, after closure."""
    case, role = case_for(actor, case_id, Action.EVALUATE)
    if case.status != Status.CLOSED:
        raise TransitionNotAllowed(
            Text(
                "U kunt de second opinion evalueren zodra hij is afgesloten.",
                "You can evaluate the second opinion once it has been closed.",
            )
        )
    if Evaluation.objects.filter(case=case).exists():
        raise TransitionNotAllowed(
            Text(
                "De evaluatie is al vastgelegd; dat kan één keer.",
                "The evaluation has already been recorded; that is done once.",
            )
        )
    if decision not in CLOSURE_DECISIONS:
        raise InvalidInput(Text("Kies wat u besluit.", "Choose what you decide."), field="decision")
    if isinstance(satisfaction, bool) or not isinstance(satisfaction, int) or not 1 <= satisfaction <= 5:
        raise InvalidInput(
            Text(
                "Tevredenheid: kies een cijfer van 1 tot en met 5.",
                "Satisfaction: choose a score from 1 to 5.",
            ),
            field="satisfaction",
        )
    note = clean_text(
        comment,
        field="comment",
        label=Text("Toelichting", "Comment"),
        limit=COMPLAINT_MAX_LENGTH,
        required=False,
    )
    evaluation = Evaluation.objects.create(
        case=case,
        decision=decision,
        satisfaction=satisfaction,
        comment=note,
        recorded_by=actor,
        recorded_role=role,
    )
    access_record(
        actor=actor,
        action="create",
        data="evaluation",
        source=source,
        role=role,
        basis=role,
        case=case,
        on_behalf_of=acting_for(role, case),
    )
    return evaluation


@transaction.atomic
def messages_mark_read(*, case: SecondOpinionCase, side: frozenset[Role]) -> int:
    """The messages of the other side become read when this side has seen them."""
    others = Message.objects.filter(case=case, read_at__isnull=True).exclude(
        author_role__in=[r.value for r in side]
    )
    return others.update(read_at=timezone.now())
