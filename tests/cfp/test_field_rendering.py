"""Every field renders the same way: a bold question without a colon, a required mark
on required questions only, its hint and its error tied to the input, and a summary of
the errors at the top of the form linking to each field."""

import re

import pytest

pytestmark = pytest.mark.django_db


def _page(client, call, data=None) -> str:
    url = f"/calls/{call.slug}/apply/"
    response = client.post(url, data) if data is not None else client.get(url)
    return response.content.decode()


def test_questions_carry_a_required_mark_and_no_colon(client, open_call):
    html = _page(client, open_call)
    assert (
        '<label for="id_event_name">Name of the event <span class="required">(required)</span>'
        "</label>" in html
    )
    assert '<legend>What kind of event is it? <span class="required">' in html
    # Optional questions are unmarked.
    assert '<label for="id_contact_name_1">Another organiser&#x27;s name</label>' in html
    assert not re.search(r":\s*</(label|legend)>", html)


def test_options_are_cards_and_hints_describe_their_input(client, open_call):
    html = _page(client, open_call)
    assert '<label class="check-card" for="id_format_0"><input type="radio" name="format"' in html
    assert '<p class="hint" id="id_contact_email_0_helptext">' in html
    assert 'aria-describedby="id_contact_email_0_helptext"' in html


def test_a_refused_step_summarises_its_errors_and_ties_each_to_its_field(client, open_call):
    html = _page(client, open_call, {"event_name": "", "format": "conference"})
    summary = html[
        html.index('<div class="error-summary"') : html.index(
            "</div>", html.index('<div class="error-summary"')
        )
    ]
    assert 'role="alert"' in summary
    assert '<a href="#id_event_name">Name of the event</a> — This field is required.' in summary
    assert "#id_format_0" not in summary  # the format was answered
    assert '<p class="field-error" id="id_event_name_error">' in html
    assert 'aria-describedby="id_event_name_error"' in html
    assert "<title>Error: The event" in html
