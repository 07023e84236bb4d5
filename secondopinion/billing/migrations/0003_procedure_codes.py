import datetime as dt

from django.db import migrations

# R25: other necessary procedures are billed per the tariff decision (seed 000), e.g. X-rays
# (seed 001). X10: a small intra-oral X-ray (bitewing or periapical); X21: a panoramic X-ray (OPT).
CODES = [
    ("X10", "Maken en beoordelen kleine röntgenfoto (bitewing of solofoto)",
     "Making and judging a small X-ray (bitewing or periapical image)", dt.date(2018, 1, 1), None),
    ("X21", "Maken en beoordelen kaakoverzichtsfoto (panoramische opname, OPT)",
     "Making and judging a panoramic X-ray of the jaws (OPT)", dt.date(2018, 1, 1), None),
]


def add_codes(apps, schema_editor):
    TariffCode = apps.get_model("billing", "TariffCode")
    for code, nl, en, start, end in CODES:
        TariffCode.objects.update_or_create(
            code=code, valid_from=start, defaults={"description_nl": nl, "description_en": en, "valid_until": end}
        )


class Migration(migrations.Migration):
    dependencies = [("billing", "0002_tariff_codes")]
    operations = [migrations.RunPython(add_codes, migrations.RunPython.noop)]
