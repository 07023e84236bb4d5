"""What the endpoint serves of each resource type: its scope, its read, its search with the search
parameters it takes and the includes it follows. The CapabilityStatement is made from these, so it
says exactly what is implemented."""

from collections.abc import Callable
from dataclasses import dataclass, field

from fhir.resources.R4B.resource import Resource

from secondopinion.accounts.models import User
from secondopinion.core.text import Text
from secondopinion.fhir.outcomes import FhirError
from secondopinion.fhir.search import Page, Query, digits

NOT_FOUND = Text(
    "Deze bron bestaat niet of u heeft er geen toegang toe.",
    "This resource does not exist or you have no access to it.",
)


def not_found() -> FhirError:
    return FhirError(404, NOT_FOUND)


def int_id(raw: str) -> int:
    """Our numeric ids; any other id names nothing here (404, like an id nobody has)."""
    if not digits(raw) or len(raw) > 11:
        raise not_found()
    return int(raw)


@dataclass(frozen=True)
class Kind:
    name: str
    # The token scope a read or search needs (api/scopes.py); None: any valid token (public directory).
    scope: str | None
    read: Callable[[User, str], Resource]
    search: Callable[[User, Query], Page] | None
    # Search parameter → its FHIR type, with what it matches (for the CapabilityStatement).
    params: dict[str, tuple[str, str]] = field(default_factory=dict)
    includes: tuple[str, ...] = ()
    documentation: str = ""
    # The few types an integrator writes (a Subscription): create from a body, delete by id.
    create: Callable[..., Resource] | None = None
    delete: Callable[..., None] | None = None
