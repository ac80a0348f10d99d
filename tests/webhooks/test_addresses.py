"""No delivery to private, loopback or link-local addresses unless the settings allow
it: refused when the hook is registered, and again before each attempt."""

from __future__ import annotations

import ipaddress

import pytest

from opencall.webhooks.addresses import AddressRefused, forbidden, resolve
from opencall.webhooks.enums import DeliveryStatus, Event
from opencall.webhooks.models import Delivery, Webhook
from opencall.webhooks.sending import delivery_send
from opencall.webhooks.services import WebhookRefused, deliveries_enqueue, webhook_create
from tests.factories import SubmittedApplicationFactory


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.1.2.3",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",  # a cloud's metadata service
        "100.64.0.1",  # carrier-grade NAT
        "0.0.0.0",  # noqa: S104 (an address judged, not bound)
        "224.0.0.1",
        "240.0.0.1",
        "::1",
        "::",
        "fe80::1",
        "fc00::1",
        "::ffff:127.0.0.1",
        "ff02::1",
    ],
)
def test_private_local_and_special_addresses_are_forbidden(address):
    assert forbidden(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "2606:4700:4700::1111"])
def test_public_addresses_are_allowed(address):
    assert not forbidden(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("ftp://93.184.215.14/hook", "https://"),
        ("file:///etc/passwd", "https://"),
        ("https://user:pw@93.184.215.14/hook", "name and password"),
        ("https:///hook", "no host"),
        ("http://[::1/", "not a web address"),
    ],
)
def test_addresses_that_are_not_plain_http_s_are_refused(settings, url, words):
    settings.OPENCALL_WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(AddressRefused, match=words):
        resolve(url)


def test_http_is_refused_where_only_https_is_allowed(settings):
    settings.OPENCALL_WEBHOOKS_ALLOW_HTTP = False
    with pytest.raises(AddressRefused, match="https://"):
        resolve("http://93.184.215.14/hook")
    assert resolve("https://93.184.215.14/hook").address == "93.184.215.14"


def test_the_attempt_connects_to_the_address_that_was_checked():
    target = resolve("https://93.184.215.14:8443/in?x=1")
    assert (target.host, target.port, target.path, target.address) == (
        "93.184.215.14",
        8443,
        "/in?x=1",
        "93.184.215.14",
    )


@pytest.mark.django_db
def test_a_loopback_hook_is_refused_at_registration_without_the_setting(
    settings, call_2022, call_admin, receiver
):
    settings.OPENCALL_WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(WebhookRefused, match=r"127\.0\.0\.1") as refused:
        webhook_create(call=call_2022, url=receiver.url, events=[Event.SUBMITTED], by=call_admin)
    assert refused.value.field == "url"
    assert not Webhook.objects.exists()


@pytest.mark.django_db
def test_a_name_that_resolves_to_loopback_is_refused(settings, call_2022, call_admin):
    settings.OPENCALL_WEBHOOKS_ALLOW_PRIVATE = False
    with pytest.raises(WebhookRefused, match="localhost leads to"):
        webhook_create(
            call=call_2022, url="http://localhost:9/hook", events=["ping"], by=call_admin
        )


@pytest.mark.django_db
def test_a_loopback_hook_gets_nothing_once_the_setting_is_off(
    settings, call_2022, receiver, hook_for
):
    hook_for(receiver, [Event.SUBMITTED])  # registered while loopback was allowed
    settings.OPENCALL_WEBHOOKS_ALLOW_PRIVATE = False
    application = SubmittedApplicationFactory(call=call_2022)
    deliveries_enqueue(
        call_id=call_2022.pk,
        event=Event.SUBMITTED,
        key=str(application.pk),
        application=application,
    )
    delivery = Delivery.objects.get()

    assert delivery_send(delivery_id=delivery.pk) == "failed"

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 1)
    assert "private or local network" in delivery.last_error
    assert receiver.received == []
