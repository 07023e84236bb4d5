"""The giver's declaration of independence (R10) in the reader's language.

The statement is stored as it was shown to the giver (directory/services.py STATEMENT, in his language
at that moment). When it is that one statement, in either language, the page shows it in the language
the reader chose: the same declaration, so an English page does not quote it in Dutch. Any other stored
text (an older wording) is shown as stored."""

from django import template

from secondopinion.directory.services import STATEMENT

register = template.Library()


@register.filter
def declared_statement(statement: str) -> str:
    if statement in (STATEMENT.nl, STATEMENT.en):
        return str(STATEMENT)
    return statement
