from django.contrib import admin

from secondopinion.billing.models import TariffCode


@admin.register(TariffCode)
class TariffCodeAdmin(admin.ModelAdmin):
    list_display = ("code", "description_nl", "valid_from", "valid_until")
