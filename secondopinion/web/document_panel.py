"""The documents panel of the case page: the documents this user may open, and the upload form
with the purposes their role may supply. Read as part of the case page, whose read is logged."""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from secondopinion.accounts.models import User
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.core.errors import DomainError
from secondopinion.core.roles import Role
from secondopinion.documents.detect import ACCEPTED
from secondopinion.documents.models import Document
from secondopinion.documents.services import document_roles, documents_visible, may_upload, upload_roles
from secondopinion.web.forms import WebForm

KEY = "document"


class DocumentForm(WebForm):
    id_prefix = "document"
    purpose = forms.ChoiceField(
        label=_("What is it?"), choices=Document.Purpose.choices, widget=forms.RadioSelect
    )
    # Empty files reach the service, which refuses them with the same words as on the API.
    # The help text is made in __init__: formatted here, once at import, it would stay in the language
    # the process started in.
    file = forms.FileField(label=_("File"), allow_empty_file=True)

    def __init__(self, *args: Any, purposes: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "Accepted: %(types)s. The type is read from the content; the name's extension must agree."
        ) % {"types": ACCEPTED}
        if purposes is not None:
            field = self.fields["purpose"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [(value, label) for value, label in Document.Purpose.choices if value in purposes]


def document_panel(
    user: User,
    case: SecondOpinionCase,
    *,
    bound: tuple[str, forms.Form] | None = None,
    error: DomainError | None = None,
) -> dict[str, Any]:
    roles: frozenset[Role] = document_roles(user, case)
    purposes = may_upload(upload_roles(user, case, roles))
    is_bound = bound is not None and bound[0] == KEY
    form: forms.Form | None = None
    if purposes:
        form = bound[1] if bound is not None and is_bound else DocumentForm(purposes=purposes)
    context: dict[str, Any] = {
        "documents": documents_visible(user, case, roles) if roles else [],
        "documents_shown": bool(roles),
        "document_form": form,
        "document_error": error if is_bound else None,
    }
    if is_bound:
        # Shown in the panel, beside the form, rather than at the top of the page.
        context |= {"page_error": None, "unshown_form": None}
    return context
