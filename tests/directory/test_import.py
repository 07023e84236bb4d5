import io

import pytest
from django.core.management import call_command

from secondopinion.directory.imports import import_organisations, import_practitioners
from secondopinion.directory.models import Organisation, Practitioner

pytestmark = pytest.mark.django_db

ORGS = """agb_code,name,kind,ura_code,city,complaint_scheme,parent_agb
30000001,Ziekenhuis Rivierenland,hospital,40000001,Tiel,Klachtenregeling ziekenhuis,
30000002,Neurologie,department,,Tiel,,30000001
3000000X,Kapotte AGB,practice,,Ede,,
30000003,Zonder ouder,department,,Ede,,39999999
"""


def practitioners_csv(rows: int, bad_every: int = 0) -> str:
    lines = ["agb_code,name,discipline,specialism,big_number,organisation_agb,ont_member"]
    for n in range(rows):
        discipline = "dentist"
        if bad_every and n % bad_every == 0:
            discipline = "wizard"
        lines.append(f"{50000000 + n},Tandarts {n},{discipline},,{10000000000 + n},30000001,nee")
    return "\n".join(lines) + "\n"


def test_organisations_import_with_bad_rows_reported_by_line():
    result = import_organisations(io.StringIO(ORGS))

    assert (result.created, result.updated) == (2, 0)
    assert [line for line, _message in result.errors] == [4, 5]
    assert "agb_code" in result.errors[0][1]
    assert "parent_agb" in result.errors[1][1]
    assert Organisation.objects.get(agb_code="30000002").parent.agb_code == "30000001"


def test_ten_thousand_practitioners_import_the_bad_rows_reported_by_line_number():
    import_organisations(io.StringIO(ORGS))

    result = import_practitioners(io.StringIO(practitioners_csv(10_000, bad_every=1000)))

    assert result.created == 9_990
    assert len(result.errors) == 10
    assert result.errors[0][0] == 2  # the header is line 1; row n sits on line n + 2
    assert result.errors[1][0] == 1002
    assert all("discipline" in message for _line, message in result.errors)
    assert Practitioner.objects.count() == 9_990


def test_importing_again_updates_and_never_duplicates():
    import_organisations(io.StringIO(ORGS))
    import_practitioners(io.StringIO(practitioners_csv(50)))

    again = import_practitioners(io.StringIO(practitioners_csv(50).replace("Tandarts 7,", "Tandarts Zeven,")))

    assert (again.created, again.updated, again.errors) == (0, 50, [])
    assert Practitioner.objects.count() == 50
    assert Practitioner.objects.get(agb_code="50000007").name == "Tandarts Zeven"


def test_a_duplicate_big_number_or_agb_in_the_file_is_rejected_on_its_own_line():
    import_organisations(io.StringIO(ORGS))
    source = (
        practitioners_csv(2)
        + "50000000,Dubbel,dentist,,19999999999,30000001,ja\n60000000,Zelfde BIG,dentist,,10000000001,30000001,nee\n"
    )

    result = import_practitioners(io.StringIO(source))

    assert [line for line, _m in result.errors] == [4, 5]
    assert Practitioner.objects.count() == 2


def test_the_command_reports_missing_columns(tmp_path, capsys):
    path = tmp_path / "bad.csv"
    path.write_text("agb_code,name\n1,x\n", encoding="utf-8")

    call_command("import_directory", "practitioners", str(path))

    assert "line 1: missing columns" in capsys.readouterr().err
