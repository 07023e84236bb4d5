"""Reading a page as its reader does: the words on the screen, and whole words among them.

A check such as `"R2" not in page` also reads the form's hidden security token and every
attribute, and `"uw " not in text` trips over a name such as "Van der Pouw". These helpers
look only at what is shown, and at whole words.
"""

import html
import re


def visible_text(page: str, part: str = "main") -> str:
    """The words a reader sees in the page's `part` (`main` or `body`, or the whole fragment when
    the page has no such element): no tags, attributes, hidden inputs, scripts, styles or templates;
    entities decoded; whitespace folded."""
    found = re.search(rf"<{part}\b.*?</{part}>", page, re.S)
    text = found.group(0) if found else page
    text = re.sub(r"<(script|style|template)\b.*?</\1>", " ", text, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())


def says(text: str, word: str) -> bool:
    """Whether `word` stands in `text` as a word of its own (not inside a longer word or token)."""
    return re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text) is not None
