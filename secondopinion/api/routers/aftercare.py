"""The API of the patient's side: the messages of a case (GET and POST /api/v1/cases/{id}/messages).
Mounted on the project's API in api/urls.py; errors are problem+json like every other endpoint."""

from datetime import datetime
from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path, Router
from ninja import Status as Reply

from secondopinion.aftercare import selectors, services
from secondopinion.aftercare.models import Message
from secondopinion.api.auth import BearerToken, actor
from secondopinion.api.fields import MAX_ID, Answer, Schema
from secondopinion.api.schemas import Problem

SOURCE = "api"
CaseId = Annotated[int, Path(ge=1, le=MAX_ID)]
ERRORS = dict.fromkeys((400, 401, 403, 404, 409, 413, 422), Problem)

router = Router(tags=["messages"])


class MessageIn(Schema):
    body: str


class MessageOut(Answer):
    id: int
    author: str
    author_role: str
    body: str
    created_at: datetime
    read_at: datetime | None


def _out(message: Message) -> dict[str, Any]:
    return {
        "id": message.pk,
        "author": str(message.author),
        "author_role": message.author_role,
        "body": message.body,
        "created_at": message.created_at,
        "read_at": message.read_at,
    }


@router.get(
    "/cases/{case_id}/messages", auth=BearerToken("cases:read"), response={200: list[MessageOut], **ERRORS}
)
def message_list(request: HttpRequest, case_id: CaseId) -> Any:
    """The thread between the patient's side and the coordinator, oldest first (the read is logged)."""
    _case, thread = selectors.message_list(user=actor(request), case_id=case_id, source=SOURCE)
    return [_out(message) for message in thread]


@router.post(
    "/cases/{case_id}/messages", auth=BearerToken("cases:write"), response={201: MessageOut, **ERRORS}
)
def message_create(request: HttpRequest, case_id: CaseId, payload: MessageIn) -> Any:
    """Send a message; the other side gets an e-mail notice without its content."""
    message = services.message_send(actor=actor(request), case_id=case_id, body=payload.body, source=SOURCE)
    return Reply(201, _out(message))
