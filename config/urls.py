from django.contrib import admin
from django.urls import include, path, re_path

from secondopinion.accounts import passkey_urls
from secondopinion.api.urls import api
from secondopinion.fhir import views as fhir_views
from secondopinion.web import health

urlpatterns = [
    # Answered by web.health.HealthCheckMiddleware before any Host check; here for reverse() and
    # for a set-up without that middleware.
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    # The base without its slash answers too: a client posts its transaction Bundle to the base URL as
    # it was given ("…/fhir/R4"), and a redirect would lose the POST.
    path("fhir/R4", fhir_views.system_level, name="fhir-base"),
    path("fhir/R4/", include("secondopinion.fhir.urls")),  # FHIR R4 (4.0.1) over the API's tokens
    # Anything else under the systems' door /fhir/ answers as FHIR does (an OperationOutcome), not as a page.
    re_path(r"^fhir/(?P<rest>.*)$", fhir_views.outside_the_base, name="fhir-outside"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/", include("secondopinion.accounts.urls")),  # patient accounts (django-allauth)
    # Passkeys as the second factor of practitioners and staff (django-otp-webauthn): the ceremonies
    # and the page where they are added and removed.
    path("passkey/", include(passkey_urls.ceremonies)),
    path("inlogmethoden/", include(passkey_urls.pages)),
    path("", include("secondopinion.journey.urls")),
    path("", include("secondopinion.aftercare.urls")),
    path("", include("secondopinion.notifications.urls")),  # what is new: the list, its e-mail settings
    path("", include("secondopinion.letters.urls")),  # the patient's letters; the turnaround figures
    path("", include("secondopinion.appointments.urls")),  # consult appointments, the giver's agenda
    path("", include("secondopinion.web.urls")),
]

# A request Django refuses before any view (a body too large, an unknown Host, too many fields) gets
# a clear answer in the user's language: a page, problem+json under /api/, an OperationOutcome under /fhir/.
handler400 = "secondopinion.web.errors.bad_request"
