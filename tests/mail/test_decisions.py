"""Decision mails: made when a decision is final, held for staff, sent together
when the call administrator releases the decisions; a reopened decision replaces
its held mail. And the redirect of an excluded format to its hub."""

import pytest
from django.utils import timezone

from opencall.applications.models import Application
from opencall.mail.decisions import mail_hub_redirect
from opencall.mail.enums import Status
from opencall.mail.models import OutgoingMail
from opencall.reference.models import Hub
from opencall.selection import signals
from opencall.selection.models import Decision
from tests.factories import SubmittedApplicationFactory

pytestmark = pytest.mark.django_db


def _final(application, staff, outcome, offers=(), reason="A strong regional programme"):
    decision, _created = Decision.objects.update_or_create(
        application=application,
        defaults={
            "outcome": outcome,
            "offers": list(offers),
            "reason": reason,
            "proposed_by": staff,
            "final_at": timezone.now(),
        },
    )
    signals.decision_final.send(sender=Decision, application=application, decision=decision)
    return decision


def test_a_final_decision_makes_a_held_mail_with_the_granted_offers_in_the_applicants_language(
    call_2022, staff
):
    application = SubmittedApplicationFactory(
        call=call_2022,
        language="fr",
        document={"offers": [{"type": "scholarships"}, {"type": "other", "details": "Stickers"}]},
    )

    _final(application, staff, "accepted", offers=["scholarships", "other"])

    mail = OutgoingMail.objects.get()
    assert (mail.key, mail.status) == ("decision_accepted", Status.HELD)
    assert "Voici ce que nous pouvons vous proposer\xa0:\n\n- " in mail.body_text
    assert mail.context["offers"].endswith("\n- Stickers")
    assert "A strong regional programme" in mail.body_text


def test_a_reopened_decision_cancels_its_held_mail_and_holds_the_new_one(call_2022, staff):
    application = SubmittedApplicationFactory(call=call_2022)
    _final(application, staff, "accepted", offers=[])
    _final(application, staff, "declined", reason="No resources left")

    rows = list(OutgoingMail.objects.order_by("pk").values_list("key", "status"))
    assert rows == [
        ("decision_accepted", Status.CANCELLED),
        ("decision_declined", Status.HELD),
    ]


def test_releasing_the_decisions_sends_their_mails_together(
    call_2022, staff, smtp_server, run_tasks, django_capture_on_commit_callbacks
):
    applications = [
        SubmittedApplicationFactory(call=call_2022, email=f"org{n}@example.org") for n in range(3)
    ]
    outcomes = ["accepted", "waitlisted", "declined"]
    for application, outcome in zip(applications, outcomes, strict=True):
        _final(application, staff, outcome)

    with django_capture_on_commit_callbacks(execute=True):
        signals.decisions_released.send(
            sender=Decision, call=applications[0].call, applications=applications, user=staff
        )
    assert run_tasks() == 3

    assert sorted(m.rcpt_tos[0] for m in smtp_server.messages) == [
        "org0@example.org",
        "org1@example.org",
        "org2@example.org",
    ]
    released = OutgoingMail.objects.filter(events__action="released", events__user=staff)
    assert released.count() == 3


def test_an_excluded_format_is_sent_to_its_hub(call_2022):
    hub = Hub.objects.filter(version=call_2022.reference_version).exclude(contact_email="").first()
    application = SubmittedApplicationFactory(call=call_2022, event_name="Mapathon Goma")
    Application.objects.filter(pk=application.pk).update(hub_code=hub.code)
    application.refresh_from_db()

    mail = mail_hub_redirect(application=application)

    assert mail.subject == "Mapathon Goma: who can help with your event"
    assert f"Please get in touch with {hub.name}" in mail.body_text
    assert hub.contact_email in mail.body_text
    assert mail_hub_redirect(application=application) is None


def test_screening_an_excluded_format_sends_the_hub_mail_once(
    call_2022, django_capture_on_commit_callbacks
):
    from opencall.screening.services import screening_refresh
    from tests.screening.documents import ELIGIBLE

    mapathon = SubmittedApplicationFactory(
        call=call_2022,
        event_name="Mapathon Goma",
        document={**ELIGIBLE, "format": "mapathon", "country": "CD"},
    )
    conference = SubmittedApplicationFactory(
        call=call_2022, event_name="SotM Peru", document=ELIGIBLE, email="luz@example.org"
    )
    for _ in range(2):  # screened again after an edit: still one mail
        with django_capture_on_commit_callbacks(execute=True):
            screening_refresh(application=mapathon)
            screening_refresh(application=conference)

    sent = OutgoingMail.objects.filter(key="hub_redirect")
    assert list(sent.values_list("to", flat=True)) == ["ana@example.org"]
    # The screening documents are written in Spanish ("language": "es").
    assert sent.get().subject == "Mapathon Goma: quién puede apoyar su evento"
