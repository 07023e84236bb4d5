"""The administrator's admin site speaks Dutch: found walking the administrator's journey at 360 px,
where the index said "Verzoek om een account te verwijderens", "Tariff codes", "Staff members" and
"Representatives" among Dutch names."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from secondopinion.accounts.models import User
from tests.conftest import PASSWORD
from tests.reading import visible_text

pytestmark = pytest.mark.django_db

# secondopinion/api/ is kept by someone else at the moment; its one model is named in the report.
NOT_YET = {"api"}


def names(model, language: str) -> tuple[str, str, str]:
    with translation.override(language):
        meta = model._meta
        return (
            str(meta.verbose_name),
            str(meta.verbose_name_plural),
            str(apps.get_app_config(meta.app_label).verbose_name),
        )


def guessed_plural(model) -> bool:
    """Django's own plural, the name with an "s", said of a name of several words: "verzoek om een
    account te verwijderens"."""
    return "verbose_name_plural" not in model._meta.original_attrs and " " in names(model, "nl")[0]


def test_every_model_of_the_product_in_the_admin_has_its_dutch_names():
    ours = [
        model
        for model in admin.site._registry
        if model.__module__.startswith("secondopinion.") and model._meta.app_label not in NOT_YET
    ]

    untranslated = {
        model.__name__: names(model, "nl")
        for model in ours
        if names(model, "nl")[:2] == names(model, "en")[:2] or guessed_plural(model)
    }

    assert ours
    assert untranslated == {}


def test_the_admin_index_in_dutch_names_the_products_models_in_dutch(client):
    client.force_login(User.objects.create_superuser("beheer", "beheer@example.org", PASSWORD))

    page = visible_text(client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="nl").content.decode())

    for dutch in (
        "Verzoeken om een account te verwijderen",
        "Tariefcodes",
        "Medewerkers",
        "Vertegenwoordigers",
    ):
        assert dutch in page
    for english in ("verwijderens", "Tariff codes", "Staff members", "Representatives"):
        assert english not in page
