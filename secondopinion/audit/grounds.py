"""The access log's basis and role columns in words (NEN 7513): the role or consent that allowed an
access, and the role it was taken in; never a rule id, a consent's number or a machine name. The
data column's words are in audit/kinds.py."""

import re

from secondopinion.audit.kinds import PURPOSE_LABELS
from secondopinion.core.roles import ROLE_LABELS, Role
from secondopinion.core.text import Text

# -- the basis: the role or consent that allowed the access ---------------------------------------

# The parts of a case the report goes to (R23, protocols/distribution.py: "role:<part>").
RECIPIENT_ROLE_LABELS: dict[str, Text] = {
    "requester": Text("aanvrager van de second opinion", "requester of the second opinion"),
    "patient": Text("patiënt", "patient"),
    "gp_or_specialist": Text("huisarts of specialist", "GP or specialist"),
    "practitioner_initiated": Text(
        "zorgverlener die de second opinion aanvroeg", "practitioner who asked for the second opinion"
    ),
    "referrer": Text("verwijzer", "referrer"),
}
CONSENT_BASIS = Text("uw toestemming", "your consent")
ADDRESSEE_BASIS = Text("ontvanger van het bericht", "recipient of the message")
UNKNOWN_BASIS = Text("een andere vastgelegde grond", "another recorded ground")

# "R23 consent:inform_own_practitioner#3", "R23 role:requester", "consent:request_records", "giver".
_BASIS = re.compile(r"^(?:R\d+\s+)?(?P<head>[a-z_]+)(?::(?P<part>[a-z_]+))?(?:#\d+)?$")


def _role_text(role: str) -> Text | None:
    try:
        return ROLE_LABELS[Role(role)]
    except ValueError:
        return RECIPIENT_ROLE_LABELS.get(role)


def basis_label(basis: str) -> Text:
    """The ground for an access in words: "rol: second opinion-gever", "uw toestemming om ...";
    never a rule id, a consent's number or a machine name."""
    found = _BASIS.match(str(basis).strip())
    if found is None:
        return UNKNOWN_BASIS
    head, part = found["head"], found["part"] or ""
    if head == "consent":
        what = PURPOSE_LABELS.get(part)
        if what is None:
            return CONSENT_BASIS
        return Text(f"uw toestemming om {what.nl}", f"your consent to {what.en}")
    if head == "addressee" and not part:
        return ADDRESSEE_BASIS
    role = _role_text(part) if head == "role" else None if part else _role_text(head)
    if role is None:
        return UNKNOWN_BASIS
    return Text(f"rol: {role.nl}", f"role: {role.en}")


# -- the role column -----------------------------------------------------------------------------

OTHER_ROLE_LABELS: dict[str, Text] = {
    "user": Text("gebruiker", "user"),
    "system": Text("automatisch, door het systeem", "automatically, by the system"),
}
UNKNOWN_ROLE = Text("een andere rol", "another role")


def role_label(role: str) -> Text:
    try:
        return ROLE_LABELS[Role(role)]
    except ValueError:
        return OTHER_ROLE_LABELS.get(role, UNKNOWN_ROLE)
