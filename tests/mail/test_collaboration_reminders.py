"""Collaboration reminders (issue 13), through the scheduler and the real SMTP server,
with the clock moved by `now=`: the deliverable's owner and the organiser before each
due date and once when late, the organiser's check-ins 30 and 7 days before the event,
the request for the report after it; overdue items in the staff digest. Each is sent
once, however often the scheduler runs. The 2022 call's days are at UTC−12: 18:00 UTC
is 06:00 of the same day there. The event runs 10–12 September 2022."""

import datetime as dt

import pytest

from opencall.applications.models import Application
from opencall.collaborations import services
from opencall.mail.models import DigestSubscription, OutgoingMail
from opencall.mail.scheduler import mail_tick

pytestmark = pytest.mark.django_db

KEYS = (
    "reminder_deliverable_due",
    "reminder_deliverable_overdue",
    "reminder_commitment_due",
    "reminder_commitment_overdue",
    "collaboration_checkin",
    "report_request",
)


def on(day: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T18:00").replace(tzinfo=dt.UTC)


@pytest.fixture
def tick(django_capture_on_commit_callbacks, run_tasks):
    """One scheduler run at that moment, its mail sent; returns the new reminders'
    keys (and their recipients)."""

    def run(day: str) -> list[tuple[str, str]]:
        before = set(OutgoingMail.objects.values_list("pk", flat=True))
        with django_capture_on_commit_callbacks(execute=True):
            mail_tick(now=on(day))
        run_tasks()
        new = OutgoingMail.objects.exclude(pk__in=before).filter(key__in=KEYS)
        return sorted(new.values_list("key", "to"))

    return run


@pytest.fixture
def owned(kenya_collaboration, people):
    scholarships = kenya_collaboration.deliverables.get(offer_code="scholarships")
    services.deliverable_update(deliverable=scholarships, user=people.hub_esa, owner=people.hub_esa)
    return kenya_collaboration


def test_reminders_before_due_when_late_and_around_the_event_each_once(
    owned, tick, smtp_server, people
):
    organiser = owned.application.email
    owner = people.hub_esa.email
    # Scholarships (owned) and the code of conduct are due on 11 August.
    assert tick("2022-08-03") == []
    assert tick("2022-08-04") == [
        ("reminder_commitment_due", organiser),
        ("reminder_deliverable_due", owner),
    ]
    assert tick("2022-08-04") == []
    assert tick("2022-08-10") == []
    # 30 days before the first day: the check-in.
    assert tick("2022-08-11") == [("collaboration_checkin", organiser)]
    assert tick("2022-08-11") == []
    assert tick("2022-08-12") == [
        ("reminder_commitment_overdue", organiser),
        ("reminder_deliverable_overdue", owner),
    ]
    assert tick("2022-08-13") == []
    # The online part (due 3 September), then the check-in a week before.
    assert tick("2022-08-27") == [("reminder_commitment_due", organiser)]
    assert tick("2022-09-03") == [("collaboration_checkin", organiser)]
    assert tick("2022-09-04") == [("reminder_commitment_overdue", organiser)]
    assert tick("2022-09-12") == []
    # The day after the last day: the report is asked for, once.
    assert tick("2022-09-13") == [("report_request", organiser)]
    assert tick("2022-09-20") == []

    # Everything went through the mail server.
    subjects = [m.subject for m in smtp_server.messages_to(owner)]
    assert subjects == [
        "HOT-SUMMIT-2022-0001 State of the Map Kenya: a deliverable due on 11 August 2022",
        "HOT-SUMMIT-2022-0001 State of the Map Kenya: a deliverable is late "
        "(due on 11 August 2022)",
    ]
    to_owner = smtp_server.messages_to(owner)[0].text
    assert "due in 7 days, on 11 August 2022" in to_owner
    assert "\r\n\r\nScholarship programme\r\n\r\n" in to_owner
    assert "/staff/calls/hot-summit-2022/applications/1/" in to_owner
    received = {m.subject: m for m in smtp_server.messages_to(organiser)}
    assert "State of the Map Kenya: Publish the code of conduct by 11 August 2022" in received
    checkin = received["State of the Map Kenya starts in 30 days: where we are"].text
    assert "- Publish the code of conduct, due 11 August 2022" in checkin
    assert "- Open the event to people online, due 3 September 2022" in checkin
    assert "What HOT is still working on:" in checkin
    assert "State of the Map Kenya starts in 7 days: where we are" in received
    report = received["State of the Map Kenya: how did it go?"].text
    assert "please send it by 12 October 2022" in report
    assert report.count("/report/") == 1


def test_a_kept_commitment_and_a_filed_report_are_not_reminded(kenya_collaboration, tick):
    code = kenya_collaboration.commitments.get(kind="code_of_conduct")
    services.commitment_answer(commitment=code, links=["https://sotm.ke/coc"])
    services.report_file(collaboration=kenya_collaboration, attendance_in_person=10)

    organiser = kenya_collaboration.application.email
    assert tick("2022-08-04") == []
    # The check-in still goes; no reminder of the kept commitment.
    assert tick("2022-08-12") == [("collaboration_checkin", organiser)]
    # The online part was not answered: late; the report is in: not asked for.
    assert tick("2022-09-13") == [("reminder_commitment_overdue", organiser)]


def test_a_deliverable_without_owner_is_not_reminded(kenya_collaboration, tick):
    # Content co-design (due 27 July) and scholarships have no owner.
    assert tick("2022-07-20") == []
    assert tick("2022-07-28") == []


def test_the_organiser_is_reminded_in_their_language(kenya_collaboration, tick):
    Application.objects.filter(pk=kenya_collaboration.application_id).update(language="fr")

    tick("2022-08-04")

    mail = OutgoingMail.objects.get(key="reminder_commitment_due")
    # The commitment's words come from the catalogue (French once the lead fills it).
    assert mail.subject.startswith("State of the Map Kenya\u00a0: ")
    assert mail.subject.endswith(" d'ici le 11 août 2022")
    assert "dans 7 jours, le 11 août 2022" in mail.body_text


def test_overdue_items_are_in_the_staff_digest(owned, people, tick):
    DigestSubscription.objects.create(user=people.hub_esa, call=None)

    with_nothing_late = OutgoingMail.objects.filter(key="digest")
    tick("2022-07-27")  # content co-design is due that day: not late yet
    assert not with_nothing_late.exists()

    tick("2022-08-12")
    digest = OutgoingMail.objects.get(key="digest")
    assert "Late in the collaborations:" in digest.body_text
    assert (
        "- HOT-SUMMIT-2022-0001 State of the Map Kenya: Scholarship programme (HOT, hub-esa), "
        "due 11 August 2022\n" in digest.body_text
    )
    assert (
        "Content co-design: a track (HOT, Content co-design team), due 27 July 2022"
        in digest.body_text
    )
    assert "Publish the code of conduct (the organiser), due 11 August 2022" in digest.body_text
