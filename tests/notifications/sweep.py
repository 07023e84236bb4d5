"""A notification of the other organisation's patient, for the sweep of foreign ids (tests/access/test_sweep.py)."""

from secondopinion.notifications.models import Alert


def notification_ids(side) -> dict[str, int]:
    case = side.case("submitted")
    alert, _new = Alert.objects.get_or_create(
        recipient_id=side.patient.user_id, case=case, kind=Alert.Kind.STATUS, status="accepted"
    )
    return {"alert_id": alert.pk}
