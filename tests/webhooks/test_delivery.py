"""Deliveries to a real local HTTP receiver: signed so that the receiver can check
them, sent again after the receiver was down (when the backoff's time comes), and
delivered once per event, however often the sending runs."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from opencall.applications.services import application_transition
from opencall.applications.workflow import Role, Status
from opencall.screening.services import application_submit_and_screen
from opencall.webhooks.enums import DeliveryStatus, Event
from opencall.webhooks.models import Delivery
from opencall.webhooks.scheduler import webhooks_sweep
from opencall.webhooks.sending import delivery_send
from opencall.webhooks.services import deliveries_enqueue, delivery_replay
from tests.factories import ApplicationFactory, SubmittedApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def move(django_capture_on_commit_callbacks):
    """Move an application as staff do, its announcements run once it is committed."""

    def run(application, target=Status.IN_CONVERSATION):
        with django_capture_on_commit_callbacks(execute=True):
            application_transition(application=application, target=target, role=Role.WORKING_GROUP)

    return run


def test_a_submission_reaches_the_receiver_signed_with_the_hooks_secret(
    open_call, receiver, hook_for, immediate_tasks, django_capture_on_commit_callbacks
):
    hook = hook_for(receiver, [Event.SUBMITTED, Event.STATUS_CHANGED], call=open_call)
    draft = ApplicationFactory(call=open_call, status="draft")

    with django_capture_on_commit_callbacks(execute=True):
        application_submit_and_screen(application=draft)

    events = sorted(
        (r.json["event"], r.json.get("data", {}).get("to", "")) for r in receiver.received
    )
    assert events == [
        ("application.status_changed", "screened"),
        ("application.status_changed", "submitted"),
        ("application.submitted", ""),
    ]
    assert all(r.verified for r in receiver.received)
    submitted = next(r for r in receiver.received if r.json["event"] == "application.submitted")
    delivery = Delivery.objects.get(webhook=hook, event=Event.SUBMITTED)
    assert submitted.headers["Content-Type"] == "application/json"
    assert submitted.headers["User-Agent"] == "opencall-webhooks"
    assert submitted.headers["X-Opencall-Event"] == "application.submitted"
    assert submitted.headers["X-Opencall-Delivery"] == str(delivery.public_id)
    draft.refresh_from_db()
    body = submitted.json
    assert body["id"] == delivery.event_id
    assert body["call"] == open_call.slug
    assert body["application"] == {
        "ref": draft.ref,
        "number": draft.number,
        "status": "submitted",  # as it was when the event happened
        "url": f"http://127.0.0.1:8000/staff/calls/{open_call.slug}/applications/{draft.number}/",
    }
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.DELIVERED,
        1,
        200,
    )


def test_a_signature_made_with_another_secret_does_not_verify(
    call_2022, move, receiver, hook_for, immediate_tasks
):
    hook_for(receiver, [Event.STATUS_CHANGED])
    receiver.secret = "whsec_not-the-hooks-secret"
    move(ApplicationFactory(call=call_2022))
    (received,) = receiver.received
    assert received.verified is False


def test_a_receiver_answering_503_gets_the_event_again_when_the_backoff_is_over(
    call_2022, move, receiver, hook_for, immediate_tasks
):
    hook_for(receiver, [Event.STATUS_CHANGED])
    receiver.answers = [503]
    application = ApplicationFactory(call=call_2022)
    before = timezone.now()
    move(application)
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.PENDING,
        1,
        503,
    )
    assert "HTTP 503" in delivery.last_error and "come back later" in delivery.last_error
    first_retry = delivery.next_attempt_at
    assert (
        before + dt.timedelta(minutes=1) <= first_retry <= timezone.now() + dt.timedelta(minutes=1)
    )

    assert webhooks_sweep(now=first_retry - dt.timedelta(seconds=1)) == 0  # not yet
    assert len(receiver.received) == 1
    assert webhooks_sweep(now=first_retry) == 1

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_error) == (
        DeliveryStatus.DELIVERED,
        2,
        "",
    )
    first, second = receiver.received
    assert first.body == second.body  # the same event, byte for byte
    assert first.headers["X-Opencall-Delivery"] == second.headers["X-Opencall-Delivery"]
    assert first.verified and second.verified


def test_a_receiver_that_was_down_gets_the_event_once_it_is_up(
    call_2022, move, receiver_down, hook_for, immediate_tasks
):
    hook_for(receiver_down, [Event.STATUS_CHANGED])
    move(ApplicationFactory(call=call_2022))
    delivery = Delivery.objects.get()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.PENDING, 1)
    assert "refused" in delivery.last_error.lower()

    receiver_down.start()
    webhooks_sweep(now=delivery.next_attempt_at + dt.timedelta(seconds=1))

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 2)
    (received,) = receiver_down.received
    assert received.verified and received.json["data"] == {
        "from": "screened",
        "to": "in_conversation",
    }


def test_retries_run_as_database_tasks_after_their_backoff(
    settings, call_2022, receiver, hook_for, run_tasks, django_capture_on_commit_callbacks
):
    # The production path: the task backend waits for the backoff (run_after).
    settings.WEBHOOKS_RETRY_SECONDS = (0.2, 0.2)
    hook_for(receiver, [Event.STATUS_CHANGED])
    receiver.answers = [503, 502]
    with django_capture_on_commit_callbacks(execute=True):
        application_transition(
            application=ApplicationFactory(call=call_2022),
            target=Status.IN_CONVERSATION,
            role=Role.WORKING_GROUP,
        )
    assert receiver.received == []  # queued, not sent in the request

    for _attempt in range(3):  # each retry is queued once the previous attempt commits
        with django_capture_on_commit_callbacks(execute=True):
            run_tasks(queues=("default",), wait=5)

    delivery = Delivery.objects.get()
    assert [r.verified for r in receiver.received] == [True, True, True]
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 3)


def test_after_the_last_attempt_the_delivery_is_failed_and_staff_can_replay_it(
    settings,
    call_2022,
    move,
    call_admin,
    receiver,
    hook_for,
    immediate_tasks,
    django_capture_on_commit_callbacks,
):
    settings.WEBHOOKS_RETRY_SECONDS = (60,)
    hook_for(receiver, [Event.STATUS_CHANGED])
    receiver.answers = [500, 500]
    move(ApplicationFactory(call=call_2022))
    delivery = Delivery.objects.get()
    webhooks_sweep(now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 2)
    assert webhooks_sweep(now=timezone.now() + dt.timedelta(days=1)) == 0  # failed stays

    with django_capture_on_commit_callbacks(execute=True):
        delivery_replay(delivery=delivery, by=call_admin)

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 1)
    assert len(receiver.received) == 3
    change = delivery.webhook.changes.get(action="replayed")
    assert (change.user, change.data["attempts"]) == (call_admin, 2)


def test_running_the_send_twice_delivers_once(call_2022, receiver, hook_for):
    hook_for(receiver, [Event.SUBMITTED])
    application = SubmittedApplicationFactory(call=call_2022)
    deliveries_enqueue(
        call_id=call_2022.pk,
        event=Event.SUBMITTED,
        key=str(application.pk),
        application=application,
    )
    delivery = Delivery.objects.get()

    assert delivery_send(delivery_id=delivery.pk) == "delivered"
    assert delivery_send(delivery_id=delivery.pk) == "skipped"
    assert len(receiver.received) == 1


def test_an_event_announced_twice_is_one_delivery(call_2022, receiver, hook_for):
    hook = hook_for(receiver, [Event.SUBMITTED])
    application = SubmittedApplicationFactory(call=call_2022)
    for _ in range(2):
        deliveries_enqueue(
            call_id=call_2022.pk,
            event=Event.SUBMITTED,
            key=str(application.pk),
            application=application,
        )
    assert hook.deliveries.count() == 1


def test_a_hook_hears_only_its_events_and_not_while_inactive(
    call_2022, move, receiver, hook_for, call_admin, immediate_tasks
):
    from opencall.webhooks.services import webhook_update

    hook = hook_for(receiver, [Event.SUBMITTED])
    application = ApplicationFactory(call=call_2022)
    move(application)
    webhook_update(
        webhook=hook,
        url=hook.url,
        events=[Event.STATUS_CHANGED],
        description="",
        active=False,
        by=call_admin,
    )
    move(application, Status.RESOURCE_CHECK)
    assert (receiver.received, Delivery.objects.count()) == ([], 0)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_workers_sending_the_same_delivery_at_once_deliver_it_once(
    call_2022, receiver, hook_for
):
    hook_for(receiver, [Event.SUBMITTED])
    application = SubmittedApplicationFactory(call=call_2022)
    deliveries_enqueue(
        call_id=call_2022.pk,
        event=Event.SUBMITTED,
        key=str(application.pk),
        application=application,
    )
    delivery = Delivery.objects.get()
    start = threading.Barrier(4)
    outcomes: list[str] = []

    def worker() -> None:
        try:
            start.wait()
            outcomes.append(delivery_send(delivery_id=delivery.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["delivered", "skipped", "skipped", "skipped"]
    assert len(receiver.received) == 1


def test_an_event_of_a_call_without_hooks_costs_one_query(call_2022, django_assert_num_queries):
    from opencall.webhooks.receivers import on_screened, on_status_changed

    application = ApplicationFactory(call=call_2022)
    fresh = type(application).objects.get(pk=application.pk)  # its call not loaded
    with django_assert_num_queries(1):
        on_status_changed(sender=None, application=fresh, old="screened", new="declined", event=1)
    with django_assert_num_queries(1):
        on_screened(sender=None, application=fresh, verdict="eligible")
