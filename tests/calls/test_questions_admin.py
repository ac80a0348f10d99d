"""The call's own questions and extra criteria are edited in the admin as JSON, checked
by the model as a call file's load checks them: errors name the question, and no change
may lose an answer."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model

from opencall.calls.models import Call
from tests.community import ANSWERS, community_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    admin = get_user_model().objects.create_superuser("root", "root@example.org", "x" * 12)
    client.force_login(admin)
    return client


def _page(call) -> str:
    return f"/admin/calls/call/{call.pk}/change/"


class _Form(HTMLParser):
    """The values a browser would post back from the change page, unchanged."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data[name] = attrs.get("value") or (
                "on" if attrs.get("type") == "checkbox" else ""
            )
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += (
                data.removeprefix("\n") if not self.data[self._textarea] else data
            )


def _form_data(body: str) -> dict:
    parser = _Form()
    parser.feed(body)
    return parser.data


def _post(client, call, **changes):
    data = {**_form_data(client.get(_page(call)).content.decode()), **changes}
    return client.post(_page(call), data)


def _errors(response, field: str) -> list[str]:
    assert response.status_code == 200, "the change was saved"
    return response.context["adminform"].form.errors.get(field, [])


def test_the_questions_show_as_indented_json_in_a_monospace_box(admin_client, community_call):
    body = admin_client.get(_page(community_call)).content.decode()
    assert 'class="definition"' in body
    assert "[\n  {\n    &quot;id&quot;: &quot;held_before&quot;," in body
    assert "Total budget of the event" in body  # not escaped to \\u sequences either
    assert 'href="/admin/calls/call/questions-help/"' in body
    assert "css/admin-definition.css" in body


def test_the_help_page_shows_docs_questions(admin_client):
    body = admin_client.get("/admin/calls/call/questions-help/").content.decode()
    assert "<h1>A call's own questions and extra criteria</h1>" in body
    assert "OPENCALL_UPLOADS_DIR" in body


def test_a_question_of_an_unknown_type_names_the_question(admin_client, community_call):
    questions = [*community_call.questions, {"id": "grant", "type": "money", "label": "Grant"}]
    response = _post(admin_client, community_call, questions=json.dumps(questions))
    (error,) = _errors(response, "questions")
    assert error.startswith("questions[8] 'grant': type 'money' is not one of short_text")
    community_call.refresh_from_db()
    assert len(community_call.questions) == 7


def test_removing_an_answered_question_is_refused(admin_client, community_call):
    community_application(community_call)
    kept = [q for q in community_call.questions if q["id"] != "budget"]
    criteria = [c for c in community_call.criteria if c["question"] != "budget"]
    response = _post(
        admin_client, community_call, questions=json.dumps(kept), criteria=json.dumps(criteria)
    )
    assert _errors(response, "questions") == [
        "No answer may be lost: 'budget' has answers: it cannot be removed."
    ]
    community_call.refresh_from_db()
    assert "budget" in {q["id"] for q in community_call.questions}


def test_adding_an_optional_question_is_saved(admin_client, community_call):
    community_application(community_call, dict(ANSWERS))
    added = {
        "id": "partners",
        "type": "long_text",
        "label": {"en": "Partners", "fr": "Partenaires"},
    }
    response = _post(
        admin_client, community_call, questions=json.dumps([*community_call.questions, added])
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Call.objects.get(pk=community_call.pk).questions[-1]["id"] == "partners"


def test_a_criterion_on_an_unknown_question_names_it(admin_client, community_call):
    criteria = [{"id": "x", "question": "nope", "test": "answered", "title": "X"}]
    response = _post(admin_client, community_call, criteria=json.dumps(criteria))
    assert _errors(response, "questions") == ["criteria[1] 'x': names an unknown question 'nope'"]


def test_json_that_does_not_parse_is_an_error_on_the_field(admin_client, community_call):
    response = _post(admin_client, community_call, questions="[{")
    assert _errors(response, "questions") == ["Enter a valid JSON."]
