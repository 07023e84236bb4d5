"""What a refused field of an API request is told, in Dutch and in English: the field's name and the
rule it broke, from pydantic's error (its type and context), instead of pydantic's English sentence in
both languages. An error type not named here keeps pydantic's words in both."""

from typing import Any

from secondopinion.api.fields import CONTROL_REFUSED
from secondopinion.core.text import Text

# Where ninja puts a parameter: the first place of an error's location, the parameter's name (for a
# body, the schema's argument) second, the field within it after that.
_PARAMETER_PLACES = frozenset({"query", "path", "header", "cookie", "form", "file"})


def field_name(loc: tuple[Any, ...]) -> str:
    """`("query", "limit")` → "limit"; `("body", "payload", "care_question")` → "care_question";
    `("body", "payload")` (no body at all) → "body"."""
    if loc and loc[0] in _PARAMETER_PLACES:
        return ".".join(str(p) for p in loc[1:]) or str(loc[0])
    if loc and loc[0] == "body":
        return ".".join(str(p) for p in loc[2:]) or "body"
    return ".".join(str(p) for p in loc)


def _ctx(error: dict[str, Any], key: str) -> Any:
    return (error.get("ctx") or {}).get(key, "")


def _value_error(message: str) -> Text:
    if message == CONTROL_REFUSED:
        return Text(
            "tekst mag geen stuurtekens bevatten (U+0000-U+001F behalve tab, regelovergang en "
            "regelterugloop)",
            message,
        )
    if message.startswith("must contain visible text"):
        return Text("moet zichtbare tekst bevatten, niet alleen spaties of onzichtbare tekens", message)
    if message.startswith("not a date: use "):
        forms = message.removeprefix("not a date: use ")
        return Text(f"geen datum: gebruik {forms}", message)
    return Text(message, message)


def explain(error: dict[str, Any]) -> Text:
    """The rule one error broke, in both languages."""
    kind, message = error.get("type", ""), str(error.get("msg", ""))
    simple: dict[str, Text] = {
        "missing": Text("verplicht veld ontbreekt", "required field is missing"),
        "int_parsing": Text("moet een geheel getal zijn", "must be a whole number"),
        "int_type": Text("moet een geheel getal zijn", "must be a whole number"),
        "int_from_float": Text("moet een geheel getal zijn", "must be a whole number"),
        "bool_parsing": Text("moet true of false zijn", "must be true or false"),
        "bool_type": Text("moet true of false zijn", "must be true or false"),
        "string_type": Text("moet tekst zijn", "must be text"),
        "date_parsing": Text("geen geldige datum", "not a valid date"),
        "date_from_datetime_parsing": Text("geen geldige datum", "not a valid date"),
        "datetime_parsing": Text("geen geldig tijdstip", "not a valid date and time"),
        "datetime_from_date_parsing": Text("geen geldig tijdstip", "not a valid date and time"),
        "list_type": Text("moet een lijst zijn", "must be a list"),
        "dict_type": Text("moet een object zijn", "must be an object"),
        "model_type": Text("moet een object zijn", "must be an object"),
        "model_attributes_type": Text("moet een object zijn", "must be an object"),
        "finite_number": Text("moet een eindig getal zijn", "must be a finite number"),
        "extra_forbidden": Text("dit veld is niet toegestaan", "this field is not allowed"),
    }
    if kind in simple:
        return simple[kind]
    if kind == "string_too_long":
        n = _ctx(error, "max_length")
        return Text(f"mag hoogstens {n} tekens lang zijn", f"may be at most {n} characters long")
    if kind == "string_too_short":
        n = _ctx(error, "min_length")
        return Text(f"moet minstens {n} tekens lang zijn", f"must be at least {n} characters long")
    if kind == "too_long":
        n = _ctx(error, "max_length")
        return Text(f"mag hoogstens {n} items bevatten", f"may hold at most {n} items")
    if kind == "too_short":
        n = _ctx(error, "min_length")
        return Text(f"moet minstens {n} items bevatten", f"must hold at least {n} items")
    bounds = {
        "greater_than_equal": ("ge", "groter dan of gelijk aan", "greater than or equal to"),
        "greater_than": ("gt", "groter dan", "greater than"),
        "less_than_equal": ("le", "kleiner dan of gelijk aan", "less than or equal to"),
        "less_than": ("lt", "kleiner dan", "less than"),
    }
    if kind in bounds:
        key, nl, en = bounds[kind]
        n = _ctx(error, key)
        return Text(f"moet {nl} {n} zijn", f"must be {en} {n}")
    if kind in ("literal_error", "enum"):
        expected = _ctx(error, "expected")
        return Text(f"kies een van: {expected}", f"choose one of: {expected}")
    if kind == "string_pattern_mismatch":
        return Text("heeft niet de juiste vorm", "does not have the right form")
    if kind == "value_error":
        return _value_error(message.removeprefix("Value error, "))
    return Text(message, message)
