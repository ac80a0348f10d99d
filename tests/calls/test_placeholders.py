"""A call's texts name its dates by placeholders: a copy or an edited call can never
disagree with itself, and a stray brace never takes a page down."""

import calendar
import re
import tomllib

import pytest
import tomli_w
from django.core.exceptions import ValidationError

from opencall.calls.definition import CallDefinitionError, load_definition
from opencall.calls.models import Call
from opencall.calls.placeholders import fill, placeholder_problems
from opencall.calls.texts import body_html
from tests.fixtures.data import CALL_FILE, REFERENCE

FRENCH_MONTHS = [
    "",
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def _words(day, language: str) -> str:
    """A date in words, written without Django, to check the pages against."""
    month = calendar.month_name[day.month] if language == "en" else FRENCH_MONTHS[day.month]
    return f"{day.day} {month} {day.year}"


def _call_file(tmp_path, **texts):
    data = tomllib.loads(CALL_FILE.read_text(encoding="utf-8"))
    data["reference"] = str(REFERENCE)
    for key, value in texts.items():
        lang, field = key.split("_")
        data["texts"][lang][field] = value
    path = tmp_path / "call.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def test_the_shipped_call_names_its_dates_by_placeholders_only():
    definition = load_definition(CALL_FILE)
    for lang in ("en", "fr"):
        assert "{deadline}" in definition.body[lang]
        assert "{decision_date}" in definition.body[lang]
    assert "31 May" not in definition.body["en"]
    assert "end of June" not in definition.body["en"]
    assert "31 mai" not in definition.body["fr"]
    assert "fin juin" not in definition.body["fr"]


def test_loading_refuses_an_unknown_placeholder_naming_the_text_and_the_placeholder(tmp_path):
    path = _call_file(tmp_path, fr_body="Cet appel se termine le {dedline}.")
    with pytest.raises(CallDefinitionError) as refused:
        load_definition(path)
    message = str(refused.value)
    assert "texts.fr.body" in message
    assert "unknown placeholder {dedline}" in message
    assert "{deadline}" in message  # the known ones are listed


def test_loading_refuses_a_lone_brace_and_a_placeholder_in_a_title(tmp_path):
    with pytest.raises(CallDefinitionError, match=r"texts\.en\.summary: a lone '\{'"):
        load_definition(_call_file(tmp_path, en_summary="Closes {soon"))
    with pytest.raises(CallDefinitionError, match=r"texts\.en\.title: a title cannot hold"):
        load_definition(_call_file(tmp_path, en_title="Call {deadline}"))


def test_doubled_braces_are_a_brace():
    assert placeholder_problems("A set: {{a, b}} until {deadline}") == []
    assert fill("A set: {{a, b}} until {deadline}", {"deadline": "31 May"}) == (
        "A set: {a, b} until 31 May"
    )


def test_filling_leaves_what_it_does_not_know_as_written():
    text = "Closes {deadline}; {unknown}; a lone { and } stay"
    assert fill(text, {"deadline": "31 May"}) == "Closes 31 May; {unknown}; a lone { and } stay"


@pytest.mark.django_db
def test_the_admin_refuses_an_unknown_placeholder_on_the_text_that_has_it(call_2022):
    call_2022.body_fr = "Fin le {date_limite}."
    with pytest.raises(ValidationError) as refused:
        call_2022.full_clean()
    assert set(refused.value.message_dict) == {"body_fr"}
    assert "{date_limite}" in refused.value.message_dict["body_fr"][0]


@pytest.mark.django_db
def test_a_stray_brace_stored_before_the_checks_is_shown_not_a_crash(client, open_call):
    Call.objects.filter(pk=open_call.pk).update(body_en="Ends {when} or { later", summary_en="{x")
    response = client.get(f"/calls/{open_call.slug}/")
    assert response.status_code == 200
    assert "Ends {when} or { later" in response.content.decode()


@pytest.mark.django_db
def test_the_text_stays_cleaned_and_the_deadline_is_a_time_element(open_call):
    open_call.body_en = "<script>alert(1)</script>Closes on {deadline}."
    html = body_html(open_call)
    assert "<script>" not in html
    element = r'<time datetime="[^"]+" data-local-time>\d+ \w+ \d{4} at 23:59 \(UTC\)</time>'
    assert re.search(element, html)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "fr"])
def test_the_practice_copys_text_and_key_dates_agree(client, open_call, language):
    client.cookies["django_language"] = language
    page = client.get(f"/calls/{open_call.slug}/").content.decode()
    body = page.split('<div class="body">', 1)[1].split("</div>", 1)[0]
    key_dates = page.split('class="key-dates"', 1)[1].split("</section>", 1)[0]

    closing_day = _words(open_call.closes_at.date(), language)
    decisions = _words(open_call.decision_date, language)
    for date in (closing_day, decisions):
        assert date in body
        assert date in key_dates
    assert _words(open_call.event_window_start, language) in key_dates
    # The 2022 dates the text used to spell out are gone from the moved copy.
    assert "31 May" not in body and "31 mai" not in body
    assert "{" not in page.split("<main", 1)[1]


@pytest.mark.django_db
def test_the_call_page_shows_the_deadline_once_with_its_zone_and_a_countdown_line(
    client, call_2022, open_call
):
    page = client.get(f"/calls/{call_2022.slug}/").content.decode()
    assert page.count("data-countdown>") == 1
    assert "31 May 2022 at 23:59 (UTC−12:00)" in page
    assert "data-countdown-for" not in page  # closed: nothing to count down

    page = client.get(f"/calls/{open_call.slug}/").content.decode()
    assert page.count("data-countdown>") == 1
    countdown = re.search(r'<p class="countdown meta"[^>]*>([^<]+)</p>', page)
    assert countdown and countdown.group(1).endswith(" left")


@pytest.mark.django_db
def test_every_placeholder_is_filled_in_the_readers_language(call_2022):
    from django.utils import translation

    call_2022.summary_fr = (
        "Ouvert le {opens_on}, clos le {deadline}, décisions le {decision_date}, "
        "pour des événements du {event_window_start} au {event_window_end}."
    )
    with translation.override("fr"):
        summary = call_2022.summary_text
    assert summary.startswith("Ouvert le 9 mai 2022, clos le 31 mai 2022 ")
    assert "(UTC−12:00)" in summary
    assert "décisions le 30 juin 2022" in summary
    assert summary.endswith("du 1 janvier 2022 au 31 décembre 2022.")


@pytest.mark.django_db
def test_the_admins_form_shows_the_refusal_on_the_field(rf, admin_user, call_2022):
    from django.contrib import admin
    from django.forms.models import model_to_dict

    request = rf.get("/")
    request.user = admin_user
    form_class = admin.site._registry[Call].get_form(request, obj=call_2022)
    data = {key: value for key, value in model_to_dict(call_2022).items() if value is not None}
    data.update(
        opens_at_0=call_2022.opens_at.date(),
        opens_at_1=call_2022.opens_at.time(),
        closes_at_0=call_2022.closes_at.date(),
        closes_at_1=call_2022.closes_at.time(),
        excluded_formats='["mapathon"]',
        extra="{}",
        body_en="Closes {deadlne}.",
    )
    form = form_class(data=data, instance=call_2022)
    assert not form.is_valid()
    assert "unknown placeholder {deadlne}" in form.errors["body_en"][0]
