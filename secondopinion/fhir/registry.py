"""Every resource type the endpoint serves, by name (fhir/kinds.py)."""

from secondopinion.fhir import subscriptions
from secondopinion.fhir.kinds import Kind
from secondopinion.fhir.resources import documents, ledger, people, requests

KINDS: dict[str, Kind] = {
    kind.name: kind
    for module in (people, requests, documents, ledger, subscriptions)
    for kind in module.KINDS
}
