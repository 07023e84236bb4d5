"""Words for the identity pages in templates not of their own (the coordinator's worklist links to
the desk check): bilingual Text, Dutch by default."""

from django import template

from secondopinion.web.identity_views import WORDS

register = template.Library()


@register.simple_tag
def identity_desk_label() -> str:
    """The worklist's link to the desk check of a patient's identity."""
    return str(WORDS["desk_title"])
