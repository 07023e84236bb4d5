"""FHIR R4 (4.0.1) at /fhir/R4: referrals in, second opinions out, over the API's tokens, access rules and access log."""
