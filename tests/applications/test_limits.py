"""Step 1 mails the address it is given, so it is limited: drafts per client and per
address, link mails per address, and one draft mail per address and call in a window.
The counters live in the cache, so the limits hold across processes."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.test import Client

from opencall.applications.links import private_path
from opencall.applications.models import Application
from opencall.mail.models import OutgoingMail
from tests.applications.walk import EVENT, form_key

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def _post_step_one(client, call, email="victim@example.org", **extra):
    data = {**EVENT, "contact_email_0": email, "form_key": form_key(client, call)}
    return client.post(f"/calls/{call.slug}/apply/", data, **extra)


def test_hammering_step_one_with_one_address_sends_one_mail(
    client, open_call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        answers = [_post_step_one(client, open_call).status_code for _ in range(15)]

    assert OutgoingMail.objects.filter(key="draft_started").count() == 1
    assert set(answers) <= {302, 429}
    assert OutgoingMail.objects.filter(to="victim@example.org").count() == 1


def test_a_second_draft_for_the_same_address_is_told_to_look_for_the_first_mail(
    client, open_call, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _post_step_one(client, open_call)
        second = _post_step_one(client, open_call, follow=True)

    page = second.content.decode()
    assert "We did not send another mail to victim@example.org" in page
    assert OutgoingMail.objects.filter(key="draft_started").count() == 1
    assert Application.objects.filter(email="victim@example.org").count() == 2


def test_many_addresses_from_one_client_are_stopped_at_the_limit(client, open_call, settings):
    settings.DRAFTS_PER_CLIENT_PER_HOUR = 3
    for number in range(3):
        assert _post_step_one(client, open_call, f"person{number}@example.org").status_code == 302

    refused = _post_step_one(client, open_call, "person3@example.org")

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    page = refused.content.decode()
    assert "Too many applications were started from your connection" in page
    # The form comes back with what was typed, ready to be sent again later.
    assert 'value="person3@example.org"' in page
    assert 'value="State of the Map Kenya"' in page
    assert 'name="form_key"' in page
    assert Application.objects.count() == 3


def test_a_forwarded_for_header_does_not_make_a_new_client(client, open_call, settings):
    # Without configured proxies (NUM_PROXIES=0) the connection's address counts.
    settings.DRAFTS_PER_CLIENT_PER_HOUR = 2
    answers = [
        _post_step_one(
            client, open_call, f"p{n}@example.org", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}"
        ).status_code
        for n in range(3)
    ]
    assert answers == [302, 302, 429]


def test_drafts_for_one_address_are_limited_whichever_client_sends_them(open_call, settings):
    settings.DRAFTS_PER_ADDRESS_PER_HOUR = 2
    answers = [
        _post_step_one(Client(REMOTE_ADDR=f"203.0.113.{n}"), open_call).status_code
        for n in range(3)
    ]
    assert answers == [302, 302, 429]
    assert Application.objects.count() == 2


def test_lost_link_requests_from_one_client_are_limited_and_keep_the_address(
    client, open_call, settings
):
    settings.LINK_REQUESTS_PER_CLIENT_PER_HOUR = 2
    url = f"/calls/{open_call.slug}/resume/"
    for _ in range(2):
        assert client.post(url, {"email": "someone@example.org"}).status_code == 200

    refused = client.post(url, {"email": "someone@example.org"})

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert 'value="someone@example.org"' in refused.content.decode()


def test_renewing_a_link_over_the_mail_limit_keeps_the_old_link(
    client, open_call, settings, django_capture_on_commit_callbacks
):
    settings.MAILS_PER_ADDRESS_PER_HOUR = 2
    with django_capture_on_commit_callbacks(execute=True):
        _post_step_one(client, open_call)  # the draft mail: 1
        draft = Application.objects.get()
        client.post(private_path(draft) + "new-link/")  # the new link: 2
        draft = Application.objects.get()

        refused = client.post(private_path(draft) + "new-link/")

    assert refused.status_code == 429
    assert "Too many mails were sent to this address" in refused.content.decode()
    assert client.get(private_path(draft)).status_code == 200
    assert OutgoingMail.objects.count() == 2


def _redis_or_skip():
    redis = pytest.importorskip("redis")
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return client


@pytest.mark.slow
def test_the_limit_holds_across_processes_sharing_one_cache(client, open_call, settings):
    """Another process spends the client's budget; this one sees it spent."""
    redis = _redis_or_skip()
    prefix = f"oc-test-links-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        "CACHE_KEY_PREFIX": prefix,
        "DRAFTS_PER_CLIENT_PER_HOUR": "2",
        "DJANGO_SETTINGS_MODULE": "opencall.settings",
    }
    spend = (
        "import django; django.setup()\n"
        "from opencall.applications import limits\n"
        "for n in range(2): limits.draft_allowed(client='127.0.0.1', email=f'{n}@example.org')\n"
    )
    settings.DRAFTS_PER_CLIENT_PER_HOUR = 2
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/0",
            "KEY_PREFIX": prefix,
        }
    }
    try:
        subprocess.run([sys.executable, "-c", spend], cwd=ROOT, env=env, check=True, timeout=60)

        refused = _post_step_one(client, open_call, "late@example.org")

        assert refused.status_code == 429
        assert not Application.objects.exists()
    finally:
        for key in redis.scan_iter(f"{prefix}:*"):
            redis.delete(key)


def test_applicants_can_still_start_when_the_cache_does_not_answer(
    client, open_call, settings, django_capture_on_commit_callbacks
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = _post_step_one(client, open_call)

    assert response.status_code == 302
    assert OutgoingMail.objects.filter(key="draft_started").count() == 1
