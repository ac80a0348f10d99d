"""The webhooks pages: call administrators only; adding shows the secret once, a
refused address says why and keeps what was typed; every change is in the history."""

from __future__ import annotations

import pytest
from django.test import Client

from opencall.webhooks.enums import Action, DeliveryStatus, Event
from opencall.webhooks.models import Delivery, Webhook, WebhookChange

pytestmark = pytest.mark.django_db

SLUG = "hot-summit-2022"
LIST = f"/staff/calls/{SLUG}/webhooks/"


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def hook(call_2022, staff, receiver):
    from opencall.webhooks.services import webhook_create

    made = webhook_create(
        call=call_2022, url=receiver.url, events=[Event.SUBMITTED], by=staff.call_admin
    )
    receiver.secret = made.secret
    return made


def _pages(hook) -> list[tuple[str, str, dict]]:
    base = f"{LIST}{hook.pk}/"
    return [
        ("get", LIST, {}),
        ("post", LIST, {"new-url": "http://127.0.0.1:9/x", "new-events": ["ping"]}),
        ("get", base, {}),
        ("post", base, {"hook-url": hook.url, "hook-events": [Event.SUBMITTED]}),
        ("post", base + "secret/", {"action": "show"}),
        ("post", base + "test/", {}),
        ("post", base + "delete/", {}),
    ]


@pytest.mark.parametrize("who", ["working_group", "hub_esa", "outsider", "nobody"])
def test_only_call_administrators_reach_the_webhooks_pages(staff, hook, who):
    client = _client(getattr(staff, who))
    for method, path, data in _pages(hook):
        response = getattr(client, method)(path, data)
        assert response.status_code == 403, (who, method, path)
    assert (
        Webhook.objects.count() == 1
        and not WebhookChange.objects.exclude(action=Action.CREATED).exists()
    )


def test_signed_out_visitors_are_sent_to_sign_in(hook):
    response = Client().get(LIST)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_call_administrator_sees_the_link_in_the_staff_bar_and_others_do_not(staff, hook):
    assert LIST in _client(staff.call_admin).get(f"/staff/calls/{SLUG}/").content.decode()
    assert LIST not in _client(staff.working_group).get(f"/staff/calls/{SLUG}/").content.decode()


def test_adding_a_hook_shows_its_secret_once(staff, receiver):
    client = _client(staff.call_admin)
    response = client.post(
        LIST,
        {
            "new-url": receiver.url,
            "new-events": [Event.SUBMITTED, Event.DECISION_RELEASED],
            "new-description": "HOT's website",
        },
    )
    hook = Webhook.objects.get()
    assert response.status_code == 200
    assert hook.secret in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    assert (hook.events, hook.description, hook.created_by) == (
        [Event.SUBMITTED, Event.DECISION_RELEASED],
        "HOT's website",
        staff.call_admin,
    )
    assert hook.secret not in client.get(f"{LIST}{hook.pk}/").content.decode()
    assert WebhookChange.objects.get().action == Action.CREATED


def test_a_refused_address_says_why_and_keeps_what_was_typed(settings, staff):
    settings.OPENCALL_WEBHOOKS_ALLOW_PRIVATE = False
    response = _client(staff.call_admin).post(
        LIST,
        {
            "new-url": "http://10.0.0.7/hook",
            "new-events": [Event.SCREENED],
            "new-description": "the team's chat",
        },
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "an address of a private or local network" in page
    assert 'value="http://10.0.0.7/hook"' in page and 'value="the team&#x27;s chat"' in page
    assert 'value="application.screened"' in page and "checked" in page
    assert not Webhook.objects.exists()


def test_no_event_chosen_is_refused_in_words(staff, receiver):
    response = _client(staff.call_admin).post(LIST, {"new-url": receiver.url})
    assert response.status_code == 400
    assert "Choose at least one event." in response.content.decode()


def test_changing_a_hook_is_audited_with_what_changed(staff, hook):
    response = _client(staff.call_admin).post(
        f"{LIST}{hook.pk}/",
        {"hook-url": hook.url, "hook-events": [Event.STATUS_CHANGED], "hook-description": "x"},
    )
    assert response.status_code == 302
    hook.refresh_from_db()
    assert (hook.events, hook.active) == ([Event.STATUS_CHANGED], False)
    change = WebhookChange.objects.get(action=Action.CHANGED)
    assert change.user == staff.call_admin
    assert change.data["events"] == [[Event.SUBMITTED], [Event.STATUS_CHANGED]]
    assert change.data["active"] == [True, False]
    assert hook.secret not in str(change.data)


def test_showing_and_renewing_the_secret_are_audited(staff, hook):
    client = _client(staff.call_admin)
    shown = client.post(f"{LIST}{hook.pk}/secret/", {"action": "show"})
    assert hook.secret in shown.content.decode()
    renewed = client.post(f"{LIST}{hook.pk}/secret/", {"action": "renew"})
    old = hook.secret
    hook.refresh_from_db()
    assert hook.secret != old and hook.secret in renewed.content.decode()
    assert list(WebhookChange.objects.order_by("pk").values_list("action", flat=True)) == [
        Action.CREATED,
        Action.SECRET_SHOWN,
        Action.SECRET_RENEWED,
    ]


def test_a_test_event_reaches_the_receiver(
    staff, hook, receiver, immediate_tasks, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(staff.call_admin).post(f"{LIST}{hook.pk}/test/")
    assert response.status_code == 302
    (received,) = receiver.received
    assert received.verified and received.json["event"] == "ping"
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED


def test_a_failed_delivery_is_shown_and_sent_again(
    staff, hook, receiver, immediate_tasks, django_capture_on_commit_callbacks
):
    delivery = Delivery.objects.create(
        webhook=hook,
        event=Event.SUBMITTED,
        event_id="e1",
        payload={"id": "e1", "event": Event.SUBMITTED},
        status=DeliveryStatus.FAILED,
        attempts=6,
        last_error="HTTP 503 Service Unavailable",
    )
    client = _client(staff.call_admin)
    page = client.get(f"{LIST}{hook.pk}/").content.decode()
    assert "HTTP 503 Service Unavailable" in page and "Send again" in page

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{LIST}{hook.pk}/deliveries/{delivery.pk}/again/")

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 1)
    assert len(receiver.received) == 1


def test_removing_a_hook_keeps_who_removed_it(staff, hook):
    response = _client(staff.call_admin).post(f"{LIST}{hook.pk}/delete/")
    assert response.status_code == 302
    assert not Webhook.objects.exists()
    change = WebhookChange.objects.get(action=Action.DELETED)
    assert (change.user, change.url, change.webhook) == (staff.call_admin, hook.url, None)
    assert hook.url in _client(staff.call_admin).get(LIST).content.decode()


def test_a_hook_of_another_call_is_not_found(staff, open_call, receiver):
    from opencall.webhooks.services import webhook_create

    other = webhook_create(
        call=open_call, url=receiver.url, events=[Event.SUBMITTED], by=staff.call_admin
    )
    response = _client(staff.call_admin).get(f"{LIST}{other.pk}/")
    assert response.status_code == 404
