from django.conf import settings
from django.db import models


class AccessEvent(models.Model):
    """One access to patient data, after NEN 7513: who, for whom, which data, what, when, on what basis."""

    class Action(models.TextChoices):
        CREATE = "create", "create"
        READ = "read", "read"
        UPDATE = "update", "update"
        PRINT = "print", "print"
        EXPORT = "export", "export"
        SEARCH = "search", "search"
        SEND = "send", "send"

    class Source(models.TextChoices):
        WEB = "web", "web"
        API = "api", "api"
        COMMAND = "command", "command"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    actor_name = models.CharField(max_length=200)
    role = models.CharField(max_length=30)
    on_behalf_of = models.CharField(max_length=200, blank=True)
    patient = models.ForeignKey(
        "directory.Patient",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_events",
    )
    case = models.ForeignKey(
        "cases.SecondOpinionCase", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.CharField(max_length=100, help_text="Which data: case, report, worklist, …")
    action = models.CharField(max_length=10, choices=Action.choices)
    source = models.CharField(max_length=10, choices=Source.choices)
    basis = models.CharField(max_length=50, help_text="The ground for access: a role, or a consent.")
    emergency = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    action__in=["create", "read", "update", "print", "export", "search", "send"]
                ),
                name="access_action_valid",
            )
        ]
