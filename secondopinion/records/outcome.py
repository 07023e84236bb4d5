"""Whether the records asked of the patient's own practitioner failed to come (R16, R17; seed 004).

A request that was declined, or that expired unanswered while the patient's consent stood, leaves the
giver without the records; the patient may then fetch them herself (the practitioner is legally
obliged to give them), and without them the giver may need an examination of his own at her cost.
A request that expired because she revoked her consent is her own choice, not news to her. A later
request, still open or answered with records, supersedes what went before."""

from collections.abc import Sequence

from secondopinion.records.models import DataRequest

State = DataRequest.State


def withdrawn(request: DataRequest) -> bool:
    """Closed because the consent it rested on was revoked (R18), not because time ran out."""
    revoked = request.consent.revoked_at
    return (
        request.state == State.EXPIRED
        and revoked is not None
        and request.closed_at is not None
        and revoked <= request.closed_at
    )


def not_supplied(requests: Sequence[DataRequest]) -> DataRequest | None:
    """The newest request that ended without records, unless a newer one is open or brought records;
    `requests` newest first, each with its consent (records/data_requests.py data_requests_of)."""
    for request in requests:
        if request.state in (State.REQUESTED, State.FULFILLED):
            return None
        if request.state == State.DECLINED or not withdrawn(request):
            return request
    return None
