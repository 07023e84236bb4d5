"""The worklist's columns (days open, the due date of the next step and whether it is overdue, unread
messages), its search (case number, patient name) and its sort (days open, due date, status), with
htmx answering the list alone and the whole page without script."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from secondopinion.aftercare.services import message_send
from secondopinion.cases.models import SecondOpinionCase, StatusChange
from secondopinion.planning.models import StepDuration
from tests.factories import PatientFactory
from tests.web.conftest import html

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "worklist"}


def opened_days_ago(case: SecondOpinionCase, days: int) -> SecondOpinionCase:
    """Move the case's submission (and its status history) `days` back in time."""
    moment = timezone.now() - dt.timedelta(days=days)
    SecondOpinionCase.objects.filter(pk=case.pk).update(created_at=moment)
    StatusChange.objects.filter(case=case).update(at=moment)
    case.refresh_from_db()
    return case


def references(page: str) -> list[str]:
    return re.findall(r">(TM-\d{4}-\d{5})</a>", page)


def cell(page: str, case: SecondOpinionCase, css: str) -> str:
    row = page[page.index(f">{case.reference}</a>") :]
    found = re.search(rf'class="{css}">(.*?)</td>', row, re.S)
    assert found is not None
    return found.group(1)


def test_each_case_shows_days_open_and_the_due_date_of_its_next_step(login, cast, submit):
    case = opened_days_ago(submit(), 3)  # dental: triage is expected within 5 days of submission
    due = timezone.localdate(case.created_at) + dt.timedelta(days=5)

    page = html(login(cast.coordinator).get(reverse("web:home")))

    assert "Dagen open" in page
    assert cell(page, case, "days-open") == "3"
    assert f'datetime="{due:%Y-%m-%d}"' in cell(page, case, "due")
    assert "te laat" not in cell(page, case, "due")


def test_a_case_past_its_due_date_is_overdue(login, cast, submit):
    case = opened_days_ago(submit(), 9)

    page = html(login(cast.coordinator).get(reverse("web:home")))

    assert "te laat" in cell(page, case, "due")


def test_the_organisations_own_days_replace_the_protocols(login, cast, submit):
    case = opened_days_ago(submit(), 3)
    StepDuration.objects.create(
        organisation=cast.giving_practice, protocol="dental-knmt", status="submitted", days=2
    )

    page = html(login(cast.coordinator).get(reverse("web:home")))

    assert "te laat" in cell(page, case, "due")


def test_the_due_date_runs_from_the_day_the_case_entered_its_state(login, cast, submit, advance):
    case = opened_days_ago(submit(), 30)
    case = advance(case, "accepted")  # accepted today: a giver is expected within 7 days
    due = timezone.localdate() + dt.timedelta(days=7)

    page = html(login(cast.coordinator).get(reverse("web:home")))

    assert cell(page, case, "days-open") == "30"
    assert f'datetime="{due:%Y-%m-%d}"' in cell(page, case, "due")


def test_a_closed_case_has_no_days_open_and_no_due_date(login, cast, submit, advance):
    case = advance(submit(), "closed")

    page = html(login(cast.coordinator).get(reverse("web:home")))

    assert cell(page, case, "days-open") == "—"
    assert cell(page, case, "due") == "—"


def test_the_coordinator_sees_the_unread_messages_of_the_patients_side(login, cast, submit):
    quiet, busy = submit(), submit()
    for body in ("Wanneer hoor ik iets?", "Nog een vraag."):
        message_send(actor=cast.patient_user, case_id=busy.pk, body=body, source="web")
    message_send(actor=cast.coordinator, case_id=quiet.pk, body="Binnenkort.", source="web")

    page = html(login(cast.coordinator).get(reverse("web:home")))

    assert "Ongelezen berichten" in page
    assert ">2<" in cell(page, busy, "unread")
    assert cell(page, quiet, "unread") == "0"  # the practice's own message is not unread for it


def test_the_patient_sees_the_practices_answers_not_yet_read_on_the_home_page(login, cast, submit):
    case = submit()
    message_send(actor=cast.coordinator, case_id=case.pk, body="Binnenkort.", source="web")

    page = html(login(cast.patient_user).get(reverse("web:home")))

    assert "1 nieuw bericht" in page


def test_search_finds_a_case_by_its_number(login, cast, submit):
    wanted, other = submit(), submit()
    client = login(cast.coordinator)

    for typed in (wanted.reference, wanted.reference.lower(), str(wanted.pk)):
        page = html(client.get(reverse("web:home"), {"q": typed}))
        assert references(page) == [wanted.reference], typed
    assert other.reference not in references(html(client.get(reverse("web:home"), {"q": wanted.reference})))


def test_search_finds_cases_by_the_patients_name(login, cast, submit):
    petra, annas = submit(), submit()
    SecondOpinionCase.objects.filter(pk=annas.pk).update(patient=PatientFactory(name="Anna Jansen"))
    client = login(cast.coordinator)

    page = html(client.get(reverse("web:home"), {"q": "jans"}))

    assert references(page) == [annas.reference]
    assert petra.reference not in references(page)


def test_a_search_that_finds_nothing_says_so(login, cast, submit):
    submit()

    page = html(login(cast.coordinator).get(reverse("web:home"), {"q": "Niemand Bekend"}))

    assert references(page) == []
    assert "Er zijn hier geen casussen." in page


def test_sort_by_days_open_puts_the_oldest_first_in_one_list(login, cast, submit, advance):
    new = submit()
    old = opened_days_ago(advance(submit(), "accepted"), 20)
    middle = opened_days_ago(submit(), 4)

    page = html(login(cast.coordinator).get(reverse("web:home"), {"sort": "days"}))

    assert references(page) == [old.reference, middle.reference, new.reference]
    assert 'id="group-all"' in page


def test_sort_by_due_date_puts_the_most_overdue_first_and_ended_cases_last(login, cast, submit, advance):
    ended = opened_days_ago(advance(submit(), "closed"), 40)
    soon = opened_days_ago(submit(), 4)  # due tomorrow
    late = opened_days_ago(submit(), 8)  # due 3 days ago
    later = submit()  # due in 5 days

    page = html(login(cast.coordinator).get(reverse("web:home"), {"sort": "due"}))

    assert references(page) == [late.reference, soon.reference, later.reference, ended.reference]


def test_sort_by_status_keeps_the_groups(login, cast, submit, advance):
    submitted = submit()
    accepted = advance(submit(), "accepted")

    page = html(login(cast.coordinator).get(reverse("web:home"), {"sort": "status"}))

    assert references(page) == [submitted.reference, accepted.reference]
    assert 'id="group-submitted"' in page


def test_an_unknown_sort_falls_back_to_status(login, cast, submit):
    case = submit()

    page = html(login(cast.coordinator).get(reverse("web:home"), {"sort": "drop table"}))

    assert references(page) == [case.reference]


def test_htmx_gets_the_list_alone_and_a_plain_request_the_whole_page(login, cast, submit):
    wanted, _other = submit(), submit()
    client = login(cast.coordinator)

    fragment = html(client.get(reverse("web:home"), {"q": wanted.reference}, **HTMX))
    page = html(client.get(reverse("web:home"), {"q": wanted.reference}))

    assert fragment.lstrip().startswith('<div id="worklist">')
    assert "<html" not in fragment
    assert references(fragment) == [wanted.reference]
    assert "<html" in page
    assert 'hx-get="/"' in page
    assert f'value="{wanted.reference}"' in page


def test_the_status_filter_keeps_the_search_and_sort(login, cast, submit):
    submit()
    page = html(login(cast.coordinator).get(reverse("web:home"), {"q": "Petra", "sort": "days"}))

    assert re.search(r'href="\?(?=[^"]*q=Petra)(?=[^"]*sort=days)[^"]*status=submitted', page)


def test_a_giver_can_search_their_own_cases_but_not_another_practices(login, cast, submit, advance):
    mine = advance(submit(), "assigned")
    client = login(cast.other_coordinator)

    page = html(client.get(reverse("web:home"), {"q": mine.reference}))

    assert references(page) == []
    assert references(html(login(cast.giver_user).get(reverse("web:home"), {"q": "Petra"}))) == [
        mine.reference
    ]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_row_writes_its_days_as_the_date_filter_would_in_the_readers_language(
    login, cast, submit, language
):
    """The row's days and link are made in Python (web/home_presenter.py), not by fifty date filters
    and url tags: they read exactly as those would."""
    from django.template.defaultfilters import date as date_filter
    from django.utils import translation

    case = opened_days_ago(submit(), 40)  # submitted in another month than its due day, most days
    due = timezone.localdate(case.created_at) + dt.timedelta(days=5)

    page = html(login(cast.coordinator).get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE=language))

    assert {"nl": "Dagen open", "en": "Days open"}[language] in page
    with translation.override(language):
        submitted = date_filter(timezone.localtime(case.created_at), "j F Y")
        due_text = date_filter(due, "j F Y")
    row = page[page.index(f">{case.reference}</a>") - 200 :]
    assert f'href="{reverse("web:case", args=[case.pk])}"' in row
    assert f">{submitted}</td>" in row
    assert f'<time datetime="{due:%Y-%m-%d}">{due_text}</time>' in cell(page, case, "due")


# The row as the template wrote it before rows were made in Python (web/home_presenter.py, Row).
TEMPLATE_ROW = """{% load i18n web %}
{% translate "Reference" as l_reference %}{% translate "Patient" as l_patient %}{% translate "Treating practitioner" as l_treating %}{% translate "Giver" as l_giver %}{% translate "Status" as l_status %}{% translate "Submitted" as l_submitted %}{% translate "Days open" as l_days %}{% translate "Next step due" as l_due %}{% translate "Unread messages" as l_unread %}{% translate "Do not adjust the prosthesis (R3)" as l_hold_title %}{% translate "prosthesis hold" as l_hold %}{% translate "overdue" as l_overdue %}
<tr>
<th scope="row" data-label="{{ l_reference }}"><a href="{% url 'web:case' case.pk %}">{{ case.reference }}</a>{% if case.prosthesis_hold_since and case.status not in "closed redirected refused withdrawn" %} <span class="tag" title="{{ l_hold_title }}">{{ l_hold }}</span>{% endif %}</th>
<td data-label="{{ l_patient }}">{{ case.patient }}</td>
<td data-label="{{ l_treating }}">{{ case.treating_practitioner }}</td>
<td data-label="{{ l_giver }}">{{ case.giver|default:"—" }}</td>
{% if not status %}<td data-label="{{ l_status }}">{{ case.status|status_label }}</td>{% endif %}
<td data-label="{{ l_submitted }}">{{ case.created_at|date:"j F Y" }}</td>
<td data-label="{{ l_days }}" class="days-open">{% if case.timing.days_open is not None %}{{ case.timing.days_open }}{% else %}—{% endif %}</td>
<td data-label="{{ l_due }}" class="due">{% if case.timing.due %}<time datetime="{{ case.timing.due|date:'Y-m-d' }}">{{ case.timing.due|date:"j F Y" }}</time>{% if case.timing.overdue %} <span class="tag tag--overdue">{{ l_overdue }}</span>{% endif %}{% else %}—{% endif %}</td>
{% if unread_column %}<td data-label="{{ l_unread }}" class="unread">{% if case.unread_messages %}<a href="{% url 'web:case' case.pk %}#messages"><strong>{{ case.unread_messages }}</strong></a>{% else %}0{% endif %}</td>{% endif %}
</tr>"""


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("sort", ["status", "days"])
def test_each_row_made_in_python_is_the_markup_the_template_made(cast, submit, advance, language, sort):
    """Every kind of row (overdue, closed, with a giver, a prosthesis hold running or ended, unread
    messages, names with markup in them) reads character for character as the template wrote it, in
    both languages, grouped by status (no status column) and in one list (with it), on the
    coordinator's worklist (with the unread column) and the giver's (assigned to him and the others,
    without it)."""
    from django.template import Context, Template
    from django.utils import translation

    from secondopinion.cases import selectors
    from secondopinion.directory.models import Practitioner
    from secondopinion.web.home_presenter import home_context

    overdue = opened_days_ago(submit(), 9)
    SecondOpinionCase.objects.filter(pk=overdue.pk).update(prosthesis_hold_since=timezone.now())
    hostile = submit()
    message_send(actor=cast.patient_user, case_id=hostile.pk, body="Is er al nieuws?", source="web")
    SecondOpinionCase.objects.filter(pk=hostile.pk).update(
        patient=PatientFactory(name='<script>alert("x")</script> & O\'Brien')
    )
    assigned = advance(submit(), "assigned")
    ended = advance(submit(), "closed")
    SecondOpinionCase.objects.filter(pk=ended.pk).update(prosthesis_hold_since=timezone.now())
    Practitioner.objects.filter(pk=cast.giver.pk).update(name='Dr. <b>"Gever"</b>')
    Practitioner.objects.filter(pk=cast.treating.pk).update(name="<i>Tandarts</i> & zn")
    template = Template(TEMPLATE_ROW)
    rows: dict[int, str] = {}
    with translation.override(language):
        for reader in (cast.coordinator, cast.giver_user):
            cases = selectors.case_list(user=reader, source="web")
            context = home_context(reader, cases, "", sort=sort)
            groups = context["groups"] + context["assigned_groups"]
            assert groups
            for status, members, _total in groups:
                for case in members:
                    expected = template.render(
                        Context({"case": case, "status": status, "unread_column": context["unread_column"]})
                    )
                    assert case.row.html == "".join(expected.splitlines()[2:]), case.reference
                    if reader == cast.coordinator:
                        rows[case.pk] = case.row.html
    assert {overdue.pk, hostile.pk, assigned.pk, ended.pk} <= set(rows)
    assert "&lt;script&gt;" in rows[hostile.pk]
    assert '#messages"><strong>1</strong>' in rows[hostile.pk]
    assert "&lt;i&gt;Tandarts&lt;/i&gt; &amp; zn" in rows[hostile.pk]
    assert "Dr. &lt;b&gt;&quot;Gever&quot;&lt;/b&gt;" in rows[assigned.pk]
    assert 'class="tag tag--overdue"' in rows[overdue.pk]
    assert 'class="tag" title=' in rows[overdue.pk]
    assert 'class="tag" title=' not in rows[ended.pk]
