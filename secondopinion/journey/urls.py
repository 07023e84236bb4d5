from django.urls import path

from secondopinion.journey import guide_views, intake_views, unlisted_views, views

app_name = "journey"

# Dutch paths, as the patient sees them; one name per wizard step.
STEP_PATHS = {
    "who": "wie",
    "practitioner": "behandelaar",
    "question": "vraag",
    "situation": "situatie",
    "referral": "verwijzing",
    "place": "waar",
    "consents": "toestemming",
    "documents": "stukken",
    "summary": "overzicht",
}

urlpatterns = [
    path("keuzehulp/", guide_views.decision, name="decide"),
    path("vergoeding/", guide_views.reimbursement, name="reimbursement"),
    path("gever-zoeken/", guide_views.givers, name="givers"),
    path("aanvraag/", views.request_start, name="request"),
    path("aanvraag/advies/", views.request_guidance, name="request-guidance"),
    path("aanvraag/stukken/<int:file_id>/", intake_views.intake_preview, name="intake-preview"),
    path("aanvraag/stukken/<int:file_id>/weghalen/", intake_views.intake_delete, name="intake-delete"),
    # The coordinator's: requests whose practitioner the patient named in free text, to link.
    path("aanvragen/te-koppelen/", unlisted_views.unlisted_list, name="unlisted"),
    path("aanvragen/te-koppelen/<int:unlisted_id>/", unlisted_views.unlisted_link_page, name="unlisted-link"),
    path(
        "aanvragen/te-koppelen/<int:unlisted_id>/toevoegen/",
        unlisted_views.unlisted_register_page,
        name="unlisted-register",
    ),
    *[
        path(f"aanvraag/{slug}/", views.request_step, {"step": step}, name=f"request-{step}")
        for step, slug in STEP_PATHS.items()
    ],
]
