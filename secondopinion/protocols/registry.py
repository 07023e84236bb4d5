"""Every protocol the product knows, found by looking: each module of this package that defines a
module-level `PROTOCOL` is one. Adding a protocol is a new module; nothing here changes."""

import importlib
import pkgutil

from secondopinion.protocols.engine import Protocol


def discover(package: str = __package__ or "secondopinion.protocols") -> dict[str, Protocol]:
    """The protocols of `package`, in the order of their seeds (dental 000 first), then their code."""
    found: list[Protocol] = []
    for info in pkgutil.iter_modules(importlib.import_module(package).__path__):
        module = importlib.import_module(f"{package}.{info.name}")
        protocol = getattr(module, "PROTOCOL", None)
        if isinstance(protocol, Protocol):
            found.append(protocol)
    found.sort(key=lambda p: (p.seeds, p.code))
    codes = [p.code for p in found]
    duplicates = sorted({code for code in codes if codes.count(code) > 1})
    if duplicates:
        raise ImportError(f"Two protocol modules share the code(s) {', '.join(duplicates)}")
    return {p.code: p for p in found}


PROTOCOLS: dict[str, Protocol] = discover()


def get_protocol(code: str) -> Protocol:
    try:
        return PROTOCOLS[code]
    except KeyError:
        raise KeyError(f"Unknown protocol {code!r}") from None


def protocol_choices() -> list[tuple[str, str]]:
    return [(code, str(p.name.nl)) for code, p in PROTOCOLS.items()]
