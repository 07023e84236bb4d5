"""Spreadsheet formulas in the CSV exports (the turnaround figures, the outcomes): an organisation's name
such as `=HYPERLINK(...)` was written as is, and a spreadsheet opening the file runs it as a formula
(CSV injection). Now a text cell that starts with =, +, -, @, a tab or a carriage return is written
with a leading apostrophe; numbers stay numbers, ordinary names stay as they are."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from secondopinion.core.spreadsheet import spreadsheet_text
from tests.planning.test_turnaround import reported

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("https://evil.example","klik")', "+31 6 1234", "-2+3", "@SUM(A1)", "\t=1+1", "\r=1+1"]


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("name", FORMULAS)
def test_the_turnaround_csv_writes_a_formula_name_as_text(cast, submit, name):
    reported(cast, submit, 12)
    cast.giving_practice.name = name
    cast.giving_practice.save()
    client = Client()
    client.force_login(cast.coordinator)

    rows = rows_of(client.get(reverse("planning:turnaround-csv")))

    names = {row[0] for row in rows[1:]}
    assert names == {f"'{name}"}
    assert all(row[3].isdigit() for row in rows[1:])  # the count stays a number


@pytest.mark.parametrize("name", FORMULAS)
def test_the_outcomes_csv_writes_a_formula_name_as_text(cast, name):
    cast.giving_practice.name = name
    cast.giving_practice.save()
    client = Client()
    client.force_login(cast.coordinator)

    rows = rows_of(client.get(reverse("aftercare:outcomes-csv")))

    assert {row[0] for row in rows[1:]} == {f"'{name}"}


def test_an_ordinary_name_is_written_as_it_is(cast):
    client = Client()
    client.force_login(cast.coordinator)

    rows = rows_of(client.get(reverse("aftercare:outcomes-csv")))

    assert {row[0] for row in rows[1:]} == {"Mondzorg Centrum Oost"}


@pytest.mark.parametrize(
    ("text", "written"),
    [("=1+1", "'=1+1"), ("Tandarts - Oost", "Tandarts - Oost"), ("", ""), ("a=b", "a=b"), ("-", "'-")],
)
def test_which_texts_get_the_apostrophe(text, written):
    assert spreadsheet_text(text) == written
