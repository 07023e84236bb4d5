"""The CapabilityStatement at /fhir/R4/metadata, made from what the registry serves: each type with
read and search-type and its search parameters, the transaction interaction, and nothing else.
The models are fhir.resources' R4B (4.3.0), which for these resources is wire-compatible with R4
(4.0.1), the version this server declares."""

from django.http import HttpRequest
from fhir.resources.R4B.capabilitystatement import CapabilityStatement

from secondopinion.fhir.registry import KINDS

FHIR_VERSION = "4.0.1"
RELEASED = "2026-12-03"
# Every search pages (fhir/search.py): the searchset's links carry _count and _offset.
PAGING = [
    {"name": "_count", "type": "number", "documentation": "page size: 20, at most 100"},
    {"name": "_offset", "type": "number", "documentation": "where the page starts, as the next link says"},
]


def capability_statement(request: HttpRequest) -> CapabilityStatement:
    resources = [
        {
            "type": kind.name,
            "interaction": [{"code": "read"}]
            + ([{"code": "search-type"}] if kind.search else [])
            + ([{"code": "create"}] if kind.create else [])
            + ([{"code": "delete"}] if kind.delete else []),
            "searchParam": [
                {"name": name, "type": typ, "documentation": doc} for name, (typ, doc) in kind.params.items()
            ]
            + (PAGING if kind.search else [])
            or None,
            "searchInclude": list(kind.includes) or None,
            "documentation": kind.documentation or None,
        }
        for kind in KINDS.values()
    ]
    return CapabilityStatement.model_validate(
        {
            "status": "active",
            "date": RELEASED,
            "kind": "instance",
            "name": "TweedeMeningFHIR",
            "title": "Tweede Mening FHIR R4 endpoint",
            "software": {"name": "Tweede Mening"},
            "implementation": {
                "description": "Second-opinion requests (referrals in, workflow out)",
                "url": request.build_absolute_uri("/fhir/R4"),
            },
            "fhirVersion": FHIR_VERSION,
            "format": ["application/fhir+json", "json"],
            "rest": [
                {
                    "mode": "server",
                    "documentation": "Bearer tokens of /api/v1/auth/token with their scopes; errors are OperationOutcomes.",
                    "security": {
                        "cors": False,
                        "service": [
                            {
                                "coding": [
                                    {
                                        "system": "http://terminology.hl7.org/CodeSystem/restful-security-service",
                                        "code": "OAuth",
                                    }
                                ],
                                "text": "Bearer token",
                            }
                        ],
                    },
                    "resource": resources,
                    "interaction": [
                        {
                            "code": "transaction",
                            "documentation": "a referral: Patient, Practitioner/Organization, ServiceRequest, DocumentReference or Binary",
                        }
                    ],
                }
            ],
        }
    )
