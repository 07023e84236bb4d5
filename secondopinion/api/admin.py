from django.contrib import admin

from secondopinion.api.models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "expires_at", "revoked_at", "last_used_at")
    exclude = ("key_hash",)
    readonly_fields = ("prefix", "created_at", "last_used_at")
