"""Late access: a call administrator lets one applicant send after the close, until a
moment chosen, with a reason. Audited, mailed with the link, and DEADLINE judged
against it wherever the application is screened."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from opencall.applications import late
from opencall.applications.links import private_path, private_url
from opencall.applications.models import Application, ApplicationEvent
from opencall.calls.models import Call
from opencall.mail.models import OutgoingMail
from opencall.screening.models import ScreeningResult
from opencall.screening.services import screening_refresh_call
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

PAGE = "/staff/calls/{slug}/applications/{number}/late-access/"
LIST = "/staff/calls/{slug}/late-access/"


@pytest.fixture
def closed(open_call):
    """The practice call, closed an hour ago (a queryset update: no refresh queued)."""
    Call.objects.filter(pk=open_call.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=30),
        closes_at=timezone.now() - dt.timedelta(hours=1),
    )
    open_call.refresh_from_db()
    return open_call


@pytest.fixture
def draft(closed):
    return ApplicationFactory(call=closed, status="draft")


def _deadline(application: Application) -> dict:
    return ScreeningResult.objects.get(application=application).result["criteria"]["DEADLINE"]


def _grant(application, admin, days=2, reason="Power cut in Nairobi on the last day"):
    return late.late_access_grant(
        application=application,
        until=timezone.now() + dt.timedelta(days=days),
        reason=reason,
        by=admin,
    )


def test_with_late_access_the_applicant_submits_after_the_close_and_deadline_says_so(
    draft, staff, django_capture_on_commit_callbacks
):
    refused = Client().post(private_path(draft) + "submit/")
    assert refused.status_code == 403
    _grant(draft, staff.call_admin)

    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(private_path(draft) + "submit/")

    assert response.status_code == 302
    sent = Application.objects.get(pk=draft.pk)
    assert sent.status == "screened"
    deadline = _deadline(sent)
    assert (deadline["result"], deadline["code"]) == ("pass", "deadline.extended")
    assert "within the extension to" in deadline["reason"]
    assert "granted by the call's team" in deadline["reason"]


def test_a_re_screening_still_judges_the_deadline_against_the_extension(
    draft, staff, django_capture_on_commit_callbacks
):
    _grant(draft, staff.call_admin)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(private_path(draft) + "submit/")

    screening_refresh_call(call=draft.call)

    assert _deadline(draft)["code"] == "deadline.extended"


def test_after_the_extension_ends_the_draft_can_no_longer_be_sent(draft, staff):
    _grant(draft, staff.call_admin)
    Application.objects.filter(pk=draft.pk).update(
        late_until=timezone.now() - dt.timedelta(minutes=1)
    )

    response = Client().post(private_path(draft) + "submit/")

    assert response.status_code == 403
    assert "Your late access ended on" in response.content.decode()
    assert Application.objects.get(pk=draft.pk).status == "draft"


def test_the_draft_with_late_access_says_until_when_it_may_be_sent(draft, staff):
    _grant(draft, staff.call_admin)

    page = Client().get(private_path(draft)).content.decode()

    assert "the selection team gave you until" in page
    assert "can no longer be changed" not in page


def test_a_grant_is_on_the_timeline_and_mailed_with_the_link_and_the_new_close(
    draft, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        granted = _grant(draft, staff.call_admin)

    event = ApplicationEvent.objects.get(application=draft, kind="late")
    assert (event.actor, event.user, event.reason, event.new) == (
        "staff",
        staff.call_admin,
        "Power cut in Nairobi on the last day",
        granted.late_until.isoformat(),
    )
    mail = OutgoingMail.objects.get(key="late_access")
    assert mail.to == draft.email
    assert private_url(draft) in mail.body_text
    local = granted.late_until.astimezone(draft.call.tzinfo)
    assert f"{local:%H}:{local:%M}" in mail.body_text
    assert "may still complete and send" in mail.body_text


def test_the_mail_is_in_the_applicants_language(draft, staff, django_capture_on_commit_callbacks):
    Application.objects.filter(pk=draft.pk).update(language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        _grant(Application.objects.get(pk=draft.pk), staff.call_admin)

    assert "vous pouvez encore compléter" in OutgoingMail.objects.get(key="late_access").body_text


@pytest.mark.parametrize(
    ("days", "reason", "says"),
    [
        (2, "  ", "Say why"),
        (-2, "Power cut", "after the call's close"),
    ],
)
def test_a_grant_needs_a_reason_and_a_moment_after_the_close(draft, staff, days, reason, says):
    with pytest.raises(late.LateAccessRefused, match=says):
        _grant(draft, staff.call_admin, days=days, reason=reason)
    assert Application.objects.get(pk=draft.pk).late_until is None
    assert not ApplicationEvent.objects.filter(kind="late").exists()


def test_a_moment_already_past_is_refused(open_call, staff):
    # Closed a week ago: a moment three days ago is after the close but gone.
    Call.objects.filter(pk=open_call.pk).update(
        opens_at=timezone.now() - dt.timedelta(days=30),
        closes_at=timezone.now() - dt.timedelta(days=7),
    )
    application = ApplicationFactory(call=Call.objects.get(pk=open_call.pk), status="draft")
    with pytest.raises(late.LateAccessRefused, match="has passed already"):
        _grant(application, staff.call_admin, days=-3)


def test_a_sent_application_gets_no_late_access_and_keeps_the_one_it_was_sent_under(
    draft, staff, closed, django_capture_on_commit_callbacks
):
    sent = ApplicationFactory(call=closed)
    with pytest.raises(late.LateAccessRefused, match="only for a draft"):
        _grant(sent, staff.call_admin)

    _grant(draft, staff.call_admin)
    with django_capture_on_commit_callbacks(execute=True):
        Client().post(private_path(draft) + "submit/")
    with pytest.raises(late.LateAccessRefused, match="the extension stays"):
        late.late_access_revoke(application=draft, reason="Oops", by=staff.call_admin)


def test_revoking_closes_the_draft_again_and_is_audited(draft, staff):
    _grant(draft, staff.call_admin)

    late.late_access_revoke(
        application=draft, reason="Granted to the wrong draft", by=staff.call_admin
    )

    assert Application.objects.get(pk=draft.pk).late_until is None
    assert Client().post(private_path(draft) + "submit/").status_code == 403
    revoked = ApplicationEvent.objects.filter(kind="late").order_by("pk").last()
    assert (revoked.data, revoked.reason, revoked.new) == (
        {"action": "revoked"},
        "Granted to the wrong draft",
        "",
    )


def test_an_address_without_an_application_gets_a_new_draft_and_its_link(
    closed, staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application, created = late.late_access_grant_to_email(
            call=closed,
            email="amina@example.org",
            language="pt",
            until=timezone.now() + dt.timedelta(days=1),
            reason="The form failed on her phone",
            by=staff.call_admin,
        )

    assert created
    assert (application.status, application.email, application.language) == (
        "draft",
        "amina@example.org",
        "pt",
    )
    assert [e.kind for e in application.events.all()] == ["created", "late"]
    mail = OutgoingMail.objects.get(key="late_access")
    assert (mail.to, private_url(application) in mail.body_text) == ("amina@example.org", True)
    assert "Ainda pode enviar" in mail.subject
    assert Client().get(private_path(application) + "event/").status_code == 200


def test_an_address_with_a_draft_gets_late_access_on_that_draft(draft, staff):
    application, created = late.late_access_grant_to_email(
        call=draft.call,
        email=draft.email.upper(),
        language="en",
        until=timezone.now() + dt.timedelta(days=1),
        reason="Connection lost",
        by=staff.call_admin,
    )

    assert (application.pk, created) == (draft.pk, False)
    assert Application.objects.filter(call=draft.call).count() == 1


def test_an_address_that_sent_already_gets_no_late_access(closed, staff):
    sent = ApplicationFactory(call=closed, email="sent@example.org")
    with pytest.raises(late.LateAccessRefused, match=sent.ref):
        late.late_access_grant_to_email(
            call=closed,
            email="sent@example.org",
            language="en",
            until=timezone.now() + dt.timedelta(days=1),
            reason="x",
            by=staff.call_admin,
        )


@pytest.fixture
def draft_2022(call_2022):
    """A draft of the 2022 call, closed long ago, whose administrator the staff fixture has."""
    return ApplicationFactory(call=call_2022, status="draft")


def _form(days=2, reason="Power cut"):
    day = (timezone.now() + dt.timedelta(days=days)).date().isoformat()
    return {"action": "grant", "until_day": day, "until_time": "18:30", "reason": reason}


def test_a_call_administrator_grants_from_the_staff_page(client, draft_2022, staff):
    client.force_login(staff.call_admin)
    page = PAGE.format(slug=draft_2022.call.slug, number=draft_2022.number)
    assert client.get(page).status_code == 200

    response = client.post(page, _form())

    assert response.status_code == 302
    until = Application.objects.get(pk=draft_2022.pk).late_until
    local = until.astimezone(draft_2022.call.tzinfo)
    assert (local.date(), local.hour, local.minute) == (
        (timezone.now() + dt.timedelta(days=2)).date(),
        18,
        30,
    )
    assert "may send until" in client.get(page).content.decode()


def test_a_refused_grant_shows_the_form_again_with_what_was_typed(client, draft_2022, staff):
    client.force_login(staff.call_admin)
    page = PAGE.format(slug=draft_2022.call.slug, number=draft_2022.number)

    response = client.post(page, _form(days=-3, reason="Typed with care"))

    assert response.status_code == 200
    body = response.content.decode()
    assert "The new moment has passed already: choose a later one." in body
    assert "Typed with care" in body
    assert Application.objects.get(pk=draft_2022.pk).late_until is None


def test_a_grant_without_a_reason_names_the_field(client, draft_2022, staff):
    client.force_login(staff.call_admin)
    page = PAGE.format(slug=draft_2022.call.slug, number=draft_2022.number)
    response = client.post(page, _form(reason=""))
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()


@pytest.mark.parametrize("role", ["working_group", "hub_esa", "outsider"])
def test_only_a_call_administrator_may_grant_late_access(client, draft_2022, staff, role):
    client.force_login(getattr(staff, role))
    page = PAGE.format(slug=draft_2022.call.slug, number=draft_2022.number)

    assert client.post(page, _form()).status_code == 403
    assert client.get(LIST.format(slug=draft_2022.call.slug)).status_code == 403
    assert Application.objects.get(pk=draft_2022.pk).late_until is None


def test_the_call_page_grants_to_an_address_and_lists_who_has_late_access(client, call_2022, staff):
    client.force_login(staff.call_admin)
    page = LIST.format(slug=call_2022.slug)
    form = {**_form(), "email": "amina@example.org", "language": "en"}
    del form["action"]

    response = client.post(page, form)

    assert response.status_code == 302
    listing = client.get(page).content.decode()
    assert "amina@example.org" in listing
    assert Application.objects.get(call=call_2022, email="amina@example.org").late_until is not None


def test_the_timeline_says_who_granted_until_when_and_why(
    client, draft_2022, staff, django_capture_on_commit_callbacks
):
    _grant(draft_2022, staff.call_admin)
    with django_capture_on_commit_callbacks(execute=True):
        assert Client().post(private_path(draft_2022) + "submit/").status_code == 302
    client.force_login(staff.call_admin)
    slug, number = draft_2022.call.slug, draft_2022.number

    timeline = client.get(f"/staff/calls/{slug}/applications/{number}/").content.decode()
    history = client.get(PAGE.format(slug=slug, number=number)).content.decode()

    assert "late access granted: may send until" in timeline
    assert "May send until" in timeline
    assert "Power cut in Nairobi on the last day" in timeline
    assert "late access granted: may send until" in history
    assert "late access is only for a draft" in history
