"""Background work: a final report is rendered once, after the transaction that sealed it committed."""

from django.tasks import task

from secondopinion.reports.rendering import render_and_store


@task()
def render_final_report(report_id: int) -> int:
    """Render the final report to PDF and DOCX in every language and store the files (see
    reports/rendering.py); enqueued after sign-off and after each addendum commits."""
    return render_and_store(report_id)
