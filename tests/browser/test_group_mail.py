"""Mail to a group in a real browser (issue 17, item 3): the call administrator writes one
message to the shortlist in English and French, reads the French applicant's copy, sends
it, finds it in the list; each applicant receives their own copy, in their language, with
their private link, through the SMTP server; written and sent again by mistake, nobody
gets it twice."""

import pytest
from playwright.sync_api import expect

from opencall.applications.links import private_url
from opencall.applications.models import Application
from tests.browser.test_selection import _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _write(page, people: int) -> None:
    """From the list: the message to the shortlist, in English and French."""
    page.get_by_role("link", name="Write a message to a group").click()
    page.get_by_label(f"Applicants on the shortlist ({people} people now)").check()
    page.get_by_label("Subject in English").fill("A call with you, {{ applicant_name }}")
    page.get_by_label("Text in English").fill("We would like to talk about {{ event_name }}.")
    # French is folded: opened like any section, no script needed.
    page.locator("details.version summary", has_text="French").click()
    page.get_by_label("Subject in French").fill("Un échange avec vous, {{ applicant_name }}")
    page.get_by_label("Text in French").fill("Nous aimerions parler de {{ event_name }}.")
    page.get_by_role("button", name="Save and read it as one of them").click()


def test_write_to_the_shortlist_read_one_copy_send_and_each_gets_theirs(
    browser, live_server, site_url, smtp_server, immediate_tasks, shortlist, call_2022
):
    kenya, manila = shortlist["kenya"], shortlist["manila"]
    # Each its own person (the fixture gives all three the same contact).
    for name, application in shortlist.items():
        contact = {"name": name.title(), "email": f"{name}@example.org"}
        Application.objects.filter(pk=application.pk).update(
            email=contact["email"], document={**application.document, "contacts": [contact]}
        )
    Application.objects.filter(pk=manila.pk).update(language="fr")
    kenya.refresh_from_db()
    manila.refresh_from_db()
    shortlisted = list(Application.objects.filter(call=call_2022, status="shortlisted"))
    slug = call_2022.slug

    context, page = _sign_in(browser, live_server.url, "admin", f"/staff/calls/{slug}/")
    page.get_by_role("link", name="Group mail").click()
    _write(page, len(shortlisted))

    expect(page.get_by_role("heading", name="Read it as one of them")).to_be_visible()
    page.get_by_label("Read the copy of").select_option(f"a{manila.pk}")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#group-mail-subject")).to_have_text("Un échange avec vous, Manila")
    expect(page.locator("#group-mail-body")).to_contain_text(
        f"Nous aimerions parler de {manila.event_name}."
    )
    expect(page.locator("#group-mail-body")).to_contain_text(private_url(manila))

    page.get_by_role("button", name=f"Send it to {len(shortlisted)} people").click()
    expect(page.locator(".messages")).to_contain_text(f"{len(shortlisted)} mails are on their way.")
    row = page.locator("table.group-mail tbody tr").first
    expect(row).to_contain_text("A call with you, {{ applicant_name }}")
    expect(row).to_contain_text(f"{len(shortlisted)} mails queued")

    received = smtp_server.wait_for(len(shortlisted))
    by_address = {mail.rcpt_tos[0]: mail for mail in received}
    assert set(by_address) == {a.email for a in shortlisted}
    french = by_address[manila.email]
    assert french.subject == "Un échange avec vous, Manila"
    assert private_url(manila) in french.text
    english = by_address[kenya.email]
    assert english.subject == "A call with you, Kenya"
    assert private_url(kenya) in english.text

    # The same message written and sent again by mistake: nobody gets it twice.
    _write(page, len(shortlisted))
    page.get_by_role("button", name=f"Send it to {len(shortlisted)} people").click()
    expect(page.locator(".messages")).to_contain_text(f"{len(shortlisted)} people were left out")
    assert len(smtp_server.messages) == len(shortlisted)
    context.close()
