from django.conf import settings
from django.db import models


class Notification(models.Model):
    """An e-mail owed to someone: written in the same transaction as the change it reports, delivered by a
    task after commit. The row is the outbox, so a notification acknowledged is never lost to a crash."""

    class State(models.TextChoices):
        QUEUED = "queued", "queued"
        SENT = "sent", "sent"
        FAILED = "failed", "failed"
        # Owed, but the account has no e-mail address: recorded, so the promise is not silently lost.
        NO_ADDRESS = "no_address", "not sent: no e-mail address"

    kind = models.CharField(max_length=30)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    email = models.EmailField(blank=True)
    name = models.CharField(max_length=200)
    language = models.CharField(max_length=5, default="nl")
    # A case's reference, or the organisation that invites (an organisation's name, up to 200 characters).
    reference = models.CharField(max_length=200)
    # Who sends it, by name, where the message names its sender (an invitation: who invites); empty
    # for news from the product itself.
    sender = models.CharField(max_length=200, blank=True)
    link = models.URLField(max_length=500, blank=True)
    # A link that is itself a credential (a records upload link) is kept only until the mail has gone.
    secret_link = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=["queued", "sent", "failed", "no_address"]),
                name="notification_state_valid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.email} ({self.state})"


class Alert(models.Model):
    """One entry of a user's in-product notification list ("Meldingen"): a case they hold a role in
    changed status, or a message arrived in a case thread they take part in. It stores no content:
    the words are made when it is shown, in the reader's language, from the kind, the status and the
    case's reference, so an entry never says more than its reader may see."""

    class Kind(models.TextChoices):
        STATUS = "status", "status change"
        MESSAGE = "message", "new message"
        # An appointment booked, moved, cancelled or due tomorrow (appointments/notify.py); `status`
        # holds which of those (booked, moved, cancelled, reminder).
        CONSULT = "consult", "appointment"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("cases.SecondOpinionCase", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The status the case reached (kind "status"), what happened to the appointment (kind "consult");
    # empty for a message.
    status = models.CharField(max_length=30, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="alert_recipient_newest"),
            models.Index(fields=["recipient", "read_at"], name="alert_recipient_unread"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["status", "message", "consult"]), name="alert_kind_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.case_id} → {self.recipient_id}"


class Preference(models.Model):
    """What a user wants by e-mail besides the list in the product. Without a row, both are on: a
    promised e-mail is the default (the language is the user's own, accounts.User.preferred_language)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    email_status = models.BooleanField(default=True)
    email_messages = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.user_id}: status {self.email_status}, messages {self.email_messages}"
