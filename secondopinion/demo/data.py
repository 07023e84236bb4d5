"""The demo's world as data: the accounts, organisations, practitioners, patients, and the cases with
the state each is walked to (world.py builds it through the services)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from secondopinion.protocols.vocabulary import EXPLANATION_ITEMS


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    name: str


ACCOUNTS = (
    DemoAccount("petra", "patiënt / patient", "Petra de Vries"),
    DemoAccount("coordinator", "coördinator Mondzorg Centrum Oost / coordinator", "Sanne Visser"),
    DemoAccount("dr.bakker", "second opinion-gever / giver", "Dr. Anouk Bakker"),
    DemoAccount("dr.yilmaz", "second opinion-gever neurologie / giver (neurology)", "Dr. Ahmed Yilmaz"),
    DemoAccount("dr.jansen", "eigen tandarts / treating dentist", "Dr. Joost Jansen"),
    DemoAccount("huisarts", "huisarts / GP", "Dr. Lotte Mulder"),
    DemoAccount("klachten", "klachtenfunctionaris / complaints officer", "Karim el Amrani"),
    DemoAccount("vertegenwoordiger", "vertegenwoordiger / representative", "Ruud de Vries"),
    DemoAccount("beheer", "beheerder / administrator", "Beheer Tweede Mening"),
)

ORGANISATIONS = {
    "oost": ("Mondzorg Centrum Oost", "Amersfoort", "22000011", "Klachtenregeling KNMT"),
    "gracht": ("Tandartsen aan de Gracht", "Leiden", "22000012", "Klachtenregeling KNMT"),
    "molen": ("Tandartspraktijk De Molen", "Utrecht", "22000013", "Klachtenregeling KNMT"),
    "lombok": ("Huisartsenpraktijk Lombok", "Utrecht", "22000014", "Klachtenregeling huisartsen"),
}

# The letterhead of the written report: street and number, postcode, telephone, e-mail (fictitious).
CONTACTS = {
    "oost": ("Stationsplein 12", "3811 AB", "033 460 12 00", "secondopinion@mondzorgoost.example"),
    "gracht": ("Rapenburg 40", "2311 EX", "071 512 30 40", "info@tandartsenaandegracht.example"),
    "molen": ("Molenstraat 3", "3511 KL", "030 231 55 10", "praktijk@demolen.example"),
    "lombok": ("Kanaalstraat 88", "3531 CL", "030 294 01 22", "assistente@huisartsenlombok.example"),
}

PRACTITIONERS = (
    # username or None, name, discipline, AGB, organisation
    ("dr.bakker", "Dr. Anouk Bakker", "dentist", "12000001", "oost"),
    (None, "Dr. Pieter Smit", "dentist", "12000002", "oost"),
    (None, "Dr. Fleur de Boer", "dentist", "12000003", "gracht"),
    ("dr.jansen", "Dr. Joost Jansen", "dentist", "12000004", "molen"),
    (None, "Dr. Emma Hendriks", "dentist", "12000005", "molen"),
    ("huisarts", "Dr. Lotte Mulder", "gp", "12000006", "lombok"),
    (None, "Tandprotheticus Kees Vos", "denturist", "12000007", "molen"),
    (None, "Dr. Sara Peeters (neuroloog)", "medical_specialist", "12000008", "molen"),
    ("dr.yilmaz", "Dr. Ahmed Yilmaz (neuroloog)", "medical_specialist", "12000009", "oost"),
)
SPECIALISMS = {"12000008": "neurologie", "12000009": "neurologie"}
# The giver signs the written report with her BIG number (fictitious).
BIG_NUMBERS = {"12000001": "19012345601", "12000009": "49012345609"}
# The practitioners' work addresses (fictitious): where an upload link or a report notice goes.
EMAILS = {
    "dr.jansen": "j.jansen@demolen.example",
    "huisarts": "l.mulder@huisartsenlombok.example",
    "dr.yilmaz": "a.yilmaz@mondzorgoost.example",
}

# Cases under the other protocols: (protocol, treating AGB, question, subject, treatment started, patient index)
OTHER_CASES = (
    (
        "denturist-ont",
        "12000007",
        "Mijn nieuwe prothese zit los en drukt; is hij goed gemaakt?",
        "finished_work",
        True,
        1,
    ),
    (
        "medical-specialist",
        "12000008",
        "Klopt de diagnose migraine, of is verder onderzoek nodig?",
        "diagnosis",
        False,
        2,
    ),
)

# Test BSNs that pass the 11-check (not real people).
PATIENTS = (
    ("petra", "Petra de Vries", "111222333", dt.date(1968, 3, 14)),
    (None, "Henk van Dijk", "123456782", dt.date(1955, 11, 2)),
    (None, "Yasmina Bouzid", "100000009", dt.date(1990, 7, 21)),
    (None, "Wim Kok", "100000010", dt.date(1979, 1, 30)),
)

EXPLAINED = {
    "explanation_items": list(EXPLANATION_ITEMS),
    "written_report": True,
    "inform_own_practitioner": True,
    "records_alternative_explained": True,
    "reimbursement_explained": True,
}
REPORT = {
    "information_used": "Röntgenfoto's (bitewings) en behandelplan van de eigen tandarts.",
    "deviations": "Het plan noemt extractie; behoud met een wortelkanaalbehandeling is ook mogelijk.",
    "consequences": "Wortelkanaalbehandeling met kroon is duurder maar behoudt de kies; extractie vraagt later een implantaat.",
    "advice": "Bespreek met uw tandarts een wortelkanaalbehandeling met kroon.",
    "costs": "C011: het uitgebreide onderzoek voor de second opinion.",
}

# (care question, patient index, the state to reach, extra step input per state)
CASES: tuple[tuple[str, int, str, dict[str, str]], ...] = (
    ("Is een kroon op 46 echt nodig?", 1, "submitted", {}),
    ("Moet 36 getrokken worden of kan een wortelkanaalbehandeling?", 0, "accepted", {}),
    ("Is een implantaat beter dan een brug voor 24?", 2, "assigned", {}),
    ("Is orthodontie nodig voor mijn dochter van 12?", 3, "informed", {}),
    ("Waarom acht facings in plaats van bleken?", 1, "gathering_records", {}),
    ("Is parodontale behandeling nodig voor 31 en 41?", 2, "in_examination", {}),
    ("Kan de vulling in 16 behouden blijven?", 3, "report_draft", {}),
    ("Is een volledige rehabilitatie de enige optie?", 0, "report_final", {}),
    ("Kan mijn verstandskies blijven zitten?", 0, "closed", {}),
    (
        "Ik wil een andere tandarts die de behandeling overneemt.",
        1,
        "redirected",
        {"classification": "transfer_of_care"},
    ),
    # R9: Henk asks again about the crown on 46; the refusal names that earlier request.
    ("Opnieuw: is de kroon op 46 nodig?", 1, "refused", {"repeats": "Is een kroon op 46 echt nodig?"}),
    ("Is bleken schadelijk voor mijn glazuur?", 3, "withdrawn", {}),
)

PATH: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("accepted", "coordinator", {"classification": "second_opinion"}),
    ("assigned", "coordinator", {"giver": True}),
    ("informed", "dr.bakker", EXPLAINED),
    ("gathering_records", "dr.bakker", {}),
    ("in_examination", "dr.bakker", {}),
    (
        "report_draft",
        "dr.bakker",
        {
            "findings": "Diepe cariës distaal, geen periapicale afwijking.",
            "anamnesis_dental": "Klachten sinds maart.",
        },
    ),
    ("report_final", "dr.bakker", {"report": REPORT}),
    (
        "closed",
        "coordinator",
        {"closure_decision": "accept_opinion", "note": "Patiënt bespreekt het advies met de eigen tandarts."},
    ),
)
ORDER = [to for to, _actor, _values in PATH]
