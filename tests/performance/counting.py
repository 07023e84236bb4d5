"""Counting a request's queries: the clients the query-count tests call with, and the statements
they count (transaction control left out)."""

from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from secondopinion.api.models import ApiToken


def client_for(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    client.force_login(user)
    return client


def api_client(user) -> tuple[Client, dict[str, str]]:
    _token, secret = ApiToken.issue(user=user, name="tests")
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {secret}", "HTTP_ACCEPT_LANGUAGE": "nl"}


# Transaction control is not a query: a request's own transaction (BEGIN … COMMIT in production)
# shows as SAVEPOINT … RELEASE inside the test's transaction.
_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "BEGIN", "COMMIT", "ROLLBACK")


def statements(queries: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(_CONTROL)]


def sql(queries: CaptureQueriesContext) -> str:
    return "\n".join(f"{i:>3} {q[:200]}" for i, q in enumerate(statements(queries), 1))


def measured(call) -> tuple[int, Any, str]:
    """How many queries `call` runs (a request, once warm), its answer, and the SQL for a failure."""
    with CaptureQueriesContext(connection) as queries:
        response = call()
    return len(statements(queries)), response, sql(queries)
