"""Why someone received the report (R23), in plain words for the patient's and the representative's case
page: "Waarom: u heeft de second opinion aangevraagd" instead of the staff's "Grondslag: rol: aanvrager".

A sending's basis is `role:<part>` or `consent:<purpose>` (protocols/distribution.py). The reader is told
"you" where the sending is hers; otherwise the sentence speaks of the recipient, named beside it. Staff
pages keep the rule id and the terms (web/includes/distribution.html). Nothing is read here: the sending
comes with its consent from the page's own query."""

from typing import Any

from django import template
from django.utils.formats import date_format
from django.utils.timezone import localtime

from secondopinion.core.text import Text

register = template.Library()

# role:<part>, as (said to the recipient herself, said of someone else).
_ROLE_WORDS: dict[str, tuple[Text, Text]] = {
    "requester": (
        Text("U heeft de second opinion aangevraagd.", "You asked for the second opinion."),
        Text("Heeft de second opinion aangevraagd.", "Asked for the second opinion."),
    ),
    "patient": (
        Text("Het is uw second opinion.", "It is your second opinion."),
        Text("Het is de second opinion van deze patiënt.", "It is this patient's second opinion."),
    ),
    "referrer": (
        Text("U heeft verwezen voor de second opinion.", "You referred for the second opinion."),
        Text("Heeft verwezen voor de second opinion.", "Referred for the second opinion."),
    ),
    "practitioner_initiated": (
        Text("U vroeg zelf om de second opinion.", "You asked for the second opinion yourself."),
        Text("Vroeg zelf om de second opinion.", "Asked for the second opinion themselves."),
    ),
    "gp_or_specialist": (
        Text(
            "Een behandelaar vroeg de second opinion aan; dan krijgt u het rapport ook.",
            "A practitioner asked for the second opinion; then you receive the report too.",
        ),
        Text(
            "Een behandelaar vroeg de second opinion aan; dan krijgt de huisarts of specialist het rapport ook.",
            "A practitioner asked for the second opinion; then the GP or specialist receives the report too.",
        ),
    ),
}
_CONSENT = (
    Text("Omdat u daarvoor toestemming gaf", "Because you gave your consent for it"),
    Text("Omdat daarvoor toestemming is gegeven", "Because consent was given for it"),
)
_OTHER = Text("Volgens de afspraken van de second opinion.", "As the second opinion's agreements say.")


@register.simple_tag
def plain_basis(sending: Any, reader: Any) -> str:
    """Why this sending went to its recipient, in the reader's language and in plain words."""
    reader_id = getattr(reader, "pk", None)
    if sending.consent_id:
        consent = sending.consent
        when = f" ({date_format(localtime(consent.given_at), 'j F Y')})" if consent.given_at else ""
        # "You" only where the reader gave it herself, in the app; on paper the practice recorded it.
        return f"{_CONSENT[0] if consent.recorded_by_id == reader_id else _CONSENT[1]}{when}."
    words = _ROLE_WORDS.get(sending.basis.removeprefix("role:"))
    if words is None:
        return str(_OTHER)
    return str(words[0] if reader_id is not None and sending.recipient_user_id == reader_id else words[1])
