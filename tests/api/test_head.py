"""HEAD on the API is GET without the body (RFC 9110): same status, headers and checks, and the read is
logged like any other; where there is no GET it is refused with 405 naming what there is."""

import pytest

from secondopinion.audit.models import AccessEvent

pytestmark = pytest.mark.django_db


def head(api, path: str):
    return api.client.head(f"/api/v1{path}", **api.headers)


def test_head_on_a_case_answers_its_headers_without_a_body_and_logs_the_read(cast, api_as, a_case):
    api = api_as("patient_user")
    full = api.get(f"/cases/{a_case.pk}")
    reads = AccessEvent.objects.filter(case=a_case, action="read").count()

    headers_only = head(api, f"/cases/{a_case.pk}")

    assert headers_only.status_code == 200
    assert headers_only.content == b""
    assert headers_only["Content-Type"] == full["Content-Type"]
    assert int(headers_only["Content-Length"]) > 0
    assert "no-store" in headers_only["Cache-Control"]
    assert AccessEvent.objects.filter(case=a_case, action="read").count() == reads + 1


def test_head_is_refused_where_get_is_and_where_there_is_no_get(cast, api_as, a_case):
    stranger = head(api_as("stranger"), f"/cases/{a_case.pk}")
    anonymous = head(api_as(None), f"/cases/{a_case.pk}")
    post_only = head(api_as("patient_user"), "/auth/token")

    assert stranger.status_code == 404
    assert anonymous.status_code == 401
    assert post_only.status_code == 405
    assert "POST" in post_only["Allow"]
    assert b"" == stranger.content == anonymous.content == post_only.content
