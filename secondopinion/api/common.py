"""What the API's routers share: the audit source, the case id in a path, and the error responses."""

from typing import Annotated

from ninja import Path

from secondopinion.api import schemas as s

SOURCE = "api"
CaseId = Annotated[int, Path(ge=1, le=s.MAX_ID)]
ERRORS = {
    400: s.Problem,
    401: s.Problem,
    403: s.Problem,
    404: s.Problem,
    409: s.Problem,
    413: s.Problem,
    422: s.Problem,
}
