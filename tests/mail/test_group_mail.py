"""Mail to a group (opencall/mail/groups.py): who is in each group, each person's copy in
their language (or the call's first, or the first written), the resend window, who may
send, what staff's text may say; and that the copies arrive through a real SMTP server."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from opencall.applications.links import private_url
from opencall.mail.enums import GroupAudience, Status
from opencall.mail.groups import (
    group_audience,
    group_message_save,
    group_preview,
    group_send,
    may_mail,
)
from opencall.mail.models import GroupMessage, OutgoingMail
from opencall.mail.services import mail_cancel
from opencall.reviews.models import Assignment, Conflict, Review
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

TEXTS = {
    "en": {
        "subject": "Two days left, {{ applicant_name }}",
        "body": "Hello {{ applicant_name }},\n\nThe call closes soon: finish {{ event_name }}.",
    },
    "fr": {
        "subject": "Plus que deux jours, {{ applicant_name }}",
        "body": "Bonjour {{ applicant_name }},\n\nL'appel ferme bientôt : finissez "
        "{{ event_name }}.",
    },
}


def _app(call, status, *, name, language="en", **extra):
    return ApplicationFactory(
        call=call,
        status=status,
        language=language,
        contact_name=name,
        email=f"{name.lower()}@example.org",
        event_name=f"{name}'s event",
        **extra,
    )


@pytest.fixture
def admin(people):
    return people.call_admin


@pytest.fixture
def drafts(call_2022):
    return {
        "ana": _app(call_2022, "draft", name="Ana"),
        "bea": _app(call_2022, "draft", name="Bea", language="fr"),
        "eva": _app(call_2022, "draft", name="Eva", language="es"),
    }


def _message(call, by, audience=GroupAudience.DRAFTS, texts=None):
    return group_message_save(call=call, audience=audience, texts=texts or TEXTS, by=by)


def _keys(call, audience):
    return [recipient.key for recipient in group_audience(call=call, audience=audience)]


def test_each_group_holds_exactly_its_people(call_2022, drafts):
    shortlisted = _app(call_2022, "shortlisted", name="Sam")
    told = _app(call_2022, "notified", name="Tom", decision_told="accepted")
    collaborating = _app(call_2022, "collaboration", name="Cai", decision_told="accepted")
    _app(call_2022, "accepted", name="Una")  # decided, not released: not told yet
    _app(call_2022, "withdrawn", name="Wil", decision_told="accepted")
    _app(call_2022, "notified", name="Dee", decision_told="declined")
    _app(call_2022, "screened", name="Sol")

    assert _keys(call_2022, GroupAudience.DRAFTS) == [f"a{a.pk}" for a in drafts.values()]
    assert _keys(call_2022, GroupAudience.SHORTLIST) == [f"a{shortlisted.pk}"]
    assert _keys(call_2022, GroupAudience.ACCEPTED) == [f"a{told.pk}", f"a{collaborating.pk}"]


def test_reviewers_with_a_review_pending_are_in_their_group_and_the_others_not(call_2022, people):
    waiting = _app(call_2022, "screened", name="Kim")
    reviewed = _app(call_2022, "screened", name="Lou")
    Assignment.objects.create(application=waiting, reviewer=people.working_group)
    Assignment.objects.create(application=waiting, reviewer=people.hub_ap)
    Conflict.objects.create(application=waiting, user=people.hub_ap, reason="my own event")
    Assignment.objects.create(application=reviewed, reviewer=people.hub_esa)
    Review.objects.create(
        application=reviewed, reviewer=people.hub_esa, state=Review.State.SUBMITTED
    )

    (reviewer,) = group_audience(call=call_2022, audience=GroupAudience.REVIEWERS_PENDING)

    assert (reviewer.key, reviewer.email) == (f"u{people.working_group.pk}", "wg@example.org")
    assert reviewer.pending == (f"{waiting.ref} Kim's event",)


def test_each_person_gets_the_version_in_their_language_with_their_name_and_link(
    call_2022, drafts, admin
):
    message = _message(call_2022, admin)

    copies = {
        name: group_preview(message=message, recipient=recipient)
        for name, recipient in zip(
            drafts, group_audience(call=call_2022, audience=GroupAudience.DRAFTS), strict=True
        )
    }

    ana, bea = copies["ana"], copies["bea"]
    assert ana.subject == "Two days left, Ana"
    assert ana.body_text.startswith("Hello Ana,\n\nThe call closes soon: finish Ana's event.\n")
    assert private_url(drafts["ana"]) in ana.body_text
    assert (ana.template_language, ana.language_fallback) == ("en", False)
    assert bea.subject == "Plus que deux jours, Bea"
    assert "finissez Bea's event." in bea.body_text
    assert "Votre candidature" in bea.body_text  # the frame, in French too
    assert private_url(drafts["bea"]) in bea.body_text
    assert (bea.template_language, bea.language_fallback) == ("fr", False)


def test_a_language_without_a_version_reads_the_calls_first_language(call_2022, drafts, admin):
    message = _message(call_2022, admin)
    eva = next(
        r
        for r in group_audience(call=call_2022, audience=GroupAudience.DRAFTS)
        if r.email == "eva@example.org"
    )

    copy = group_preview(message=message, recipient=eva)

    assert call_2022.languages[0] == "en"
    assert (copy.subject, copy.language, copy.template_language) == (
        "Two days left, Eva",
        "es",
        "en",
    )
    assert copy.language_fallback is True


def test_without_the_calls_first_language_everyone_else_reads_the_first_version(
    call_2022, drafts, admin
):
    message = _message(call_2022, admin, texts={"pt": TEXTS["fr"], "fr": TEXTS["fr"]})
    ana = group_audience(call=call_2022, audience=GroupAudience.DRAFTS)[0]

    copy = group_preview(message=message, recipient=ana)

    # The call's order is en, fr, es, pt: French comes first of those written.
    assert (copy.subject, copy.template_language) == ("Plus que deux jours, Ana", "fr")


def test_sending_queues_one_copy_per_person_and_what_the_preview_showed(call_2022, drafts, admin):
    message = _message(call_2022, admin)
    bea = group_audience(call=call_2022, audience=GroupAudience.DRAFTS)[1]
    preview = group_preview(message=message, recipient=bea)

    result = group_send(message=message, by=admin)

    assert (result.queued, result.skipped) == (3, 0)
    mails = OutgoingMail.objects.filter(key="group_applicant").order_by("application__number")
    assert [m.to for m in mails] == ["ana@example.org", "bea@example.org", "eva@example.org"]
    assert {m.status for m in mails} == {Status.QUEUED}
    sent = mails.get(to="bea@example.org")
    assert (sent.subject, sent.body_text, sent.body_html) == (
        preview.subject,
        preview.body_text,
        preview.body_html,
    )
    message.refresh_from_db()
    assert (message.sent_by, message.recipients_count, message.skipped_count) == (admin, 3, 0)
    assert message.sent_at is not None


def test_the_same_text_sent_again_within_the_window_reaches_nobody_twice(
    call_2022, drafts, admin, settings
):
    settings.MAIL_GROUP_RESEND_WINDOW_HOURS = 24
    first = _message(call_2022, admin)
    assert group_send(message=first, by=admin).queued == 3

    # The same message twice (a double click), and the same text written again.
    again = group_send(message=first, by=admin)
    twin = group_send(message=_message(call_2022, admin), by=admin)
    # Someone new in the group gets it; a changed text goes to everyone.
    late = _app(call_2022, "draft", name="Lea")
    third = group_send(message=_message(call_2022, admin), by=admin)
    changed = {**TEXTS, "en": {**TEXTS["en"], "subject": "One day left"}}
    other = group_send(message=_message(call_2022, admin, texts=changed), by=admin)

    assert (again.queued, again.skipped) == (0, 3)
    assert (twin.queued, twin.skipped) == (0, 3)
    assert (third.queued, third.skipped, third.recipients) == (1, 3, [late.email])
    assert (other.queued, other.skipped) == (4, 0)
    assert OutgoingMail.objects.filter(key="group_applicant").count() == 3 + 1 + 4
    first.refresh_from_db()
    assert (first.recipients_count, first.skipped_count) == (3, 3)


def test_after_the_window_or_a_cancelled_copy_the_same_text_goes_again(
    call_2022, drafts, admin, settings
):
    settings.MAIL_GROUP_RESEND_WINDOW_HOURS = 24
    group_send(message=_message(call_2022, admin), by=admin)
    old = OutgoingMail.objects.filter(key="group_applicant")
    ana = old.get(to="ana@example.org")
    old.exclude(pk=ana.pk).update(created_at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=25))
    mail_cancel(mails=[ana], by=admin)

    result = group_send(message=_message(call_2022, admin), by=admin)

    assert (result.queued, result.skipped) == (3, 0)


def test_only_call_administrators_may_mail_a_group(call_2022, people, drafts):
    message = _message(call_2022, people.call_admin)

    for user in (people.working_group, people.hub_esa, people.outsider, people.nobody):
        assert not may_mail(user, call_2022, GroupAudience.DRAFTS), user
        assert not may_mail(user, call_2022, GroupAudience.REVIEWERS_PENDING), user
        with pytest.raises(PermissionDenied):
            group_send(message=message, by=user)
        with pytest.raises(PermissionDenied):
            _message(call_2022, user)
    assert may_mail(people.call_admin, call_2022, GroupAudience.REVIEWERS_PENDING)
    assert not OutgoingMail.objects.exists()


def test_reviewers_get_their_version_with_the_reviews_waiting(call_2022, people, admin):
    waiting = _app(call_2022, "screened", name="Kim")
    Assignment.objects.create(application=waiting, reviewer=people.working_group)
    message = _message(
        call_2022,
        admin,
        GroupAudience.REVIEWERS_PENDING,
        texts={"en": {"subject": "Reviews", "body": "Dear {{ recipient_name }}, thank you."}},
    )

    result = group_send(message=message, by=admin)

    (mail,) = OutgoingMail.objects.filter(key="group_staff")
    assert (result.queued, mail.to, mail.recipient_user) == (
        1,
        "wg@example.org",
        people.working_group,
    )
    assert mail.body_text.startswith("Dear wg, thank you.\n")
    assert f"{waiting.ref} Kim's event" in mail.body_text
    assert "Reviews waiting for you: 1" in mail.body_text


def test_a_text_that_names_what_the_mail_does_not_know_is_refused_and_says_what_it_may_use(
    call_2022, admin
):
    with pytest.raises(ValidationError) as refused:
        _message(
            call_2022,
            admin,
            texts={
                "en": {"subject": "Hi {{ recipient_name }}", "body": "x"},
                "fr": {"subject": "Sans texte", "body": ""},
                "es": {"subject": "", "body": "{% if %}"},
            },
        )

    errors = refused.value.message_dict
    assert set(errors) == {"subject_en", "body_fr", "subject_es", "body_es"}
    assert "{{ recipient_name }}" in errors["subject_en"][0]
    assert "{{ applicant_name }}" in errors["subject_en"][0]  # what it may use instead
    assert "French" in errors["body_fr"][0]
    assert not GroupMessage.objects.exists()


def test_a_message_without_any_version_is_refused(call_2022, admin):
    with pytest.raises(ValidationError) as refused:
        _message(call_2022, admin, texts={"en": {"subject": " ", "body": "\n"}})

    assert refused.value.message_dict == {
        "__all__": ["Write the message in at least one language."]
    }


def test_a_sent_message_cannot_be_changed(call_2022, drafts, admin):
    message = _message(call_2022, admin)
    group_send(message=message, by=admin)

    with pytest.raises(ValidationError):
        group_message_save(
            call=call_2022, audience=message.audience, texts=TEXTS, by=admin, message=message
        )


def test_every_copy_arrives_through_the_mail_server_in_its_language(
    call_2022, drafts, admin, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        group_send(message=_message(call_2022, admin), by=admin)
    run_tasks()

    received = {m.rcpt_tos[0]: m for m in smtp_server.wait_for(3)}
    assert received["ana@example.org"].subject == "Two days left, Ana"
    assert received["bea@example.org"].subject == "Plus que deux jours, Bea"
    assert received["eva@example.org"].subject == "Two days left, Eva"
    assert private_url(drafts["bea"]) in received["bea@example.org"].text
    assert set(OutgoingMail.objects.values_list("status", flat=True)) == {Status.SENT}
