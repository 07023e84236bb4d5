"""Issue 13's pages under one include (config/urls.py): the patient's letters ("letters:") and the
organisation's turnaround ("planning:", secondopinion/planning/urls.py)."""

from django.urls import include, path

from secondopinion.letters import views

letter_patterns = [
    # The patient's letters to the own practitioner: made on this page, listed on the case page.
    path("cases/<int:case_id>/brieven/", views.letters_page, name="letters"),
    *[
        path(
            f"brieven/<int:letter_id>/brief.{kind}",
            views.letter_download,
            {"kind": kind},
            name=f"letter-{kind}",
        )
        for kind in ("pdf", "docx")
    ],
]

urlpatterns = [
    path("", include((letter_patterns, "letters"))),
    path("", include("secondopinion.planning.urls")),
]
