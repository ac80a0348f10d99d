"""Staff write to an applicant; the applicant answers through their private link."""

import re

import pytest

from opencall.applications.links import link_token
from opencall.applications.models import ApplicationEvent
from opencall.conversations import services
from opencall.conversations.models import Message
from opencall.mail.models import OutgoingMail
from opencall.screening.models import ScreeningResult
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def _messages_url(application, token=None) -> str:
    return f"/a/{application.public_id}/{token or link_token(application)}/messages/"


def test_staff_message_is_stored_audited_and_mailed(
    staff, kenyan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_to_applicant(
            application=kenyan, author=staff.working_group, body="Could we talk on Friday?"
        )
    assert (message.direction, message.kind) == ("to_applicant", "message")
    event = ApplicationEvent.objects.get(application=kenyan, kind="message")
    assert (event.user, event.new, event.data["message_id"]) == (
        staff.working_group,
        "to the applicant",
        message.pk,
    )
    mail = OutgoingMail.objects.get(application=kenyan, key="staff_message")
    assert mail.to == "wanjiru@example.org"
    assert "Could we talk on Friday?" in mail.body_text
    assert link_token(kenyan) in mail.body_text


def test_info_request_names_the_criterion_and_is_mailed(
    staff, kenyan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.info_request(
            application=kenyan,
            author=staff.hub_esa,
            criterion="PROGRAMME",
            criterion_title="A published programme",
        )
    assert message.criterion == "PROGRAMME"
    assert "“A published programme”" in message.body
    mail = OutgoingMail.objects.get(application=kenyan, key="info_request")
    assert "A published programme" in mail.body_text


def test_empty_message_is_refused(staff, kenyan):
    with pytest.raises(services.MessageRefused, match="The message is empty"):
        services.message_to_applicant(application=kenyan, author=staff.working_group, body="  ")


def test_no_conversation_on_a_withdrawn_application(staff, call_2022):
    withdrawn = ApplicationFactory(call=call_2022, status="withdrawn")
    with pytest.raises(services.MessageRefused, match="not open to conversation"):
        services.message_to_applicant(application=withdrawn, author=staff.working_group, body="Hi")


def test_applicant_reads_the_thread_in_order_and_answers(client, staff, kenyan):
    services.message_to_applicant(application=kenyan, author=staff.working_group, body="First")
    services.message_to_applicant(application=kenyan, author=staff.working_group, body="Second")
    page = client.get(_messages_url(kenyan)).content.decode()
    assert page.index("First") < page.index("Second")
    # Staff names stay with staff (the page's text: a random CSRF token may hold "wg").
    shown = re.sub(r"<[^>]*>", " ", page)
    assert staff.working_group.get_username() not in shown
    response = client.post(_messages_url(kenyan), {"body": "Friday works."})
    assert response.status_code == 302
    assert list(Message.objects.values_list("direction", "body")) == [
        ("to_applicant", "First"),
        ("to_applicant", "Second"),
        ("from_applicant", "Friday works."),
    ]
    event = ApplicationEvent.objects.filter(application=kenyan, kind="message").last()
    assert (event.actor, event.new) == ("applicant", "from the applicant")


def test_wrong_token_shows_nothing(client, kenyan):
    assert client.get(_messages_url(kenyan, token="0" * 40)).status_code == 404
    assert client.post(_messages_url(kenyan, token="0" * 40), {"body": "x"}).status_code == 404
    assert not Message.objects.exists()


def test_another_applicants_token_does_not_open_this_thread(client, kenyan, filipino):
    assert client.get(_messages_url(kenyan, token=link_token(filipino))).status_code == 404


def test_answer_to_an_info_request_marks_it_answered_and_screens_again(
    client, staff, kenyan, django_capture_on_commit_callbacks
):
    services.info_request(
        application=kenyan, author=staff.hub_esa, criterion="PROGRAMME", criterion_title="P"
    )
    assert not ScreeningResult.objects.filter(application=kenyan).exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_messages_url(kenyan), {"body": "https://example.org/agenda"})
    request = Message.objects.get(kind="info_request")
    assert request.answered_at is not None
    assert ScreeningResult.objects.filter(application=kenyan).exists()
    event = ApplicationEvent.objects.filter(application=kenyan, kind="message").last()
    assert event.data["answers"] == ["PROGRAMME"]


def test_a_plain_reply_does_not_screen_again(
    client, staff, kenyan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_messages_url(kenyan), {"body": "Hello"})
    assert not ScreeningResult.objects.filter(application=kenyan).exists()


@pytest.mark.parametrize("count", [1, 3])
def test_applicant_thread_takes_the_same_queries_whatever_its_length(
    client, staff, kenyan, count, django_assert_num_queries
):
    for n in range(count):
        services.message_to_applicant(application=kenyan, author=staff.working_group, body=f"M{n}")
    # application, open requests, thread
    with django_assert_num_queries(3):
        response = client.get(_messages_url(kenyan))
    assert response.content.decode().count('class="message to_applicant"') == count
