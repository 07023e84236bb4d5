"""What a refused field of an API request is told, in Dutch and in English: the field's name and the
rule it broke, from pydantic's error (its type and context), instead of pydantic's English sentence in
both languages. An error type not named here keeps pydantic's words in both."""

import re
from typing import Any

from secondopinion.api.fields import CONTROL_REFUSED, INVISIBLE_REFUSED
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


# pydantic lists the allowed values as "'a', 'b' or 'c'": the last " or " before the last value (a
# quoted text, which may hold " or " itself, or a bare number) is English, "of" in Dutch.
_LAST_OR = re.compile(r""" or ('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^ ,'"]+)$""")


def dutch_choices(expected: str) -> str:
    """`"'a', 'b' or 'c'"` → `"'a', 'b' of 'c'"`; the values themselves are left as they are."""
    return _LAST_OR.sub(lambda found: f" of {found.group(1)}", str(expected))


def _ctx(error: dict[str, Any], key: str) -> Any:
    return (error.get("ctx") or {}).get(key, "")


def _value_error(message: str) -> Text:
    if message == CONTROL_REFUSED:
        return Text(
            "tekst mag geen stuurtekens bevatten (U+0000-U+001F behalve tab, regelovergang en "
            "regelterugloop)",
            message,
        )
    if message.startswith(INVISIBLE_REFUSED):
        character = message.removeprefix(INVISIBLE_REFUSED).partition(")")[0]  # "U+202E"
        return Text(
            f"bevat onzichtbare tekens of tekens die de leesrichting veranderen ({character}); haal ze weg",
            message,
        )
    if message.startswith("must contain visible text"):
        return Text("moet zichtbare tekst bevatten, niet alleen spaties of onzichtbare tekens", message)
    if message.startswith("not a date: use "):
        forms = message.removeprefix("not a date: use ")
        return Text(f"geen datum: gebruik {forms}", message)
    return Text(message, message)


_WHOLE = Text("moet een geheel getal zijn", "must be a whole number")
_BOOLEAN = Text("moet true of false zijn", "must be true or false")
_DATE = Text("geen geldige datum", "not a valid date")
_MOMENT = Text("geen geldig tijdstip", "not a valid date and time")
_OBJECT = Text("moet een object zijn", "must be an object")

# Error types whose rule needs no number from the error.
FIXED: dict[str, Text] = {
    "missing": Text("verplicht veld ontbreekt", "required field is missing"),
    "int_parsing": _WHOLE,
    "int_type": _WHOLE,
    "int_from_float": _WHOLE,
    "bool_parsing": _BOOLEAN,
    "bool_type": _BOOLEAN,
    "string_type": Text("moet tekst zijn", "must be text"),
    # A lone surrogate ("\ud800" in JSON) in a text with a length limit: no character at all.
    "string_unicode": Text("is geen geldige Unicode-tekst", "is not valid Unicode text"),
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "datetime_parsing": _MOMENT,
    "datetime_from_date_parsing": _MOMENT,
    "list_type": Text("moet een lijst zijn", "must be a list"),
    "dict_type": _OBJECT,
    "model_type": _OBJECT,
    "model_attributes_type": _OBJECT,
    "finite_number": Text("moet een eindig getal zijn", "must be a finite number"),
    # A field the schema does not have (pydantic's extra="forbid", api/fields.py): most often a typo.
    "extra_forbidden": Text(
        "onbekend veld: dit veld bestaat hier niet; controleer de naam",
        "unknown field: there is no such field here; check its name",
    ),
    "string_pattern_mismatch": Text("heeft niet de juiste vorm", "does not have the right form"),
}

# Error types whose rule names a number from the error's context: (its key, Dutch, English), with {n}.
COUNTED: dict[str, tuple[str, str, str]] = {
    "string_too_long": (
        "max_length",
        "mag hoogstens {n} tekens lang zijn",
        "may be at most {n} characters long",
    ),
    "string_too_short": (
        "min_length",
        "moet minstens {n} tekens lang zijn",
        "must be at least {n} characters long",
    ),
    "too_long": ("max_length", "mag hoogstens {n} items bevatten", "may hold at most {n} items"),
    "too_short": ("min_length", "moet minstens {n} items bevatten", "must hold at least {n} items"),
    "greater_than_equal": (
        "ge",
        "moet groter dan of gelijk aan {n} zijn",
        "must be greater than or equal to {n}",
    ),
    "greater_than": ("gt", "moet groter dan {n} zijn", "must be greater than {n}"),
    "less_than_equal": ("le", "moet kleiner dan of gelijk aan {n} zijn", "must be less than or equal to {n}"),
    "less_than": ("lt", "moet kleiner dan {n} zijn", "must be less than {n}"),
    "literal_error": ("expected", "kies een van: {n}", "choose one of: {n}"),
    "enum": ("expected", "kies een van: {n}", "choose one of: {n}"),
}


def explain(error: dict[str, Any]) -> Text:
    """The rule one error broke, in both languages."""
    kind, message = error.get("type", ""), str(error.get("msg", ""))
    if kind in FIXED:
        return FIXED[kind]
    if kind in COUNTED:
        key, nl, en = COUNTED[kind]
        n = _ctx(error, key)
        dutch_n = dutch_choices(n) if key == "expected" else n
        return Text(nl.format(n=dutch_n), en.format(n=n))
    if kind == "value_error":
        return _value_error(message.removeprefix("Value error, "))
    return Text(message, message)
