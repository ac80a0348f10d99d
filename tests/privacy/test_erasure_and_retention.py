"""Erasure and retention leave nothing of the person in any text column of any model
(searched through django.apps), and the outcome report's figures do not move."""

import datetime as dt
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import transaction

from opencall.applications.models import Application, ApplicationEvent, CoOrganiser
from opencall.collaborations.outcome import outcome
from opencall.conversations.services import message_to_applicant, reply_from_applicant
from opencall.imports.models import ImportBatch, ImportedRow
from opencall.privacy.anonymise import application_anonymise
from opencall.privacy.models import ErasureRequest, PrivacyEvent
from opencall.privacy.services import (
    NotACallAdministrator,
    add_months,
    erasure_ask,
    erasure_decide,
    person_data,
    retention_apply,
)
from opencall.privacy.sweep import found_anywhere
from opencall.webhooks.models import Delivery, Webhook
from tests.collaborations.test_outcome import achieved  # noqa: F401 (a fixture)
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

EMAIL = "maria.santos@example.net"
NAME = "Maria Santos"


@pytest.fixture
def maria(shortlist, call_2022, people):
    """Manila's contact is Maria Santos; her name and address were copied into a staff
    message, her reply, the outbox, the timeline, a webhook's body and an imported
    file; she also left a draft, brought in by that import, with an uploaded file."""
    manila = shortlist["manila"]
    contacts = [{"name": NAME, "email": EMAIL}, {"name": "Jose Rizal", "email": "jr@example.net"}]
    Application.objects.filter(pk=manila.pk).update(
        email=EMAIL, document={**manila.document, "contacts": contacts}
    )
    manila.refresh_from_db()
    message_to_applicant(application=manila, author=people.working_group, body=f"Dear {NAME},")
    reply_from_applicant(application=manila, body=f"Thanks! {NAME} ({EMAIL})")
    ApplicationEvent.objects.create(
        application=manila, kind="note", actor="staff", reason=f"Called {NAME}", data={"to": EMAIL}
    )
    key = storages["uploads"].save("hot-summit-2022/x/cv/file.pdf", ContentFile(b"%PDF-1.4 cv"))
    draft = ApplicationFactory(
        call=call_2022,
        status="draft",
        email=EMAIL,
        contact_name=NAME,
        document={"answers": {"cv": {"name": "cv.pdf", "size": 11, "type": "pdf", "key": key}}},
    )
    hook = Webhook.objects.create(call=call_2022, url="https://hooks.example.org/", secret="s")
    Delivery.objects.create(
        webhook=hook,
        event="application.submitted",
        event_id="e1",
        payload={"contacts": [{"name": NAME, "email": EMAIL}]},
    )
    batch = ImportBatch.objects.create(
        call=call_2022,
        file_name="responses.csv",
        file_digest="d",
        content=f"Timestamp,Name,Email\n2022-05-20,{NAME},{EMAIL}\n".encode(),
    )
    ImportedRow.objects.create(
        call=call_2022, key=f"2022-05-20 10:00|{EMAIL}", application=draft, batch=batch, digest="x"
    )
    return {"manila": manila, "draft": draft, "file": key, "batch": batch}


def _figures(call):
    rows = Application.objects.filter(call=call).order_by("number")
    return outcome(call=call), list(
        rows.values_list("number", "status", "hub_code", "country", "format", "scope")
    )


def test_erasure_leaves_nothing_of_the_person_and_the_figures_unchanged(
    maria,
    achieved,  # noqa: F811
    call_2022,
    django_capture_on_commit_callbacks,
):
    assert found_anywhere([EMAIL, NAME])  # the check finds what is there
    before = _figures(call_2022)

    with django_capture_on_commit_callbacks(execute=True):
        result = erasure_ask(email=EMAIL)

    assert (result.erased, result.waiting) == (2, 0)  # declined, and the draft
    assert found_anywhere([EMAIL, NAME]) == []
    content = bytes(ImportBatch.objects.get(pk=maria["batch"].pk).content)
    assert content == b"Timestamp,Name,Email\n2022-05-20,[erased],[erased]\n"
    assert _figures(call_2022) == before
    assert not storages["uploads"].exists(maria["file"])
    manila = Application.objects.get(pk=maria["manila"].pk)
    assert manila.document["contacts"] == []
    assert manila.document["event_name"] == "State of the Map Asia"
    assert manila.document["offers"] == maria["manila"].document["offers"]
    kinds = list(PrivacyEvent.objects.order_by("id").values_list("kind", flat=True))
    assert kinds == ["erased", "erased", "erasure_asked"]
    assert len(set(PrivacyEvent.objects.values_list("person", flat=True))) == 1


def test_an_accepted_application_waits_for_a_call_administrator(
    achieved,  # noqa: F811
    call_2022,
    people,
    shortlist,
):
    kenya = shortlist["kenya"]
    for other in Application.objects.exclude(pk=kenya.pk):
        other.email = "someone@example.org"
        other.document = {**other.document, "contacts": [{"email": other.email}]}
        other.save()
    before = _figures(call_2022)

    result = erasure_ask(email="wanjiru@example.org")

    assert (result.erased, result.waiting) == (0, 1)
    request = ErasureRequest.objects.get(application=kenya)
    assert found_anywhere(["wanjiru@example.org"]) != []
    with pytest.raises(NotACallAdministrator):
        erasure_decide(request=request, by=people.hub_esa, erase=True)
    with pytest.raises(ValueError):
        erasure_decide(request=request, by=people.call_admin, erase=False, reason=" ")

    erasure_decide(request=request, by=people.call_admin, erase=True)

    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("done", people.call_admin)
    assert Application.objects.get(pk=kenya.pk).email == ""
    assert "wanjiru@example.org" not in str(Application.objects.get(pk=kenya.pk).document)
    assert _figures(call_2022) == before
    assert PrivacyEvent.objects.filter(kind="erasure_confirmed", user=people.call_admin).exists()


def test_retention_anonymises_declined_and_drafts_after_the_period_only(
    maria,
    achieved,  # noqa: F811
    call_2022,
):
    before = _figures(call_2022)
    not_yet = add_months(call_2022.closes_at, 24) - dt.timedelta(days=1)
    assert retention_apply(now=not_yet) == {}

    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "hot-summit-2022: would anonymise 2" in out.getvalue()
    assert found_anywhere([EMAIL, NAME])  # a dry run changes nothing

    out = io.StringIO()
    call_command("apply_retention", stdout=out)

    assert "hot-summit-2022: anonymised 2 application(s)" in out.getvalue()
    assert found_anywhere([EMAIL, NAME]) == []
    assert _figures(call_2022) == before
    assert PrivacyEvent.objects.filter(kind="retained").count() == 2
    # The accepted ones keep their contacts (the collaboration's record).
    kenya = Application.objects.exclude(status__in=["declined", "draft"]).first()
    assert kenya.document["contacts"]
    out = io.StringIO()
    call_command("apply_retention", stdout=out)
    assert out.getvalue() == "Nothing to anonymise.\n"


def test_the_download_holds_every_application_that_names_the_address(maria):
    data = person_data(email=EMAIL.upper())
    refs = {item["reference"] for item in data["applications"]}
    assert refs == {maria["manila"].ref, maria["draft"].ref}
    manila = next(item for item in data["applications"] if item["reference"] == maria["manila"].ref)
    assert [m["text"] for m in manila["messages"]] == [
        f"Dear {NAME},",
        f"Thanks! {NAME} ({EMAIL})",
    ]
    # A second contact's address finds the application too.
    assert [a["reference"] for a in person_data(email="jr@example.net")["applications"]] == [
        maria["manila"].ref
    ]
    assert PrivacyEvent.objects.filter(kind="downloaded").count() == 2


def test_add_months_keeps_the_day_or_the_months_last():
    moment = dt.datetime(2022, 5, 31, 23, 59, tzinfo=dt.UTC)
    assert add_months(moment, 24) == dt.datetime(2024, 5, 31, 23, 59, tzinfo=dt.UTC)
    assert add_months(moment, 21) == dt.datetime(2024, 2, 29, 23, 59, tzinfo=dt.UTC)
    assert add_months(moment, 1) == dt.datetime(2022, 6, 30, 23, 59, tzinfo=dt.UTC)


def test_the_mail_schedulers_tick_anonymises_a_few_at_a_time(maria, call_2022, monkeypatch):
    from opencall.mail.scheduler import mail_tick
    from opencall.privacy import services

    monkeypatch.setattr(services, "TICK_AT_MOST", 1)
    Application.objects.filter(pk=maria["manila"].pk).update(status="declined")
    before = add_months(call_2022.closes_at, 24) - dt.timedelta(days=1)
    after = add_months(call_2022.closes_at, 24) + dt.timedelta(days=1)

    assert mail_tick(now=before)["retention"] == 0
    assert mail_tick(now=after)["retention"] == 1
    assert mail_tick(now=after)["retention"] == 1
    assert mail_tick(now=after)["retention"] == 0
    assert found_anywhere([EMAIL, NAME]) == []


def test_a_co_organiser_downloads_and_erases_their_own_data_and_the_application_stays(
    maria, people, django_capture_on_commit_callbacks
):
    manila = maria["manila"]
    amina = CoOrganiser.objects.create(
        application=manila, name="Amina Odhiambo", email="amina@example.org", language="fr"
    )
    ApplicationEvent.objects.create(
        application=manila, kind="step", actor="applicant", data={"person": "Amina Odhiambo"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        message_to_applicant(application=manila, author=people.working_group, body="Hello both")

    data = person_data(email="Amina@example.org")
    (held,) = data["applications"]
    assert held["reference"] == manila.ref
    assert [co["email"] for co in held["co_organisers"]] == ["amina@example.org"]
    assert held["mails"] and {mail["to"] for mail in held["mails"]} == {"amina@example.org"}
    assert found_anywhere(["amina@example.org", "Amina Odhiambo"])

    result = erasure_ask(email="amina@example.org")

    assert (result.erased, result.waiting) == (1, 0)
    assert found_anywhere(["amina@example.org", "Amina Odhiambo"]) == []
    assert not CoOrganiser.objects.filter(pk=amina.pk).exists()
    # The first contact's application and data are not the co-organiser's to erase.
    manila.refresh_from_db()
    assert manila.email == EMAIL
    assert found_anywhere([EMAIL, NAME])


def test_erasing_an_application_takes_its_co_organisers_with_it(
    maria,
    achieved,  # noqa: F811 (manila declined)
):
    manila = maria["manila"]
    CoOrganiser.objects.create(
        application=manila, name="Amina Odhiambo", email="amina@example.org", language="fr"
    )
    ApplicationEvent.objects.create(
        application=manila, kind="step", actor="applicant", data={"person": "Amina Odhiambo"}
    )

    erasure_ask(email=EMAIL)

    left = found_anywhere(["amina@example.org", "Amina Odhiambo", EMAIL, NAME])
    assert left == [], left
    assert not CoOrganiser.objects.filter(application=manila).exists()


def test_a_rolled_back_erasure_leaves_the_uploaded_file(maria):
    class Undone(Exception):
        pass

    with pytest.raises(Undone), transaction.atomic():
        application_anonymise(application=maria["draft"])
        raise Undone
    assert storages["uploads"].exists(maria["file"])
    assert Application.objects.get(pk=maria["draft"].pk).email == EMAIL
