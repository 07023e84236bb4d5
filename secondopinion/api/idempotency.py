"""The Idempotency-Key header on a create (the IETF's draft-ietf-httpapi-idempotency-key-header).

A system that sent a request and never got the answer (a dropped connection, a timeout, a server
stopped after its commit) cannot know whether the case was made. Sent again with the same key, the
request makes nothing new: the answer is the case the first one made, as it stands now, read like any
other read (the access check, an access-log event). The key is the client's own (a UUID, say), kept
per user for KEEP; the same key with other fields is refused (422), so a client that reuses keys by
mistake does not get someone else's answer. A second request with the key while the first is still
running waits for it (the key's row is held by the first one's transaction) and then answers as above.
"""

import hashlib
import json
from datetime import timedelta
from typing import Annotated, Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from ninja import Header

from secondopinion.accounts.models import User
from secondopinion.api.models import IdempotentRequest
from secondopinion.core.errors import ConcurrentChange, InvalidInput
from secondopinion.core.text import Text

HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
KEEP = timedelta(hours=24)
# Printable ASCII, as the draft's structured-field string allows; a UUID fits well within it.
KeyHeader = Annotated[
    str | None,
    Header(
        None,
        alias=HEADER,
        min_length=1,
        max_length=255,
        pattern=r"^[\x20-\x7e]*[\x21-\x7e][\x20-\x7e]*$",
        description=(
            "Optional. A key of your own (e.g. a UUID) that makes sending this request again safe: "
            f"within {KEEP.days * 24} hours the same key with the same fields answers with the case the "
            "first request made (header Idempotent-Replayed: true) instead of making a second one; the "
            "same key with other fields is refused (422)."
        ),
    ),
]
KEY_REUSED = Text(
    "Deze Idempotency-Key is al gebruikt voor een ander verzoek. Gebruik voor elk nieuw verzoek een "
    "nieuwe sleutel.",
    "This Idempotency-Key was already used for a different request. Use a new key for each new request.",
)
KEY_BUSY = Text(
    "Een verzoek met deze Idempotency-Key liep tegelijk met dit verzoek. Stuur het nog eens.",
    "A request with this Idempotency-Key ran at the same time as this one. Please send it again.",
)


def digest(fields: dict[str, Any]) -> str:
    """The request's fields as parsed, in a fixed order: the same request gives the same digest."""
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def claim(*, user: User, key: str, operation: str, fields: dict[str, Any]) -> IdempotentRequest | int:
    """Within the caller's transaction: the key held for this request (an IdempotentRequest to
    `complete`), or the id of the case an earlier request with this key made. Refuses the key when
    it came with another operation or other fields."""
    assert transaction.get_connection().in_atomic_block, "claim() holds the key in the caller's transaction"
    sent = digest(fields)
    # Keys older than KEEP are forgotten, so the same key may start a new request after a day.
    IdempotentRequest.objects.filter(user=user, created_at__lt=timezone.now() - KEEP).delete()
    try:
        with transaction.atomic():
            return IdempotentRequest.objects.create(user=user, key=key, operation=operation, digest=sent)
    except IntegrityError:
        # The key is taken: by a request that has committed (read now), or that was still running
        # and has committed since (the insert waited for it). One that failed left no row.
        earlier = IdempotentRequest.objects.filter(user=user, key=key).first()
    if earlier is None:  # taken, then forgotten as a day old meanwhile: the client may simply resend
        raise ConcurrentChange(KEY_BUSY, field=HEADER)
    if earlier.operation != operation or earlier.digest != sent or earlier.case_id is None:
        raise InvalidInput(KEY_REUSED, field=HEADER)
    return earlier.case_id


def complete(held: IdempotentRequest, case_id: int) -> None:
    """Record what the request holding the key made (in its transaction, with the case)."""
    held.case_id = case_id
    held.save(update_fields=["case"])
