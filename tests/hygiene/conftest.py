from tests.api.conftest import api_as  # noqa: F401 (the API client fixture, shared with tests/api)
from tests.documents.conftest import document_root, examined_case  # noqa: F401 (the uploads' fixtures)
from tests.fhir.conftest import fhir_as  # noqa: F401 (the FHIR client fixture, shared with tests/fhir)
