"""A notification of the other organisation's patient, for the sweep of foreign ids (tests/access/test_sweep.py)."""

from secondopinion.notifications.models import Alert


def notification_ids(side) -> dict[str, int]:
    case = side.case("submitted")
    # The first such alert, or a new one: under a broken access rule a leaking request may have made more
    # (get_or_create would then fail with MultipleObjectsReturned instead of the sweep listing the leak).
    values = {
        "recipient_id": side.patient.user_id,
        "case": case,
        "kind": Alert.Kind.STATUS,
        "status": "accepted",
    }
    alert = Alert.objects.filter(**values).order_by("pk").first() or Alert.objects.create(**values)
    return {"alert_id": alert.pk}
