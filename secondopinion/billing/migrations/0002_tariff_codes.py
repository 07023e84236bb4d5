import datetime as dt

from django.db import migrations

# R25: C011 is the current code for a second opinion; older documents (seeds 001, 002) name C28.
CODES = [
    ("C28", "Uitgebreid onderzoek t.b.v. opstellen en vastleggen behandelplan",
     "Extended examination to draw up and record a treatment plan", dt.date(2010, 1, 1), dt.date(2017, 12, 31)),
    ("C011", "Uitgebreid onderzoek ten behoeve van een second opinion",
     "Extended examination for a second opinion", dt.date(2018, 1, 1), None),
]


def add_codes(apps, schema_editor):
    TariffCode = apps.get_model("billing", "TariffCode")
    for code, nl, en, start, end in CODES:
        TariffCode.objects.update_or_create(
            code=code, valid_from=start, defaults={"description_nl": nl, "description_en": en, "valid_until": end}
        )


class Migration(migrations.Migration):
    dependencies = [("billing", "0001_initial")]
    operations = [migrations.RunPython(add_codes, migrations.RunPython.noop)]
