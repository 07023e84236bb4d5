from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from secondopinion.accounts.models import AccountDeletionRequest, User

admin.site.register(User, UserAdmin)


@admin.register(AccountDeletionRequest)
class AccountDeletionRequestAdmin(admin.ModelAdmin):
    """Requests to delete an account: the practice answers the patient and ticks `handled at`."""

    list_display = ("username", "email", "requested_at", "handled_at")
    list_filter = ("handled_at",)
    readonly_fields = ("user", "username", "email", "reason", "requested_at")


# Details on hold (PatientProfileHold) name a patient's BSN: their admin is directory/admin.py's, whose
# pages log each read of patient data (audit/admin_reads.py).
