"""Reminders come from the call's dates and are sent once each, however often the
scheduler runs. The 2022 call closes on 31 May 2022, 23:59 at UTC−12
(1 June 11:59:59 UTC); its last day starts on 31 May at 12:00 UTC."""

import datetime as dt

import pytest

from opencall.applications.models import Actor, Application, ApplicationEvent
from opencall.applications.workflow import Status as ApplicationStatus
from opencall.mail.enums import Status
from opencall.mail.models import DigestSubscription, OutgoingMail
from opencall.mail.reminders import last_day_starts, reminders_send_due
from opencall.mail.services import mail_to_applicant
from tests.factories import SubmittedApplicationFactory

pytestmark = pytest.mark.django_db


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=dt.UTC)


@pytest.fixture
def draft(call_2022):
    def make(created: str, **kwargs) -> Application:
        application = SubmittedApplicationFactory(
            **{"call": call_2022, **kwargs}, status=ApplicationStatus.DRAFT
        )
        Application.objects.filter(pk=application.pk).update(created_at=at(created))
        return application

    return make


def _sent(key: str) -> list[tuple[str, str]]:
    return list(OutgoingMail.objects.filter(key=key).values_list("to", "subject"))


def test_the_last_day_starts_at_midnight_in_the_calls_time_zone(call_2022):
    assert last_day_starts(call_2022) == at("2022-05-31T12:00")


def test_a_draft_is_reminded_three_days_before_closing_and_on_the_last_day_once_each(draft):
    draft("2022-05-15T12:00", email="ana@example.org")

    assert reminders_send_due(now=at("2022-05-29T11:00")) == 0
    assert reminders_send_due(now=at("2022-05-29T12:00")) == 1
    assert reminders_send_due(now=at("2022-05-30T12:00")) == 0
    assert reminders_send_due(now=at("2022-05-31T12:30")) == 1
    assert reminders_send_due(now=at("2022-05-31T23:00")) == 0
    assert reminders_send_due(now=at("2022-06-01T12:00")) == 0

    assert _sent("reminder_draft_closing") == [
        (
            "ana@example.org",
            "HOT Summit 2022: collaborations with conferences closes in 3 days: "
            "your draft is waiting",
        )
    ]
    assert _sent("reminder_draft_last_day") == [
        (
            "ana@example.org",
            "Last day to submit your application to HOT Summit 2022: collaborations with "
            "conferences",
        )
    ]


def test_a_draft_started_inside_the_window_gets_only_the_later_reminder(draft):
    draft("2022-05-30T00:00", email="kofi@example.org")

    assert reminders_send_due(now=at("2022-05-30T06:00")) == 0
    assert reminders_send_due(now=at("2022-05-31T13:00")) == 1
    assert _sent("reminder_draft_last_day")[0][0] == "kofi@example.org"


def test_submitted_applications_and_practice_calls_get_no_draft_reminder(
    call_2022, draft, open_call
):
    SubmittedApplicationFactory(call=call_2022, status=ApplicationStatus.SUBMITTED)
    practice = draft("2000-01-01T00:00", call=open_call)

    assert reminders_send_due(now=at("2022-05-31T13:00")) == 0
    assert reminders_send_due(now=last_day_starts(practice.call)) == 0


def test_a_call_can_remind_drafts_earlier(draft, call_2022):
    call_2022.extra = {**call_2022.extra, "mail": {"draft_reminder_days": 7}}
    call_2022.save()
    draft("2022-05-10T00:00")

    assert reminders_send_due(now=at("2022-05-25T12:00")) == 1
    assert "closes in 7 days" in _sent("reminder_draft_closing")[0][1]


def _info_request(application, sent: str) -> OutgoingMail:
    mail = mail_to_applicant(
        application=application, key="info_request", extra={"questions": "Where is the venue?"}
    )
    OutgoingMail.objects.filter(pk=mail.pk).update(status=Status.SENT, sent_at=at(sent))
    return mail


def test_an_unanswered_request_for_information_is_reminded_once(call_2022):
    _info_request(SubmittedApplicationFactory(call=call_2022, language="fr"), "2022-06-02T09:00")

    assert reminders_send_due(now=at("2022-06-06T09:00")) == 0
    assert reminders_send_due(now=at("2022-06-07T09:30")) == 1
    assert reminders_send_due(now=at("2022-06-10T09:30")) == 0

    reminder = OutgoingMail.objects.get(key="reminder_info_request")
    assert reminder.subject == (
        "Rappel\u00a0: une question sur votre candidature HOT-SUMMIT-2022-0001"
    )
    assert reminder.body_text.startswith(
        "Bonjour Ana Lima,\n\nLe 2 juin 2022, nous vous avons demandé quelques précisions"
    )
    assert "\n\nWhere is the venue?\n\n" in reminder.body_text


def test_an_answered_request_for_information_is_not_reminded(call_2022):
    application = SubmittedApplicationFactory(call=call_2022)
    _info_request(application, "2022-06-02T09:00")
    event = ApplicationEvent.objects.create(
        application=application, kind="edited", actor=Actor.APPLICANT
    )
    ApplicationEvent.objects.filter(pk=event.pk).update(at=at("2022-06-03T10:00"))

    assert reminders_send_due(now=at("2022-06-08T09:00")) == 0


def test_the_daily_digest_lists_yesterdays_applications_once(call_2022, staff):
    DigestSubscription.objects.create(user=staff, call=call_2022, language="fr")
    application = SubmittedApplicationFactory(call=call_2022, country="BR")
    Application.objects.filter(pk=application.pk).update(submitted_at=at("2022-05-20T10:00"))

    assert reminders_send_due(now=at("2022-05-20T23:00")) == 0
    assert reminders_send_due(now=at("2022-05-21T08:00")) == 1
    assert reminders_send_due(now=at("2022-05-21T09:00")) == 0
    assert reminders_send_due(now=at("2022-05-22T08:00")) == 0

    digest = OutgoingMail.objects.get(key="digest")
    assert (digest.to, digest.recipient_user, digest.subject) == (
        "clara@example.org",
        staff,
        "HOT Summit 2022\u00a0: collaborations avec des conférences\u00a0: "
        "les nouveautés du 20 mai 2022",
    )
    listed = "Candidatures envoyées\xa0: 1\n\n- HOT-SUMMIT-2022-0001 State of the Map Brasil (BR)\n"
    assert listed in digest.body_text
    assert f"/admin/applications/application/?call__id__exact={call_2022.pk}" in digest.body_text


def test_a_reviewer_with_open_reviews_is_reminded_a_week_and_two_days_before_decisions(
    call_2022, staff, django_user_model
):
    from opencall.reviews.models import Assignment, Review

    done_by = django_user_model.objects.create_user("ola", "ola@example.org")
    first, second = (
        SubmittedApplicationFactory(call=call_2022, event_name="SotM Brasil"),
        SubmittedApplicationFactory(call=call_2022, event_name="FOSS4G"),
    )
    for application in (first, second):
        Assignment.objects.create(application=application, reviewer=staff)
        Assignment.objects.create(application=application, reviewer=done_by)
        Review.objects.create(application=application, reviewer=done_by, state="submitted")
    Review.objects.create(application=first, reviewer=staff, state="draft")

    # Decisions are due on 30 June at UTC−12: 30 June, 12:00 UTC.
    assert reminders_send_due(now=at("2022-06-23T11:00")) == 0
    assert reminders_send_due(now=at("2022-06-23T12:00")) == 1
    assert reminders_send_due(now=at("2022-06-25T12:00")) == 0
    assert reminders_send_due(now=at("2022-06-28T12:00")) == 1
    assert reminders_send_due(now=at("2022-06-30T12:00")) == 0

    first_reminder = OutgoingMail.objects.filter(key="reminder_review_pending").first()
    assert (first_reminder.to, first_reminder.subject) == (
        "clara@example.org",
        "HOT Summit 2022: collaborations with conferences: 2 reviews waiting for you",
    )
    assert (
        "- HOT-SUMMIT-2022-0001 SotM Brasil\n- HOT-SUMMIT-2022-0002 FOSS4G\n"
        in first_reminder.body_text
    )


def test_a_reviewer_is_reminded_in_the_language_they_use_the_pages_in(call_2022, staff, client):
    from opencall.reviews.models import Assignment

    client.force_login(staff)
    client.post("/accounts/language/", {"language": "fr", "next": "/staff/"})
    Assignment.objects.create(
        application=SubmittedApplicationFactory(call=call_2022, event_name="SotM Brasil"),
        reviewer=staff,
    )

    assert reminders_send_due(now=at("2022-06-23T12:00")) == 1

    reminder = OutgoingMail.objects.get(key="reminder_review_pending")
    assert reminder.language == "fr"
    assert reminder.subject.endswith("\u00a0: 1 évaluation en attente"), reminder.subject


def test_a_digest_without_its_own_language_follows_the_staff_members(call_2022, staff):
    from opencall.accounts.services import staff_language_remember

    staff_language_remember(user=staff, language="fr")
    DigestSubscription.objects.create(user=staff, call=None)
    # Submitted "now": in the digest of the day it was made.
    SubmittedApplicationFactory(call=call_2022)
    Application.objects.update(submitted_at=at("2022-05-20T10:00"))

    assert reminders_send_due(now=at("2022-05-21T08:00")) == 1
    digest = OutgoingMail.objects.get(key="digest")
    assert digest.language == "fr"
    assert "Candidatures envoyées\xa0: 1" in digest.body_text


def test_the_digest_lists_yesterdays_messages_from_applicants(call_2022, staff):
    from opencall.conversations.models import Message

    DigestSubscription.objects.create(user=staff, call=None)
    message = Message.objects.create(
        application=SubmittedApplicationFactory(call=call_2022),
        direction=Message.Direction.FROM_APPLICANT,
        body="Our venue is the\nUniversity of Nairobi.",
    )
    Message.objects.filter(pk=message.pk).update(created_at=at("2022-05-20T10:00"))

    assert reminders_send_due(now=at("2022-05-21T08:00")) == 1

    digest = OutgoingMail.objects.get(key="digest")
    assert "Messages from applicants:\n\n- HOT-SUMMIT-2022-0001: Our venue is the University" in (
        digest.body_text
    )
    assert "Applications submitted" not in digest.body_text
