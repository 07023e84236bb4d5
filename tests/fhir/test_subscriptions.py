"""REST-hook Subscriptions to Tasks: kept for their owner, refused naming the element where not
served, and notified with the owner's own Task search (scoped, logged), once per change."""

import json

import pytest

from secondopinion.audit.models import AccessEvent
from secondopinion.fhir import subscriptions as subscriptions_module
from secondopinion.fhir.models import Subscription
from secondopinion.fhir.subscriptions import subscriptions_notify
from tests.fhir.conftest import outcome

pytestmark = pytest.mark.django_db


def subscription(cast, **channel) -> dict:
    return {
        "resourceType": "Subscription",
        "status": "requested",
        "reason": "Follow our referrals",
        "criteria": f"Task?owner=Organization/{cast.giving_practice.pk}",
        "channel": {
            "type": "rest-hook",
            "endpoint": "https://ehr.example.nl/fhir/notify",
            "payload": "application/fhir+json",
            "header": ["Authorization: Bearer ehr-secret"],
            **channel,
        },
    }


PUBLIC = "145.100.190.243"  # a public address (SURF's), as the integrator's host resolves


@pytest.fixture(autouse=True)
def _integrator_resolves_publicly(monkeypatch):
    """No DNS in tests: the integrator's host name leads to one public address unless a test says else."""
    monkeypatch.setattr(subscriptions_module, "_addresses", lambda host: [PUBLIC])


class Endpoint:
    """Stands in for the integrator's endpoint: keeps what was posted, answers `status`."""

    def __init__(self, status: int = 200) -> None:
        self.status_code = status
        self.posted: list[tuple[str, dict, dict]] = []

    def __call__(self, url, *, data, headers, timeout, allow_redirects):
        assert allow_redirects is False
        self.posted.append((url, json.loads(data), headers))
        return self


def test_a_subscription_is_created_read_and_stopped_by_its_owner_only(cast, fhir_as):
    client = fhir_as("coordinator")

    created = client.post("/Subscription", subscription(cast))

    body = created.json()
    assert created.status_code == 201, body
    assert created["Location"].endswith(f"/fhir/R4/Subscription/{body['id']}")
    assert body["status"] == "active"
    assert client.get(f"/Subscription/{body['id']}").status_code == 200
    assert fhir_as("other_coordinator").get(f"/Subscription/{body['id']}").status_code == 404
    assert fhir_as("other_coordinator").call("delete", f"/Subscription/{body['id']}").status_code == 404
    assert client.call("delete", f"/Subscription/{body['id']}").status_code == 204
    assert Subscription.objects.get().status == "off"


@pytest.mark.parametrize(
    ("change", "expression"),
    [
        ({"endpoint": "http://ehr.example.nl/notify"}, "Subscription.channel.endpoint"),
        ({"endpoint": "https://127.0.0.1/notify"}, "Subscription.channel.endpoint"),
        ({"endpoint": "https://localhost/notify"}, "Subscription.channel.endpoint"),
        ({"endpoint": "https://[::ffff:10.0.0.7]/notify"}, "Subscription.channel.endpoint"),
        ({"endpoint": "https://100.64.0.1/notify"}, "Subscription.channel.endpoint"),
        ({"type": "websocket"}, "Subscription.channel"),
        ({"header": ["no colon here"]}, "Subscription.channel.header"),
    ],
)
def test_what_is_not_served_is_refused_naming_the_element(cast, fhir_as, change, expression):
    response = fhir_as("coordinator").post("/Subscription", subscription(cast, **change))

    assert response.status_code == 422
    assert outcome(response)["issue"][0]["expression"] == [expression]
    assert not Subscription.objects.exists()


def test_criteria_other_than_tasks_are_refused(cast, fhir_as):
    body = subscription(cast)
    body["criteria"] = "Patient?identifier=123"

    response = fhir_as("coordinator").post("/Subscription", body)

    assert outcome(response)["issue"][0]["expression"] == ["Subscription.criteria"]


def test_each_change_of_a_task_is_posted_once_with_the_owners_scope(cast, fhir_as, submit, advance):
    fhir_as("coordinator").post("/Subscription", subscription(cast))
    fhir_as("other_coordinator").post("/Subscription", subscription(cast))
    endpoint = Endpoint()
    case = submit()

    first = subscriptions_notify(send=endpoint)
    again = subscriptions_notify(send=endpoint)
    advance(case, "accepted")
    later = subscriptions_notify(send=endpoint)

    assert (first, again, later) == (1, 0, 1)
    statuses = [(b["type"], [e["resource"]["status"] for e in b["entry"]]) for _u, b, _h in endpoint.posted]
    assert statuses == [("history", ["requested"]), ("history", ["accepted"])]
    assert endpoint.posted[0][2]["Authorization"] == "Bearer ehr-secret"
    assert AccessEvent.objects.filter(actor=cast.coordinator, action="search", data="case-list").count() == 2
    assert not AccessEvent.objects.filter(actor=cast.other_coordinator).exists()


def test_a_refused_post_puts_the_subscription_in_error_and_loses_nothing(cast, fhir_as, submit):
    fhir_as("coordinator").post("/Subscription", subscription(cast))
    submit()

    assert subscriptions_notify(send=Endpoint(status=500)) == 0

    row = Subscription.objects.get()
    assert (row.status, row.error) == ("error", "the endpoint answered 500")
    Subscription.objects.update(status="active")
    assert subscriptions_notify(send=Endpoint()) == 1


@pytest.mark.parametrize(
    "addresses",
    [
        ["127.0.0.1"],
        ["10.1.2.3"],
        ["169.254.169.254"],  # a cloud's metadata service
        [PUBLIC, "192.168.1.5"],  # one of them inside is enough to refuse
        ["::1"],
        ["::ffff:127.0.0.1"],
        ["fd00::1"],
        [],
    ],
)
def test_a_name_that_now_leads_inside_is_not_posted_to(cast, fhir_as, submit, addresses):
    """DNS rebinding: the name was public when the Subscription was made; where it leads is checked
    again before each post, and a Bundle of patient data never goes into this network."""
    fhir_as("coordinator").post("/Subscription", subscription(cast))
    submit()
    endpoint = Endpoint()

    posted = subscriptions_notify(send=endpoint, resolve=lambda host: addresses)

    assert (posted, endpoint.posted) == (0, [])
    row = Subscription.objects.get()
    assert (row.status, row.error) == ("error", "the endpoint's name does not lead to public addresses only")


def test_a_name_that_does_not_resolve_is_not_posted_to(cast, fhir_as, submit):
    fhir_as("coordinator").post("/Subscription", subscription(cast))
    submit()

    def unknown(host):
        raise OSError("Name or service not known")

    assert subscriptions_notify(send=Endpoint(), resolve=unknown) == 0
    assert Subscription.objects.get().status == "error"


def test_a_name_that_leads_to_public_addresses_is_posted_to(cast, fhir_as, submit):
    fhir_as("coordinator").post("/Subscription", subscription(cast))
    submit()
    endpoint = Endpoint()

    assert (
        subscriptions_notify(send=endpoint, resolve=lambda host: [PUBLIC, "2001:610:508:108:192:87:108:15"])
        == 1
    )
    assert [url for url, _b, _h in endpoint.posted] == ["https://ehr.example.nl/fhir/notify"]
