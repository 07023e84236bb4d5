"""/account/: django-allauth's pages (sign-up, e-mail verification, password reset, e-mail change,
an identity provider's login) and the patient's profile and deletion request. allauth's own login
page leads to /login/, the one login page for everyone."""

from django.urls import include, path

from secondopinion.accounts import patient_views

urlpatterns = [
    path("login/", patient_views.login_redirect, name="account-login-redirect"),
    path("profiel/", patient_views.patient_profile, name="patient-profile"),
    path("verwijderen/", patient_views.deletion_request, name="account-deletion"),
    path("", include("allauth.urls")),
]
