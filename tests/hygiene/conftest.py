from tests.api.conftest import api_as  # noqa: F401 (the API client fixture, shared with tests/api)
from tests.fhir.conftest import fhir_as  # noqa: F401 (the FHIR client fixture, shared with tests/fhir)
