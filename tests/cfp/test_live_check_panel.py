"""The live check is one summary line under the step's heading; its reasons open on
demand; the redirect of an excluded format is said once."""

import datetime as dt

import pytest

from tests.applications.walk import WHEN_WHERE, start

pytestmark = pytest.mark.django_db


def _summary(html: str) -> str:
    start_at = html.index('<span class="verdict">') + len('<span class="verdict">')
    return html[start_at : html.index("</span>", start_at)]


def test_answers_that_meet_the_rules_so_far_say_so_in_one_line(client, open_call):
    base, _draft = start(client, open_call)
    day = (open_call.event_window_end - dt.timedelta(days=30)).isoformat()
    answers = {**WHEN_WHERE, "start_date": day, "end_date": day}
    html = client.post(f"{base}when-where/check/", answers).content.decode()
    assert _summary(html) == "So far this meets the call's rules"
    assert html.count("<details") == 1


def test_answers_not_given_yet_are_counted_as_things_to_look_at(client, open_call):
    base, _draft = start(client, open_call)
    html = client.post(f"{base}when-where/check/", {"city": "Nairobi", "country": "KE"}).content
    # No dates yet: "when and where" and "in the call's period" cannot be judged.
    assert _summary(html.decode()) == "2 things to look at"
    assert 'class="bad"' not in html.decode()


def test_one_rule_not_met_is_one_thing_to_look_at(client, open_call):
    base, _draft = start(client, open_call)
    day = (open_call.event_window_end - dt.timedelta(days=30)).isoformat()
    when_where = {**WHEN_WHERE, "start_date": day, "end_date": day, "city": "Berlin"}
    assert client.post(f"{base}when-where/", {**when_where, "country": "DE"}).status_code == 302
    html = client.post(f"{base}audience/check/", {"scope": "national"}).content.decode()
    # A national event outside HOT's priority countries.
    assert _summary(html) == "1 thing to look at"
    assert '<details class="bad"' in html
    assert '<li class="result-fail"><strong>Geography</strong>' in html


def test_an_excluded_format_is_said_once_with_whom_to_contact(client, open_call):
    html = client.post(f"/calls/{open_call.slug}/check/", {"format": "mapathon"}).content.decode()
    assert html.count("This call is not for this kind of event.") == 1
    assert "info@hotosm.org" in html
    assert 'class="result-fail"' not in html  # the format's line is the notice above
    assert _summary(html) == "1 other thing to look at"  # the organising team, not given


def test_an_excluded_format_with_all_else_met_says_so(client, open_call):
    answers = {"format": "mapathon", "organisation": "OSM Kenya", "contact_name_0": "W"}
    answers["contact_email_0"] = "w@example.org"
    html = client.post(f"/calls/{open_call.slug}/check/", answers).content.decode()
    assert _summary(html) == "Everything else meets the call's rules so far"
    assert '<details class="bad"' in html


def test_the_first_step_shows_no_panel_before_any_answer(client, open_call):
    html = client.get(f"/calls/{open_call.slug}/apply/").content.decode()
    assert '<section id="live-check" class="live-check" aria-live="polite"' in html
    assert 'aria-label="What we checked so far"></section>' in html
