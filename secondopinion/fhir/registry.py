"""Every resource type the endpoint serves, by name (fhir/kinds.py)."""

from secondopinion.fhir.kinds import Kind
from secondopinion.fhir.resources import people, requests

KINDS: dict[str, Kind] = {kind.name: kind for module in (people, requests) for kind in module.KINDS}
