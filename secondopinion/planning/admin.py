"""An organisation's own expected durations, edited with the organisation (directory/admin.py)."""

from django.contrib import admin

from secondopinion.planning.models import StepDuration


class StepDurationInline(admin.TabularInline):
    """Days per protocol and step that replace the protocol's defaults (protocols/durations.py)."""

    model = StepDuration
    extra = 0
    fields = ("protocol", "status", "days")
