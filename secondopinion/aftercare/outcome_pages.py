"""How the outcomes page shows the table: the rows beside the Mayo figures, a bar chart drawn here as
plain SVG geometry (no script, no library, nothing from a CDN) with its text alternative, and the same
rows as CSV. Pure arrangement of an OutcomeTable: no query, no access decision."""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import get_language

from secondopinion.aftercare.outcomes import (
    CATEGORIES,
    FOLLOWED_LABELS,
    MAYO_DIAGNOSIS_PERCENT,
    OutcomeTable,
    Tally,
)
from secondopinion.core.spreadsheet import spreadsheet_text
from secondopinion.core.text import Text
from secondopinion.protocols.registry import PROTOCOLS
from secondopinion.protocols.vocabulary import OUTCOMES

SERIES = (
    ("diagnosis", Text("Diagnose (hier)", "Diagnosis (here)"), "#1f6feb"),
    ("treatment", Text("Behandeling (hier)", "Treatment (here)"), "#8250df"),
    ("mayo", Text("Diagnose, Mayo 2017", "Diagnosis, Mayo 2017"), "#6e7781"),
)
CHART_WIDTH, CHART_HEIGHT = 360, 195
PLOT_TOP, PLOT_BOTTOM, PLOT_LEFT = 20, 170, 34


@dataclass(frozen=True)
class Row:
    category: str
    label: str
    diagnosis: int
    diagnosis_percent: float | None
    treatment: int
    treatment_percent: float | None
    mayo_percent: int


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    colour: str
    value: str

    @property
    def label_y(self) -> float:
        return self.y - 3


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    groups: list[tuple[float, str]]  # x of the label's centre, the category
    ticks: list[tuple[float, int]]  # y, percent
    legend: list[tuple[str, str]]  # colour, series name (shown beneath the drawing)
    description: str


def rows(tally: Tally) -> list[Row]:
    language = get_language()
    return [
        Row(
            category,
            OUTCOMES[category].in_language(language),
            tally.diagnosis[category],
            tally.percent("diagnosis", category),
            tally.treatment[category],
            tally.percent("treatment", category),
            MAYO_DIAGNOSIS_PERCENT[category],
        )
        for category in CATEGORIES
    ]


def followed_rows(tally: Tally) -> list[tuple[str, int]]:
    language = get_language()
    return [(label.in_language(language), tally.followed[key]) for key, label in FOLLOWED_LABELS.items()]


def _y(percent: float) -> float:
    return PLOT_BOTTOM - (PLOT_BOTTOM - PLOT_TOP) * percent / 100


def chart(table_rows: list[Row]) -> Chart:
    """Grouped bars per category: the diagnosis and treatment here, in percent, and Mayo's diagnosis."""
    language = get_language()
    group_width = (CHART_WIDTH - PLOT_LEFT - 6) / len(table_rows)
    bar_width = group_width / (len(SERIES) + 1)
    bars, groups, described = [], [], []
    for i, row in enumerate(table_rows):
        left = PLOT_LEFT + i * group_width + bar_width / 2
        values = (row.diagnosis_percent, row.treatment_percent, row.mayo_percent)
        for j, ((_key, _name, colour), value) in enumerate(zip(SERIES, values, strict=True)):
            shown = value or 0
            y = _y(shown)
            bars.append(Bar(left + j * bar_width, y, bar_width - 2, PLOT_BOTTOM - y, colour, _number(value)))
        groups.append((PLOT_LEFT + (i + 0.5) * group_width, row.label))
        described.append(
            f"{row.label}: "
            + ", ".join(
                f"{name.in_language(language)} {_number(value)}"
                for (_key, name, _colour), value in zip(SERIES, values, strict=True)
            )
        )
    ticks = [(_y(p), p) for p in (0, 25, 50, 75, 100)]
    legend = [(colour, name.in_language(language)) for _key, name, colour in SERIES]
    return Chart(CHART_WIDTH, CHART_HEIGHT, bars, groups, ticks, legend, "; ".join(described) + ".")


def _number(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:g}%"


CSV_HEADER = ("organisation", "protocol", "measure", "category", "count", "percent", "mayo_2017_percent")


def csv_text(table: OutcomeTable) -> str:
    """Every count of the page as one CSV: all protocols, then each protocol; Mayo beside the diagnosis."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    groups = [(table.protocol or "all", table.overall)]
    groups += [
        (code, tally) for code, tally in table.per_protocol.items() if code in (table.protocol or code)
    ]
    name = spreadsheet_text(table.organisation.name)
    for code, tally in groups:
        for measure in ("diagnosis", "treatment"):
            for category in CATEGORIES:
                percent = tally.percent(measure, category)
                mayo = MAYO_DIAGNOSIS_PERCENT[category] if measure == "diagnosis" else ""
                count = getattr(tally, measure)[category]
                writer.writerow(
                    (name, code, measure, category, count, "" if percent is None else percent, mayo)
                )
        for key in FOLLOWED_LABELS:
            writer.writerow((name, code, "followed_advice", key, tally.followed[key], "", ""))
    return out.getvalue()


def protocol_names() -> dict[str, str]:
    language = get_language()
    return {code: protocol.name.in_language(language) for code, protocol in PROTOCOLS.items()}
