import datetime as dt

from django.db import migrations

# R25: the one amount this product has a source for: the NZa tariff of C011 (extended examination for a
# second opinion) in 2025, €136.56, as issue 12 states it. The seeds name codes but no amounts; every other
# year and code is entered by an administrator (Django admin, tariff codes) from the NZa's yearly list.
AMOUNTS = [("C011", dt.date(2018, 1, 1), dt.date(2025, 1, 1), dt.date(2025, 12, 31), 13656, "NZa-tarief 2025 (issue 12)")]


def add_amounts(apps, schema_editor):
    TariffCode = apps.get_model("billing", "TariffCode")
    TariffAmount = apps.get_model("billing", "TariffAmount")
    for code, code_from, start, end, cents, source in AMOUNTS:
        tariff = TariffCode.objects.filter(code=code, valid_from=code_from).first()
        if tariff is not None:
            TariffAmount.objects.update_or_create(
                tariff=tariff, valid_from=start, defaults={"valid_until": end, "amount_cents": cents, "source": source}
            )


class Migration(migrations.Migration):
    dependencies = [("billing", "0004_tariff_amounts_and_practice_prices")]
    operations = [migrations.RunPython(add_amounts, migrations.RunPython.noop)]
