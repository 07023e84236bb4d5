"""Text in a CSV that a spreadsheet opens. A cell that starts with =, +, - or @ (or with a tab or a
carriage return, which some programs skip first) is read as a formula by Excel, LibreOffice and Google
Sheets: a name such as `=HYPERLINK("https://…")` would become a live link or worse (CSV injection,
OWASP). Such a text is written with a leading apostrophe, which the spreadsheet shows as the text
itself. Numbers are written as numbers and never pass here."""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value
