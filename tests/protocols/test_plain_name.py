"""What patients and representatives read as the kind of second opinion (finding F7): the discipline in
plain words, never the guideline's or the professional body's name; staff keep the protocol's name."""

from secondopinion.protocols.registry import PROTOCOLS

GUIDELINE = ("KNMT", "ONT", "richtlijn", "guideline", "(")


def test_every_protocol_has_a_plain_name_for_patients_in_both_languages():
    for protocol in PROTOCOLS.values():
        for text in (protocol.patient_name.nl, protocol.patient_name.en):
            assert text.strip(), protocol.code
            assert [word for word in GUIDELINE if word in text] == [], (protocol.code, text)


def test_the_dentist_and_the_denturist_are_named_plainly_and_staff_keep_the_guideline():
    assert PROTOCOLS["dental-knmt"].patient_name.as_dict() == {"nl": "Tandarts", "en": "Dentist"}
    assert PROTOCOLS["denturist-ont"].patient_name.as_dict() == {"nl": "Tandprotheticus", "en": "Denturist"}
    assert PROTOCOLS["dental-knmt"].name.nl == "Tandarts (KNMT-praktijkrichtlijn)"
    assert PROTOCOLS["general-practice"].patient_name is PROTOCOLS["general-practice"].name
