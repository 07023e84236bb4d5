from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A person who logs in. What they may see follows from their links to the directory."""

    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=[("nl", "Nederlands"), ("en", "English")],
        default="nl",
    )

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class AccountDeletionRequest(models.Model):
    """A patient asks for their account to be removed. It is recorded and the practice is told; nothing
    is deleted automatically: the WGBO keeps medical records for 20 years, so the practice decides
    what may go and answers the patient."""

    user = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="deletion_requests", verbose_name=_("user")
    )
    # Kept as written at the time, so the request stays readable should the account go.
    username = models.CharField(_("username"), max_length=150)
    email = models.EmailField(_("e-mail"), blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("account deletion request")
        verbose_name_plural = _("account deletion requests")

    def __str__(self) -> str:
        return f"{self.username} ({self.requested_at:%Y-%m-%d})"


class PatientProfileHold(models.Model):
    """A self-registered patient's details that could not be linked to a patient record without a
    check by the practice (the BSN is already known). The patient sees the same answer as anyone
    else whose details wait for the practice; a coordinator resolves it."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="patient_profile_hold", verbose_name=_("user")
    )
    name = models.CharField(_("name"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"))
    bsn = models.CharField(_("BSN"), max_length=9)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("patient details on hold")
        verbose_name_plural = _("patient details on hold")

    def __str__(self) -> str:
        return f"{self.name} ({self.created_at:%Y-%m-%d})"
