"""The coordinator's turnaround page and its CSV: anyone who coordinates no organisation gets 404."""

import csv

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache

from secondopinion.core.errors import NotFound
from secondopinion.core.spreadsheet import spreadsheet_text
from secondopinion.planning.turnaround import turnaround_for
from secondopinion.planning.words import WORDS

SOURCE = "web"


def _figures(request, action: str):
    try:
        return turnaround_for(user=request.user, source=SOURCE, action=action)
    except NotFound as exc:
        raise Http404 from exc


@never_cache
@login_required
def turnaround(request) -> HttpResponse:
    figures = _figures(request, "read")
    return render(request, "planning/turnaround.html", {"organisations": figures, "words": WORDS})


def _days(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


@never_cache
@login_required
def turnaround_csv(request) -> HttpResponse:
    figures = _figures(request, "export")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename="doorlooptijden.csv"
    )
    writer = csv.writer(response)
    columns = ("organisation", "protocol", "month", "reports", "median", "p90")
    writer.writerow([str(WORDS[column]) for column in columns])
    for organisation in figures:
        for row in (*organisation.by_protocol, *organisation.by_month):
            month = row.month.strftime("%Y-%m") if row.month else str(WORDS["all_months"])
            writer.writerow(
                [
                    spreadsheet_text(organisation.name),
                    spreadsheet_text(row.protocol_name),
                    month,
                    row.count,
                    _days(row.median),
                    _days(row.p90),
                ]
            )
    return response
