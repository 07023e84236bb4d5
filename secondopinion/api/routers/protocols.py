"""The protocols and their rules, public."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from secondopinion.api import schemas as s
from secondopinion.api.serializers import protocol_json
from secondopinion.protocols.registry import PROTOCOLS

router = Router()


@router.get(
    "/protocols",
    auth=None,
    response={200: list[s.ProtocolOut]},
    tags=["protocols"],
    operation_id="secondopinion_api_urls_protocol_list",
)
def protocol_list(request: HttpRequest) -> Any:
    """Every rule of every protocol, with its citation and its text in Dutch and English."""
    return [protocol_json(p) for p in PROTOCOLS.values()]
