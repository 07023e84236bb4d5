"""JSON log lines with the request id (secondopinion/core/logs.py)."""

import json
import logging
import sys

import pytest

from secondopinion.core import logs


@pytest.fixture
def json_lines():
    """Every line logged by Django's request logger during the test, through the JSON formatter."""
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(self.format(record))

    handler = Collect()
    handler.setFormatter(logs.JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def test_every_answer_carries_a_fresh_request_id(client):
    first = client.get("/health/live")
    second = client.get("/health/live")

    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_a_sane_incoming_request_id_is_kept(client):
    response = client.get("/health/live", HTTP_X_REQUEST_ID="lb-7f3a.2_c")

    assert response["X-Request-ID"] == "lb-7f3a.2_c"


@pytest.mark.parametrize(
    "hostile",
    ["a b", "id\r\nSet-Cookie: x=1", "<script>", "x" * 65, "ïd", "", "a/b", '"quoted"'],
)
def test_a_hostile_incoming_request_id_is_replaced(client, hostile):
    response = client.get("/health/live", HTTP_X_REQUEST_ID=hostile)

    assert response["X-Request-ID"] != hostile
    assert len(response["X-Request-ID"]) == 32
    assert response["X-Request-ID"].isalnum()


def test_a_log_line_is_json_with_the_request_id_the_middleware_set(client, db, json_lines):
    response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="probe-1")

    assert response.status_code == 404
    entries = [json.loads(line) for line in json_lines]
    assert entries, "Django logs a 404"
    entry = entries[-1]
    assert entry["request_id"] == "probe-1" == response["X-Request-ID"]
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "django.request"
    assert entry["message"] == "Not Found: /no-such-page/"
    assert entry["time"].endswith("+00:00")


def test_after_the_request_no_id_lingers(client):
    client.get("/health/live")

    assert logs.request_id.get() is None


def test_the_formatter_writes_one_json_object_per_line_with_the_exception():
    try:
        raise ValueError("broken\nacross lines")
    except ValueError:
        record = logging.LogRecord("tm", logging.ERROR, __file__, 1, "failed %s", ("here",), sys.exc_info())
    token = logs.request_id.set("req-9")
    try:
        line = logs.JsonFormatter().format(record)
    finally:
        logs.request_id.reset(token)

    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "failed here"
    assert entry["request_id"] == "req-9"
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "tm"
    assert entry["exception"].startswith("Traceback")
    assert "ValueError: broken" in entry["exception"]


def test_a_record_that_brings_its_own_request_id_keeps_it():
    record = logging.LogRecord("gunicorn.access", logging.INFO, __file__, 1, "GET / 200", (), None)
    record.request_id = "from-the-answer"

    assert json.loads(logs.JsonFormatter().format(record))["request_id"] == "from-the-answer"
