"""The words of the turnaround page and its CSV, Dutch and English (core/text.py)."""

from secondopinion.core.text import Text

WORDS: dict[str, Text] = {
    "title": Text("Doorlooptijden", "Turnaround"),
    "csv": Text("Downloaden als CSV", "Download as CSV"),
    "lead": Text(
        "Dagen van de aanvraag tot het definitieve rapport, in kalenderdagen: de mediaan (de helft van de "
        "aanvragen duurde korter) en het 90e percentiel (negen op de tien duurden korter). Per protocol, en "
        "per maand waarin het rapport definitief werd.",
        "Days from the request to the final report, in calendar days: the median (half of the requests took "
        "less) and the 90th percentile (nine in ten took less). By protocol, and by the month the report "
        "became final.",
    ),
    "by_protocol": Text("Per protocol", "By protocol"),
    "by_month": Text("Per maand en protocol", "By month and protocol"),
    "organisation": Text("Organisatie", "Organisation"),
    "protocol": Text("Protocol", "Protocol"),
    "month": Text("Maand", "Month"),
    "all_months": Text("alle maanden", "all months"),
    "reports": Text("Rapporten", "Reports"),
    "median": Text("Mediaan (dagen)", "Median (days)"),
    "p90": Text("90e percentiel (dagen)", "90th percentile (days)"),
    "none_final": Text("Er is nog geen rapport definitief.", "No report has become final yet."),
    "reminders": Text("Herinneringen: stappen over hun datum", "Reminders: steps past their date"),
    "due": Text("uiterlijk", "due"),
    "reminded": Text("herinnerd op", "reminded on"),
    "no_reminders": Text("Geen stap is over zijn datum gegaan.", "No step has gone past its date."),
}
