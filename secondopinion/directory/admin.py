"""Maintainers manage the directory here. Patients and cases are deliberately absent: every read of
patient data goes through the access checks and the access log, which the admin would bypass.

A representation names a patient, so its list shows the patient's name only, never the BSN, and
it is searched by the representative, not by patient identifiers."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from secondopinion.accounts.models import PatientProfileHold
from secondopinion.audit.admin_reads import PatientDataAdmin
from secondopinion.audit.kinds import DataKind
from secondopinion.billing.admin import PracticePriceInline
from secondopinion.directory.models import (
    Affiliation,
    DeclaredInterest,
    Organisation,
    Patient,
    Practitioner,
    Representative,
    StaffMember,
)
from secondopinion.planning.admin import StepDurationInline


class AffiliationInline(admin.TabularInline):
    """R10: where a practitioner worked, and when."""

    model = Affiliation
    extra = 0
    fields = ("organisation", "start", "end")
    autocomplete_fields = ("organisation",)


class MemberAffiliationInline(admin.TabularInline):
    """R10: who worked at this organisation, and when."""

    model = Affiliation
    extra = 0
    fields = ("practitioner", "start", "end")
    autocomplete_fields = ("practitioner",)


class DeclaredInterestInline(admin.TabularInline):
    """R10: the practitioner's declared interests in a colleague or an organisation."""

    model = DeclaredInterest
    fk_name = "practitioner"
    extra = 0
    fields = ("description", "related_practitioner", "related_organisation")
    autocomplete_fields = ("related_practitioner", "related_organisation")


class InterestInOrganisationInline(admin.TabularInline):
    """The interests practitioners declared in this organisation."""

    model = DeclaredInterest
    fk_name = "related_organisation"
    extra = 0
    fields = ("practitioner", "description")
    autocomplete_fields = ("practitioner",)
    verbose_name = _("declared interest in this organisation")
    verbose_name_plural = _("declared interests in this organisation")


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "agb_code", "ura_code", "city", "parent")
    list_filter = ("kind", "city")
    search_fields = ("name", "agb_code", "ura_code", "city")
    autocomplete_fields = ("parent",)
    # The practice's own prices (billing) and expected durations (planning) are kept with it.
    inlines = (MemberAffiliationInline, InterestInOrganisationInline, PracticePriceInline, StepDurationInline)


@admin.register(Practitioner)
class PractitionerAdmin(admin.ModelAdmin):
    list_display = (
        "name",
        "discipline",
        "specialism",
        "agb_code",
        "big_number",
        "organisation",
        "ont_member",
    )
    list_filter = ("discipline", "ont_member", "organisation__kind")
    search_fields = ("name", "agb_code", "big_number", "specialism", "organisation__name")
    raw_id_fields = ("user",)
    autocomplete_fields = ("organisation",)
    list_select_related = ("organisation",)
    inlines = (AffiliationInline, DeclaredInterestInline)


@admin.register(StaffMember)
class StaffMemberAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "function")
    list_filter = ("function",)
    search_fields = ("user__username", "user__first_name", "user__last_name", "organisation__name")
    list_select_related = ("user", "organisation")
    raw_id_fields = ("user",)
    autocomplete_fields = ("organisation",)


@admin.register(Representative)
class RepresentativeAdmin(PatientDataAdmin):
    """Representations (R8). The patient is named, never identified by BSN in lists or search; each
    page that names her is a logged read (audit/admin_reads.py)."""

    log_data = DataKind.REPRESENTATION

    list_display = ("user", "patient_name", "relation", "consent_given_at", "consent_revoked_at")
    list_filter = ("relation", ("consent_revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("user__username", "user__first_name", "user__last_name")
    list_select_related = ("user", "patient")
    raw_id_fields = ("user", "patient")
    date_hierarchy = "consent_given_at"
    # R8, R18: the consent is the patient's to give (Mijn vertegenwoordigers) or a coordinator's to
    # record from a signed form, each with an access-log event; a maintainer only registers the person.
    # The check of a parent's authority (WGBO) is the coordinator's to record, logged, likewise.
    readonly_fields = (
        "consent_given_at",
        "consent_method",
        "consent_recorded_by_name",
        "consent_revoked_at",
        "authority_verified_at",
        "authority_verified_by_name",
        "authority_evidence",
        "authority_evidence_note",
        "authority_revoked_at",
    )

    @admin.display(description=_("patient"), ordering="patient__name")
    def patient_name(self, obj: Representative) -> str:
        return obj.patient.name


@admin.register(PatientProfileHold)
class PatientProfileHoldAdmin(PatientDataAdmin):
    """Self-registered details whose BSN is already known: the coordinator checks and resolves them.
    The details name a BSN that is a patient's: each page that shows them is a logged read of hers."""

    list_display = ("name", "date_of_birth", "created_at", "resolved_at")
    list_filter = ("resolved_at",)
    readonly_fields = ("user", "name", "date_of_birth", "bsn", "created_at")
    log_data = DataKind.IDENTITY

    def patient_ids(self, rows: list[PatientProfileHold]) -> list[int | None]:
        by_bsn = dict(Patient.objects.filter(bsn__in={row.bsn for row in rows}).values_list("bsn", "pk"))
        return [by_bsn.get(row.bsn) for row in rows]
