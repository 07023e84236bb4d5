"""Dutch is the default and must be complete; the compiled catalogue must match its source."""

import gettext
import re
from pathlib import Path

from django.conf import settings

LOCALE = Path(settings.LOCALE_PATHS[0]) / "nl" / "LC_MESSAGES"


def po_entries() -> dict[str, str]:
    """msgid → msgstr of every entry in the Dutch .po file (the header left out)."""
    source = (LOCALE / "django.po").read_text(encoding="utf-8")
    entries = {}
    for block in source.split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n?)+)^msgstr ((?:".*"\n?)+)', block, re.M)
        if match is None:
            continue
        msgid, msgstr = ("".join(re.findall(r'"(.*)"', part)) for part in match.groups())
        if msgid:
            entries[msgid.replace('\\"', '"')] = msgstr.replace('\\"', '"')
    return entries


def test_every_message_has_a_dutch_translation():
    source = (LOCALE / "django.po").read_text(encoding="utf-8")
    entries = po_entries()

    assert len(entries) > 150
    assert [msgid for msgid, msgstr in entries.items() if not msgstr] == []
    assert "#, fuzzy" not in source


def test_the_compiled_catalogue_matches_the_po_file():
    with (LOCALE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)

    stale = [
        msgid
        for msgid, msgstr in po_entries().items()
        if "\\n" not in msgid and catalogue.gettext(msgid) != msgstr
    ]

    assert stale == []
