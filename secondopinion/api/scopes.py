"""What an API token may be used for. Every endpoint declares one scope (api/routers/); a token
carries the scopes chosen when it was issued, by default every scope its user's roles can use."""

from typing import TYPE_CHECKING

from secondopinion.core.text import Text

if TYPE_CHECKING:
    from secondopinion.accounts.models import User

SCOPES: dict[str, Text] = {
    "cases:read": Text(
        "casussen, hun stappen en conformiteit lezen", "read cases, their steps and conformance"
    ),
    "cases:write": Text("casussen indienen en stappen zetten", "submit cases and take steps"),
    "reports:read": Text(
        "rapporten lezen en als PDF of DOCX ophalen", "read reports and fetch them as PDF or DOCX"
    ),
    "reports:write": Text("rapporten opstellen en addenda toevoegen", "draft reports and add addenda"),
    "consents:read": Text("toestemmingen lezen", "read consents"),
    "consents:write": Text("toestemmingen vastleggen en intrekken", "record and revoke consents"),
    "notices:read": Text("collegiale meldingen lezen", "read collegial notices"),
    "notices:write": Text("collegiale meldingen versturen", "send collegial notices"),
    "records:write": Text(
        "collega's raadplegen en behandelplannen opstellen", "consult colleagues and draft treatment plans"
    ),
    "access-log:read": Text("het toegangslogboek (NEN 7513) lezen", "read the access log (NEN 7513)"),
    "documents:read": Text(
        "documenten van een casus opvragen en downloaden", "list and download a case's documents"
    ),
    "documents:write": Text("documenten bij een casus aanleveren", "upload documents to a case"),
    "billing:read": Text(
        "declaratieregels en vergoedingsinformatie lezen", "read billing lines and reimbursement"
    ),
    "billing:write": Text("declaratieregels vastleggen", "record billing lines"),
    "data-requests:read": Text("verzoeken om gegevens lezen", "read requests for records"),
    "data-requests:write": Text(
        "gegevens opvragen bij de eigen behandelaar, en zo'n verzoek beantwoorden",
        "request records from the treating practitioner, and answer such a request",
    ),
    "patients:write": Text(
        "patiënten inschrijven en hun identiteit aan de balie vastleggen",
        "register patients and record their identity checked at the desk",
    ),
    "staff:read": Text(
        "de medewerkers van de eigen organisatie en hun uitnodigingen lezen",
        "read your organisation's staff and their invitations",
    ),
    "staff:write": Text(
        "medewerkers uitnodigen, deactiveren en weer activeren", "invite, deactivate and reactivate staff"
    ),
    "directory:write": Text(
        "organisaties en zorgverleners in de registratie opnemen (beheerder)",
        "add organisations and practitioners to the directory (administrator)",
    ),
}

# Patients and representatives follow their own cases, read their report, manage consent, bring
# documents (records, a signed consent form) and see who looked at their file.
PERSONAL = frozenset(
    {
        "cases:read",
        "cases:write",
        "reports:read",
        "consents:read",
        "consents:write",
        "access-log:read",
        "documents:read",
        "documents:write",
        "billing:read",
        "data-requests:read",
    }
)
# Practice staff (coordinators, complaints officers) handle their organisation's cases with the same
# kinds of access; reports, notices and records are the giver's alone.
# Coordinators also record billing lines (R25) and request records for the giver (R16).
STAFF = PERSONAL | {"billing:write", "data-requests:write", "patients:write"}
# Practitioners give opinions, write reports, notify colleagues and keep records.
# Coordinators also keep their organisation's staff (invitations/): STAFF_ADMIN.
STAFF_ADMIN = frozenset({"staff:read", "staff:write"})
PRACTITIONER = frozenset(SCOPES) - {"directory:write", "patients:write"} - STAFF_ADMIN
# Administrators (superusers) may do all of that, and keep the directory.
ADMINISTRATOR = frozenset(SCOPES)


def scopes_for(user: "User") -> frozenset[str]:
    """Every scope the user's roles can use; a token can be narrowed to fewer, never widened."""
    from secondopinion.directory.models import Practitioner, StaffMember

    if user.is_superuser:
        return ADMINISTRATOR
    coordinates = StaffMember.objects.filter(user=user, function="coordinator").exists()
    if user.is_staff or Practitioner.objects.filter(user=user).exists():
        return PRACTITIONER | ({"patients:write", *STAFF_ADMIN} if coordinates else set())
    if StaffMember.objects.filter(user=user).exists():
        return STAFF | STAFF_ADMIN if coordinates else STAFF - {"patients:write"}
    return PERSONAL
