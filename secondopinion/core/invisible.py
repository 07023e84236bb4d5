"""The characters no free text may hold, for both doors (web forms: web/forms_base.py; the API's
schemas: api/fields.py): nobody sees them, yet they change what is shown or cannot be stored.

Refused:
- control characters: C0 other than tab, line feed and carriage return (U+0000 among them: PostgreSQL
  stores no NUL), DEL (U+007F) and C1 (U+0080-U+009F). A vertical tab (U+000B, Word's line break)
  is not judged here: each door turns it into a line feed or refuses it (core/textcheck.py);
- every format character (Unicode category Cf), above all the bidirectional controls (U+061C,
  U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) that show "Petra" reversed in a worklist or a
  letter ("Trojan Source", CVE-2021-42574), and the zero-width space, non-joiner and joiner
  (U+200B-U+200D), word joiner (U+2060) and byte order mark (U+FEFF). The zero-width non-joiner is
  needed in Persian script, which this Dutch and English product does not take;
- a lone surrogate (JSON's "\\ud800"): it is no character, and no database stores it.

Taken all the same, as they print or belong to what prints:
- the soft hyphen (U+00AD): pasted from Word inside long words, shown as a hyphen at a line's end;
- a zero-width joiner between two emoji (👨‍👩‍👧, 🏳️‍🌈, ❤️‍🔥): it makes them one picture and changes
  no reading direction. Between letters it is refused: there it only hides itself;
- the tag characters of a flag (🏴 + tags + U+E007F, Scotland's flag), and nowhere else;
- the number signs that print a mark (Arabic, Syriac, Kaithi: U+0600-U+0605, U+06DD, …).
"""

import unicodedata

_TAB_AND_LINE_BREAKS = frozenset("\t\n\r\x0b")
_ZWJ = "\u200d"
_PRINTING_FORMAT = frozenset(
    "\u00ad\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2\U000110bd\U000110cd"
)
# What may stand between an emoji and its joiner: a variation selector or a skin tone.
_EMOJI_MODIFIERS = frozenset("\ufe0e\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff")
_BLACK_FLAG = "\U0001f3f4"
_CANCEL_TAG = "\U000e007f"


def _is_tag(character: str) -> bool:
    return "\U000e0020" <= character <= "\U000e007e"


def _is_emoji(character: str) -> bool:
    return ord(character) >= 0x2000 and unicodedata.category(character) == "So"


def _joins_emoji(text: str, at: int) -> bool:
    """Does the zero-width joiner at `at` stand between two emoji?"""
    before = at - 1
    while before >= 0 and text[before] in _EMOJI_MODIFIERS:
        before -= 1
    after = at + 1
    return before >= 0 and after < len(text) and _is_emoji(text[before]) and _is_emoji(text[after])


def _flag_tags_end(text: str, at: int) -> int:
    """Where the tags of a flag that starts at `at` (🏴) end, or `at` when none follow."""
    end = at + 1
    while end < len(text) and _is_tag(text[end]):
        end += 1
    if end > at + 1 and end < len(text) and text[end] == _CANCEL_TAG:
        return end + 1
    return at


def hidden_character(text: str) -> str | None:
    """The first character of `text` that no door takes (see above), or None."""
    if text.isascii():  # the common case: only C0 and DEL can be wrong
        for character in text:
            if (character < " " and character not in _TAB_AND_LINE_BREAKS) or character == "\x7f":
                return character
        return None
    at = 0
    while at < len(text):
        character = text[at]
        if character == _BLACK_FLAG:
            at = max(_flag_tags_end(text, at), at + 1)
            continue
        if character not in _TAB_AND_LINE_BREAKS and character not in _PRINTING_FORMAT:
            category = unicodedata.category(character)
            if category in ("Cc", "Cs") or (
                category == "Cf" and not (character == _ZWJ and _joins_emoji(text, at))
            ):
                return character
        at += 1
    return None


def code_point(character: str) -> str:
    """`\u202e` → "U+202E": how a refusal names the character to a developer."""
    return f"U+{ord(character):04X}"


def search_text(raw: str, limit: int = 100) -> str:
    """A search box's words as they can be looked for: invisible and control characters left out
    (a NUL cannot even be sent to PostgreSQL), surrounding spaces trimmed, at most `limit` long.
    A search is not stored, so it is cleaned rather than refused."""
    kept = "".join(
        character
        for character in raw
        if unicodedata.category(character) not in ("Cc", "Cf", "Cs") or character == " "
    )
    return kept.strip()[:limit]
