from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from secondopinion.accounts.models import AccountDeletionRequest, PatientProfileHold, User

admin.site.register(User, UserAdmin)


@admin.register(AccountDeletionRequest)
class AccountDeletionRequestAdmin(admin.ModelAdmin):
    """Requests to delete an account: the practice answers the patient and ticks `handled at`."""

    list_display = ("username", "email", "requested_at", "handled_at")
    list_filter = ("handled_at",)
    readonly_fields = ("user", "username", "email", "reason", "requested_at")


@admin.register(PatientProfileHold)
class PatientProfileHoldAdmin(admin.ModelAdmin):
    """Self-registered details whose BSN is already known: the coordinator checks and resolves them."""

    list_display = ("name", "date_of_birth", "created_at", "resolved_at")
    list_filter = ("resolved_at",)
    readonly_fields = ("user", "name", "date_of_birth", "bsn", "created_at")
