"""The group mail pages: write, read one person's copy, send, list; refused to anyone but
a call administrator; a refused text keeps what was typed and says what is wrong."""

import pytest

from opencall.mail.enums import GroupAudience
from opencall.mail.groups import group_message_save, group_send
from opencall.mail.models import GroupMessage, OutgoingMail
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

BASE = "/staff/calls/hot-summit-2022/group-mail/"


@pytest.fixture
def drafts(call_2022):
    return [
        ApplicationFactory(
            call=call_2022,
            status="draft",
            contact_name=name,
            email=f"{name}@example.org",
            language=lang,
        )
        for name, lang in (("ana", "en"), ("bea", "fr"))
    ]


def _post(client, **fields):
    data = {"audience": "drafts", "subject_en": "", "body_en": "", "subject_fr": "", "body_fr": ""}
    return client.post(BASE + "new/", {**data, **fields})


def test_write_read_as_one_of_them_send_and_see_it_in_the_list(client, staff, drafts):
    client.force_login(staff.call_admin)
    page = client.get(BASE + "new/").content.decode()
    assert "Applicants with a draft not yet submitted (2 people now)" in page

    response = _post(
        client,
        subject_en="Hello {{ applicant_name }}",
        body_en="Two days left.",
        subject_fr="Bonjour {{ applicant_name }}",
        body_fr="Plus que deux jours.",
    )
    message = GroupMessage.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}{message.pk}/"

    bea = f"a{drafts[1].pk}"
    preview = client.get(f"{BASE}{message.pk}/?recipient={bea}").content.decode()
    assert "Bonjour bea" in preview and "Plus que deux jours." in preview
    assert "Send it to 2 people" in preview

    response = client.post(f"{BASE}{message.pk}/send/")
    assert response.status_code == 302
    listing = client.get(BASE).content.decode()
    assert "2 mails are on their way." in listing
    assert "2 mails queued" in listing
    assert OutgoingMail.objects.filter(key="group_applicant").count() == 2

    # The form posted again (the back button): nobody gets it twice.
    client.post(f"{BASE}{message.pk}/send/")
    assert "2 people were left out" in client.get(BASE).content.decode()
    assert OutgoingMail.objects.filter(key="group_applicant").count() == 2


def test_a_refused_text_keeps_what_was_typed_and_names_the_field(client, staff, drafts):
    client.force_login(staff.call_admin)

    response = _post(client, subject_en="Hi {{ nickname }}", body_en="Kept as typed.")

    page = response.content.decode()
    assert response.status_code == 200
    assert "{{ nickname }}" in page and "Kept as typed." in page
    assert "Subject in English" in page and "which this mail does not know" in page
    assert not GroupMessage.objects.exists()


@pytest.mark.parametrize("role", ["working_group", "hub_esa", "outsider", "nobody"])
def test_only_call_administrators_reach_the_pages(client, staff, drafts, role):
    message = group_message_save(
        call=drafts[0].call,
        audience=GroupAudience.DRAFTS,
        texts={"en": {"subject": "s", "body": "b"}},
        by=staff.call_admin,
    )
    client.force_login(getattr(staff, role))

    for path in (BASE, BASE + "new/", f"{BASE}{message.pk}/", f"{BASE}{message.pk}/edit/"):
        assert client.get(path).status_code == 403, path
    assert client.post(f"{BASE}{message.pk}/send/").status_code == 403
    assert "Group mail" not in client.get("/staff/calls/hot-summit-2022/").content.decode()
    assert not OutgoingMail.objects.exists()


def test_the_call_administrator_finds_group_mail_in_the_calls_navigation(client, staff):
    client.force_login(staff.call_admin)

    assert f'href="{BASE}"' in client.get("/staff/calls/hot-summit-2022/").content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_takes_the_same_queries_whatever_its_length(
    client, staff, drafts, count, django_assert_num_queries
):
    for n in range(count):
        message = group_message_save(
            call=drafts[0].call,
            audience=GroupAudience.DRAFTS,
            texts={"en": {"subject": f"s{n}", "body": "b"}},
            by=staff.call_admin,
        )
        group_send(message=message, by=staff.call_admin)
    client.force_login(staff.call_admin)

    with django_assert_num_queries(6):
        response = client.get(BASE)
    assert response.content.decode().count("mails queued") == count
