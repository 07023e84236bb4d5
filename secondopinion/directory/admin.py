"""Maintainers manage the directory here. Patients and cases are deliberately absent: every read of
patient data goes through the access checks and the access log, which the admin would bypass."""

from django.contrib import admin

from secondopinion.directory.models import Organisation, Practitioner, StaffMember


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "agb_code", "city")
    search_fields = ("name", "agb_code", "city")


@admin.register(Practitioner)
class PractitionerAdmin(admin.ModelAdmin):
    list_display = ("name", "discipline", "agb_code", "organisation")
    list_filter = ("discipline",)
    search_fields = ("name", "agb_code")
    raw_id_fields = ("user",)


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "function")
    list_filter = ("function",)
