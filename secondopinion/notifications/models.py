from django.conf import settings
from django.db import models


class Notification(models.Model):
    """An e-mail owed to someone: written in the same transaction as the change it reports, delivered by a
    task after commit. The row is the outbox, so a notification acknowledged is never lost to a crash."""

    class State(models.TextChoices):
        QUEUED = "queued", "queued"
        SENT = "sent", "sent"
        FAILED = "failed", "failed"

    kind = models.CharField(max_length=30)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    email = models.EmailField()
    name = models.CharField(max_length=200)
    language = models.CharField(max_length=5, default="nl")
    reference = models.CharField(max_length=40)
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
                condition=models.Q(state__in=["queued", "sent", "failed"]), name="notification_state_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.email} ({self.state})"
