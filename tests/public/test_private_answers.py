"""The public data of supported events never carries the answer to a private question
(nor any answer to a call's own questions: only what an event announces anyway)."""

from __future__ import annotations

import pytest

from opencall.applications.models import Application
from opencall.selection import services
from tests.fixtures.selection import decide

pytestmark = pytest.mark.django_db

SECRET = "DE89 3704 0044 0532 0130 00"
PRIVATE = {
    "id": "bank_account",
    "type": "short_text",
    "private": True,
    "step": "support",
    "label": {lang: "Bank account (IBAN)" for lang in ("en", "fr", "es", "pt")},
}
PUBLIC = {
    "id": "budget",
    "type": "number",
    "unit": "USD",
    "label": {lang: "Budget" for lang in ("en", "fr", "es", "pt")},
}


def test_a_private_answer_never_reaches_the_public_data(client, shortlist, people, call_2022):
    call_2022.questions = [PUBLIC, PRIVATE]
    call_2022.full_clean()
    call_2022.save()
    kenya = shortlist["kenya"]
    document = {**kenya.document, "answers": {"bank_account": SECRET, "budget": 12000}}
    Application.objects.filter(pk=kenya.pk).update(document=document)
    decide(kenya, people, "accepted", ["scholarships"])
    services.decisions_release(call=call_2022, user=people.call_admin)

    base = "/calls/hot-summit-2022/supported"
    page = client.get(base + "/").content.decode()
    assert "State of the Map Kenya" in page  # published
    for suffix in ("/", ".json", ".csv", ".ics"):
        body = client.get(base + suffix).content.decode()
        assert SECRET not in body and "bank_account" not in body, suffix
        assert "IBAN" not in body
    api = client.get("/api/v1/calls/hot-summit-2022").content.decode()
    assert "bank_account" not in api and "IBAN" not in api
    assert '"budget"' in api  # the public call lists its non-private questions
