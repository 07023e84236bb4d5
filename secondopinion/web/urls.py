from django.contrib.auth import views as auth_views
from django.urls import include, path

from secondopinion.accounts import views as account_views
from secondopinion.web import (
    audit_views,
    authority_views,
    data_request_views,
    document_views,
    identity_views,
    in_writing_views,
    inbox_views,
    outside_copy_views,
    reading_views,
    representation_views,
    security_log_views,
    views,
)
from secondopinion.web.forms import STEP_FORMS

app_name = "web"

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="web/login.html", redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("login/code/", account_views.otp_verify, name="otp-verify"),
    path("login/authenticator/", account_views.otp_enrol, name="otp-enrol"),
    path("", views.home, name="home"),
    path("cases/new/", views.case_new, name="case-new"),
    path("cases/<int:case_id>/", views.case_detail, name="case"),
    path("cases/<int:case_id>/report/", views.report_draft, name="report-draft"),
    path("cases/<int:case_id>/addendum/", views.addendum, name="addendum"),
    path("cases/<int:case_id>/report.pdf", reading_views.report_pdf, name="report-pdf"),
    path("cases/<int:case_id>/report.docx", reading_views.report_docx, name="report-docx"),
    path("cases/<int:case_id>/conformance/", views.case_conformance, name="conformance"),
    path("protocols/", views.protocols, name="protocols"),
    path("cases/<int:case_id>/notice/", views.notice_send, name="notice-send"),
    path("cases/<int:case_id>/prosthesis-adjusted/", views.prosthesis_adjusted, name="prosthesis-adjusted"),
    path("notices/", reading_views.notices, name="notices"),
    path("reports/inbox/", inbox_views.report_inbox, name="report-inbox"),
    # R23: one sending's report as PDF or Word (reports/inbox/7/report.pdf), through the export door.
    *[
        path(
            f"reports/inbox/<int:sending_id>/report.{kind}",
            inbox_views.inbox_download,
            {"kind": kind},
            name=f"inbox-{kind}",
        )
        for kind in ("pdf", "docx")
    ],
    path(
        "reports/inbox/<int:sending_id>/acknowledge/", inbox_views.inbox_acknowledge, name="inbox-acknowledge"
    ),
    path("cases/<int:case_id>/independence/", views.independence, name="independence"),
    path("mijn-gegevens/inzage/", reading_views.access_log, name="access-log"),
    path("mijn-gegevens/inzage/<int:patient_id>/", reading_views.access_log, name="access-log-for"),
    path("toegangslog/", audit_views.access_review, name="access-review"),
    path("beveiligingslog/", security_log_views.security_log, name="security-log"),
    # R8: the patient's consent to each representative; the coordinator's record of a signed form.
    path("mijn-gegevens/vertegenwoordigers/", representation_views.representatives, name="representatives"),
    path("", include("secondopinion.invitations.urls")),  # team, representative invitations, the link
    path(
        "mijn-gegevens/vertegenwoordigers/<int:representative_id>/toestemming/",
        representation_views.representation_consent,
        name="representation-consent",
    ),
    path(
        "mijn-gegevens/vertegenwoordigers/<int:representative_id>/intrekken/",
        representation_views.representation_revoke,
        name="representation-revoke",
    ),
    path(
        "vertegenwoordiging/papier/", representation_views.representation_paper, name="representation-paper"
    ),
    # R8 and the WGBO: the coordinator checks a parent's authority; the representative's own page.
    path(
        "vertegenwoordiging/<int:representative_id>/gezag/",
        authority_views.representation_authority,
        name="representation-authority",
    ),
    path(
        "vertegenwoordiging/<int:representative_id>/gezag/intrekken/",
        authority_views.representation_authority_revoke,
        name="representation-authority-revoke",
    ),
    path("mijn-gegevens/ik-handel-voor/", authority_views.my_representations, name="my-representations"),
    # The coordinator checks a patient's identity at the desk (BSN, date of birth, ID document).
    path("identiteit/balie/", identity_views.identity_desk, name="identity-desk"),
    path("cases/<int:case_id>/consult/", views.consult, name="consult"),
    path("cases/<int:case_id>/plan/", views.plan, name="plan"),
    path("cases/<int:case_id>/billing/", views.billing_add, name="billing-add"),
    path("cases/<int:case_id>/consents/", views.consent_add, name="consent-add"),
    path("cases/<int:case_id>/documents/", document_views.document_add, name="document-add"),
    # R14: a copy agreed beforehand that went outside the portal, as the coordinator records it.
    path("cases/<int:case_id>/copies/", outside_copy_views.outside_copy_add, name="outside-copy-add"),
    # R14: agreed not in writing, the patient's side asks for the report in writing after all.
    path("cases/<int:case_id>/in-writing/", in_writing_views.report_in_writing, name="report-in-writing"),
    path("documents/<int:document_id>/", document_views.document_download, name="document-download"),
    path(
        "cases/<int:case_id>/consents/<int:consent_id>/revoke/", views.consent_withdraw, name="consent-revoke"
    ),
    path("cases/<int:case_id>/data-requests/", data_request_views.data_request_add, name="data-request-add"),
    path(
        "cases/<int:case_id>/data-requests/<int:request_id>/fulfil/",
        data_request_views.data_request_fulfil_view,
        name="data-request-fulfil",
    ),
    path(
        "cases/<int:case_id>/data-requests/<int:request_id>/decline/",
        data_request_views.data_request_decline_view,
        name="data-request-decline",
    ),
    # R16: the treating practitioner's upload link; no login, the token is the key (32 random bytes).
    path("aanlevering/<str:token>/", data_request_views.upload_link, name="upload-link"),
    # One endpoint per lifecycle step: /cases/7/accept/, /cases/7/assign/, … /cases/7/withdraw/.
    *[
        path(f"cases/<int:case_id>/{step}/", views.case_step, {"step": step}, name=f"step-{step}")
        for step in STEP_FORMS
    ],
]
