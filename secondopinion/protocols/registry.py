"""Every protocol the product knows. Adding one is a new module and a line here."""

from secondopinion.protocols import dental_knmt, denturist_ont, general_practice, medical_specialist
from secondopinion.protocols.engine import Protocol

PROTOCOLS: dict[str, Protocol] = {
    p.code: p
    for p in (
        dental_knmt.PROTOCOL,
        denturist_ont.PROTOCOL,
        medical_specialist.PROTOCOL,
        general_practice.PROTOCOL,
    )
}


def get_protocol(code: str) -> Protocol:
    try:
        return PROTOCOLS[code]
    except KeyError:
        raise KeyError(f"Unknown protocol {code!r}") from None


def protocol_choices() -> list[tuple[str, str]]:
    return [(code, str(p.name.nl)) for code, p in PROTOCOLS.items()]
