"""What a notification e-mail says. Never medical content: only that there is news, and a link to log in.

E-mail is not a secure channel for care data (NEN 7510, AVG), so the subject and body name the kind of
news and the case reference, never the patient's question, findings or report."""

from dataclasses import dataclass

from secondopinion.core.text import Text

# What the reader does with the link: most notices ask them to log in and look.
LOG_IN = Text("Log in om het te bekijken: {link}", "Log in to see it: {link}")


@dataclass(frozen=True)
class Notice:
    subject: Text
    body: Text
    # The line with the link; an invitation's link creates an account or opens the invitation instead.
    action: Text = LOG_IN
    # A body that names its sender ({sender}) says this instead when the row names nobody (a row
    # queued before senders were recorded), so no sentence starts without its subject.
    unsigned: Text | None = None


GREETING = Text("Beste {name},", "Dear {name},")
SIGN_OFF = Text(
    "Dit bericht bevat bewust geen medische gegevens.\n\nTweede Mening",
    "This message deliberately contains no medical information.\n\nTweede Mening",
)

STAFF_SUBJECT = Text(
    "Uitnodiging voor Tweede Mening ({reference})", "Invitation to Tweede Mening ({reference})"
)
STAFF_ACTION = Text("Maak uw account aan via deze link: {link}", "Create your account with this link: {link}")
STAFF_UNSIGNED = Text(
    "{reference} nodigt u uit om mee te werken in Tweede Mening. De link hieronder werkt één keer en is "
    "beperkt geldig.",
    "{reference} invites you to work in Tweede Mening. The link below works once and expires.",
)

NOTICES: dict[str, Notice] = {
    "report_ready": Notice(
        Text("Er is een rapport voor u klaar ({reference})", "A report is ready for you ({reference})"),
        Text(
            "Het schriftelijke rapport van second opinion {reference} staat voor u klaar.",
            "The written report of second opinion {reference} is ready for you.",
        ),
    ),
    "records_requested": Notice(
        Text("Verzoek om gegevens ({reference})", "Request for records ({reference})"),
        Text(
            "Met toestemming van uw patiënt vraagt een second opinion-gever gegevens op voor {reference}. "
            "Gebruik de beveiligde link om ze aan te leveren; de link is beperkt geldig.",
            "With your patient's consent, a second-opinion giver requests records for {reference}. "
            "Use the secure link to provide them; the link expires.",
        ),
    ),
    "records_reminder": Notice(
        Text("Herinnering: verzoek om gegevens ({reference})", "Reminder: request for records ({reference})"),
        Text(
            "Het verzoek om gegevens voor {reference} staat nog open.",
            "The request for records for {reference} is still open.",
        ),
    ),
    "records_received": Notice(
        Text("Gegevens ontvangen ({reference})", "Records received ({reference})"),
        Text(
            "De eigen behandelaar heeft gegevens aangeleverd voor {reference}.",
            "The treating practitioner has provided records for {reference}.",
        ),
    ),
    "records_request_declined": Notice(
        Text("Verzoek om gegevens afgewezen ({reference})", "Request for records declined ({reference})"),
        Text(
            "De eigen behandelaar heeft het verzoek om gegevens voor {reference} afgewezen, met een reden.",
            "The treating practitioner declined the request for records for {reference}, giving a reason.",
        ),
    ),
    "records_request_expired": Notice(
        Text("Verzoek om gegevens verlopen ({reference})", "Request for records expired ({reference})"),
        Text(
            "Het verzoek om gegevens voor {reference} is verlopen zonder dat er iets is aangeleverd.",
            "The request for records for {reference} expired without anything being provided.",
        ),
    ),
    # To the patient's side (records/outcome.py): the giver did not get the records she agreed he may ask for.
    "records_not_supplied": Notice(
        Text("Nieuws over uw gegevens ({reference})", "News about your records ({reference})"),
        Text(
            "Uw eigen zorgverlener heeft de gegevens die voor uw second opinion {reference} zijn gevraagd niet "
            "gestuurd. Op de pagina van uw aanvraag leest u wat u nu kunt doen.",
            "Your own practitioner has not sent the records asked for your second opinion {reference}. "
            "The page of your request tells you what you can do now.",
        ),
    ),
    "records_request_withdrawn": Notice(
        Text("Verzoek om gegevens gesloten ({reference})", "Request for records closed ({reference})"),
        Text(
            "Het verzoek om gegevens voor {reference} is gesloten: de toestemming waarop het rustte is ingetrokken.",
            "The request for records for {reference} is closed: the consent it rested on was revoked.",
        ),
    ),
    # Invitations (invitations/services.py, representation.py): the link is the invitation; nothing
    # about a patient's care. They name who invites ({sender}, their display name), so the invitee can
    # judge whether the e-mail is genuine: a colleague of the organisation ({reference} is its name), an
    # administrator of Tweede Mening inviting for an organisation (its first coordinator), or the
    # patient who asks the invitee to act for them.
    "staff_invitation": Notice(
        STAFF_SUBJECT,
        Text(
            "{sender} van {reference} nodigt u uit om mee te werken in Tweede Mening. De link hieronder "
            "werkt één keer en is beperkt geldig.",
            "{sender} of {reference} invites you to work in Tweede Mening. The link below works once and "
            "expires.",
        ),
        STAFF_ACTION,
        unsigned=STAFF_UNSIGNED,
    ),
    "staff_invitation_admin": Notice(
        STAFF_SUBJECT,
        Text(
            "{sender}, beheerder van Tweede Mening, nodigt u uit om voor {reference} mee te werken in "
            "Tweede Mening. De link hieronder werkt één keer en is beperkt geldig.",
            "{sender}, an administrator of Tweede Mening, invites you to work for {reference} in Tweede "
            "Mening. The link below works once and expires.",
        ),
        STAFF_ACTION,
        unsigned=STAFF_UNSIGNED,
    ),
    "representative_invitation": Notice(
        Text("Uitnodiging als vertegenwoordiger", "Invitation to act as a representative"),
        Text(
            "{sender} vraagt u om als vertegenwoordiger op te treden in Tweede Mening. De link hieronder "
            "werkt één keer en is beperkt geldig.",
            "{sender} asks you to act as their representative in Tweede Mening. The link below works once "
            "and expires.",
        ),
        Text(
            "Bekijk de uitnodiging en neem haar aan via deze link: {link}",
            "See the invitation and accept it with this link: {link}",
        ),
        unsigned=Text(
            "Iemand vraagt u om als vertegenwoordiger op te treden in Tweede Mening. De link hieronder "
            "werkt één keer en is beperkt geldig.",
            "Someone asks you to act as their representative in Tweede Mening. The link below works once "
            "and expires.",
        ),
    ),
    # To the patient, when someone accepts their invitation: whoever opens the link can accept it, so a
    # mistyped address must not go unnoticed. Names who accepted, never anything of the patient's care.
    "representative_accepted": Notice(
        Text("Uw uitnodiging is aangenomen", "Your invitation was accepted"),
        Text(
            "{sender} heeft uw uitnodiging aangenomen en kan nu namens u optreden in Tweede Mening. Kent u "
            "deze persoon niet, of klopt dit niet? Beëindig het dan meteen bij Mijn vertegenwoordigers.",
            "{sender} accepted your invitation and can now act for you in Tweede Mening. If you do not "
            "know this person, or this is not right, end it at once under My representatives.",
        ),
        Text(
            "Log in om uw vertegenwoordigers te zien: {link}",
            "Log in to see your representatives: {link}",
        ),
        unsigned=Text(
            "Iemand heeft uw uitnodiging aangenomen en kan nu namens u optreden in Tweede Mening. Klopt dit "
            "niet? Beëindig het dan meteen bij Mijn vertegenwoordigers.",
            "Someone accepted your invitation and can now act for you in Tweede Mening. If this is not "
            "right, end it at once under My representatives.",
        ),
    ),
    "case_update": Notice(
        Text("Nieuws in uw second opinion ({reference})", "News in your second opinion ({reference})"),
        Text(
            "Er is iets veranderd in second opinion {reference}.",
            "Something changed in second opinion {reference}.",
        ),
    ),
    # The in-product list's companions (services.case_status_notify, case_message_notify): neither names
    # the new status nor quotes the message, which may say something about the patient's care.
    "status_changed": Notice(
        Text(
            "Nieuwe stap in uw second opinion ({reference})",
            "A new step in your second opinion ({reference})",
        ),
        Text(
            "Second opinion {reference} is een stap verder. U ziet wat er veranderd is onder Meldingen.",
            "Second opinion {reference} has moved on a step. You can see what changed under Notifications.",
        ),
    ),
    "new_message": Notice(
        Text("Nieuw bericht ({reference})", "New message ({reference})"),
        Text(
            "Er is een nieuw bericht voor u bij second opinion {reference}.",
            "There is a new message for you in second opinion {reference}.",
        ),
    ),
}


def compose(
    kind: str, *, language: str, name: str, reference: str, link: str, sender: str = ""
) -> tuple[str, str]:
    """The subject and plain-text body of one notification, in the recipient's language."""
    notice = NOTICES[kind]
    subject = notice.subject.in_language(language).format(reference=reference)
    said = notice.unsigned if notice.unsigned is not None and not sender.strip() else notice.body
    body = "\n\n".join(
        (
            GREETING.in_language(language).format(name=name),
            said.in_language(language).format(reference=reference, sender=sender),
            notice.action.in_language(language).format(link=link),
            SIGN_OFF.in_language(language),
        )
    )
    return subject, body
