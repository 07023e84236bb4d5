"""The roles a user can have towards one case. Pure data, shared by the lifecycle and access."""

from enum import StrEnum

from secondopinion.core.text import Text


class Role(StrEnum):
    PATIENT = "patient"
    REPRESENTATIVE = "representative"
    REFERRER = "referrer"
    # R8: the practitioner who asked for the second opinion (a colleague or referrer, or on his own
    # initiative); always the case's referrer too. A party to it: he may complain (R28, seed 000).
    REQUESTING_PRACTITIONER = "requesting_practitioner"
    TREATING = "treating"
    GIVER = "giver"
    COORDINATOR = "coordinator"
    COMPLAINTS_OFFICER = "complaints_officer"
    ADMINISTRATOR = "administrator"


ROLE_LABELS: dict[Role, Text] = {
    Role.PATIENT: Text("patiënt", "patient"),
    Role.REPRESENTATIVE: Text("vertegenwoordiger", "representative"),
    Role.REFERRER: Text("verwijzer", "referrer"),
    Role.REQUESTING_PRACTITIONER: Text(
        "zorgverlener die de second opinion aanvroeg", "practitioner who asked for the second opinion"
    ),
    Role.TREATING: Text("eigen behandelaar", "treating practitioner"),
    Role.GIVER: Text("second opinion-gever", "second-opinion giver"),
    Role.COORDINATOR: Text("coördinator", "coordinator"),
    Role.COMPLAINTS_OFFICER: Text("klachtenfunctionaris", "complaints officer"),
    Role.ADMINISTRATOR: Text("beheerder", "administrator"),
}
