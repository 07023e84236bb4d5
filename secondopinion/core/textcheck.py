"""What a free text may hold, for every door that takes one (web, API, services) and every
rendering that prints one (PDF, DOCX).

- Control characters (U+0000-U+001F other than tab, line feed and carriage return) are refused at
  the door: PostgreSQL stores no NUL, and a DOCX (XML) can hold none of them. A vertical tab
  (U+000B, Word's line break) is first turned into a line feed (`normalise_line_breaks`).
- A required text must show something: `is_blank` is true for a text of only spaces, zero-width
  characters (U+200B-U+200D, U+2060, U+FEFF) and other characters that print nothing.
- `printable` makes any stored text safe to print: what a document cannot hold is dropped.
"""

import dataclasses
import re
import unicodedata
from typing import Any, cast

# C0 control characters other than tab, line feed and carriage return.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# The same, as an OpenAPI/JSON Schema `pattern` for a text the API accepts: a vertical tab is
# accepted there (it becomes a line feed), every other control character is refused.
TEXT_PATTERN = r"^[^\x00-\x08\x0C\x0E-\x1F]*$"
# What XML 1.0 (and so a DOCX) cannot hold: the control characters above, lone surrogates, U+FFFE/F.
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# Characters that print nothing although Unicode files them as letters or symbols.
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f\u180e")
# Categories that print nothing on their own: controls, format characters (zero-width space, joiners,
# word joiner, BOM, bidi marks), separators, surrogates, private use, unassigned, and combining marks
# with no base.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp", "Mn", "Me"})


def control_character(text: str) -> str | None:
    """The first control character in `text` that no door accepts, or None."""
    found = CONTROL_CHARACTERS.search(text)
    return found.group() if found else None


def normalise_line_breaks(text: str) -> str:
    """A vertical tab (Word's manual line break, pasted as U+000B) becomes a line feed."""
    return text.replace("\x0b", "\n") if "\x0b" in text else text


def printable(text: str) -> str:
    """`text` as a document can print it: line breaks kept (a vertical tab or form feed becomes a
    line feed), every other character that XML cannot hold dropped."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub("", text.replace("\x0b", "\n").replace("\x0c", "\n"))


def printable_copy[T](value: T) -> T:
    """`value` with every text in it made `printable`: a string, or the strings inside tuples,
    lists, dicts and (frozen) dataclasses, such as an assembled report."""
    result: Any = value
    if isinstance(value, str):
        result = printable(value)
    elif isinstance(value, tuple | list):
        result = type(value)(printable_copy(item) for item in value)
    elif isinstance(value, dict):
        result = {key: printable_copy(item) for key, item in value.items()}
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {
            item.name: printable_copy(getattr(value, item.name))
            for item in dataclasses.fields(value)
            if item.init
        }
        result = dataclasses.replace(value, **changes)
    return cast(T, result)


def is_visible(character: str) -> bool:
    """Does this character print something by itself?"""
    if character.isspace() or character in _INVISIBLE_LETTERS:
        return False
    return unicodedata.category(character) not in _INVISIBLE_CATEGORIES


def visible_length(text: str) -> int:
    """How many characters of `text` print something."""
    return sum(1 for character in text if is_visible(character))


def is_blank(text: str) -> bool:
    """True when `text` shows nothing: empty, or only spaces and invisible characters."""
    return not any(is_visible(character) for character in text)
