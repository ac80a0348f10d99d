"""The applicant's private page says where the application is, once, with what happens
next; it counts down only while there is something to send; an accepted applicant
reads what was granted; the answers can be downloaded through the private link only."""

import datetime as dt
import re
import uuid

import pytest
from django.utils import timezone

from opencall.applications.links import private_path
from opencall.applications.models import Application
from opencall.applications.workflow import Status
from opencall.selection import services
from tests.applications.walk import start
from tests.factories import ApplicationFactory
from tests.fixtures.selection import decide

pytestmark = pytest.mark.django_db


def _page(client, application) -> str:
    response = client.get(private_path(application))
    assert response.status_code == 200
    return response.content.decode()


def _banner(page: str) -> str:
    banners = re.findall(r'<section class="notice[^"]*status-banner".*?</section>', page, re.S)
    assert len(banners) == 1, banners
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", banners[0])).strip()


def test_a_draft_counts_down_to_the_deadline_and_says_it_is_not_sent(client, open_call):
    _base, draft = start(client, open_call)
    page = _page(client, draft)
    banner = _banner(page)
    assert banner.startswith("Status: Draft")
    assert "submit your application before the call closes" in banner
    assert f"Applications close on {open_call.dates.deadline}" in banner
    assert page.count(open_call.dates.deadline) == 1  # the deadline once
    assert "data-countdown-for" in page


def test_after_submitting_the_page_says_what_happens_next_without_a_countdown(client, open_call):
    application = ApplicationFactory(call=open_call)
    page = _page(client, application)
    banner = _banner(page)
    assert banner.startswith("Status: Under review")
    assert f"You can still change it until the call closes, on {open_call.dates.deadline}" in (
        banner
    )
    decision_day = open_call.decision_date
    assert f"Decisions are expected by {decision_day.day} {decision_day:%B %Y}" in banner
    assert "We will tell you by mail" in banner
    assert "data-countdown-for" not in page
    assert page.count(open_call.dates.deadline) == 1
    assert 'href="' + private_path(application) + 'event/"' in page  # still editable


def test_once_the_call_has_closed_the_page_says_it_can_no_longer_change(client, call_2022):
    application = ApplicationFactory(call=call_2022)
    page = _page(client, application)
    banner = _banner(page)
    assert "The call has closed: your application can no longer be changed." in banner
    assert "Decisions are expected by 30 June 2022" in banner
    assert "data-countdown-for" not in page
    assert 'a class="edit' not in page


def test_an_accepted_applicant_reads_what_was_granted_and_what_comes_next(
    client, shortlist, people
):
    kenya = shortlist["kenya"]
    decide(kenya, people, "accepted", offers=["scholarships", "content_codesign"])
    # Until the release, a decision reads as under review, and nothing is granted yet.
    kenya.refresh_from_db()
    before = _page(client, kenya)
    assert _banner(before).startswith("Status: Under review")
    assert "What we will offer" not in before and 'id="offer"' not in before

    services.decisions_release(call=kenya.call, user=people.call_admin)
    kenya.refresh_from_db()
    page = _page(client, kenya)

    banner = _banner(page)
    assert banner.startswith("Status: Accepted")
    assert "being reviewed" not in page and "Under review" not in banner
    # By the end of the call's day, 14 days (the call's setting) after the release.
    assert re.search(
        r"Please confirm below that you accept the support offered, or decline it, by "
        r"\d+ \w+ \d{4} at 23:59 \(UTC−12:00\)\. Without an answer by then, the offer expires\.",
        banner,
    )
    granted = page.split('id="granted-heading"', 1)[1].split("</section>", 1)[0]
    items = [re.sub(r"<[^>]+>", "", item) for item in re.findall(r"<li>(.*?)</li>", granted)]
    # In the call's order of offers, money with its unit, never a code.
    assert items == ["Content co-design", "Scholarship programme: USD\u00a04,000"]
    assert "data-countdown-for" not in page


@pytest.mark.parametrize(
    ("outcome", "title", "says"),
    [
        ("declined", "Not selected this time", "We cannot support your event this time"),
        ("waitlisted", "On the waiting list", "Your event is on the waiting list"),
    ],
)
def test_a_released_decision_is_told_once_with_what_it_means(
    client, shortlist, people, outcome, title, says
):
    manila = shortlist["manila"]
    decide(manila, people, outcome)
    services.decisions_release(call=manila.call, user=people.call_admin)
    manila.refresh_from_db()
    page = _page(client, manila)
    banner = _banner(page)
    assert banner.startswith(f"Status: {title}")
    assert says in banner
    assert "What we will offer" not in page


def test_a_withdrawn_application_says_nothing_more_happens(client, open_call):
    application = ApplicationFactory(call=open_call, status=Status.WITHDRAWN)
    banner = _banner(_page(client, application))
    assert banner.startswith("Status: Withdrawn")
    assert "nothing more happens with it" in banner


@pytest.mark.parametrize("status", [status for status in Status if status != Status.DRAFT])
def test_every_status_has_one_banner_titled_as_the_applicant_reads_it(client, open_call, status):
    application = ApplicationFactory(call=open_call, status=status)
    banner = _banner(_page(client, application))
    assert banner.startswith(f"Status: {application.applicant_status_label}")


def test_the_answers_download_as_a_file_through_the_private_link(client, open_call):
    application = ApplicationFactory(call=open_call)
    response = client.get(private_path(application) + "download/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == (f'attachment; filename="{application.ref}.html"')
    assert response["Content-Type"].startswith("text/html")
    content = response.content.decode()
    assert application.event_name in content
    assert f"<strong>{application.ref}</strong>" in content
    assert "<script" not in content


def test_no_other_link_gets_the_download(client, open_call):
    application = ApplicationFactory(call=open_call)
    other = ApplicationFactory(call=open_call, email="someone@example.org")
    own_token = private_path(application).rstrip("/").rsplit("/", 1)[1]
    other_token = private_path(other).rstrip("/").rsplit("/", 1)[1]

    tries = [
        f"/a/{application.public_id}/{other_token}/download/",  # another application's key
        f"/a/{application.public_id}/{'0' * len(own_token)}/download/",  # a made-up key
        f"/a/{uuid.uuid4()}/{own_token}/download/",  # the key on another address
    ]
    for path in tries:
        assert client.get(path).status_code == 404, path
    assert client.get(f"/a/{application.public_id}/download/").status_code == 404  # no key


def test_a_renewed_link_stops_the_old_one_from_downloading(client, open_call):
    application = ApplicationFactory(call=open_call)
    old = private_path(application)
    application.access_key = "renewed-" + application.access_key
    Application.objects.filter(pk=application.pk).update(access_key=application.access_key)
    assert client.get(old + "download/").status_code == 404
    assert client.get(private_path(application) + "download/").status_code == 200


def test_a_draft_of_a_closed_call_says_it_was_not_sent_in_time(client, open_call):
    _base, draft = start(client, open_call)
    open_call.closes_at = timezone.now() - dt.timedelta(minutes=1)
    open_call.opens_at = open_call.closes_at - dt.timedelta(days=30)
    open_call.save()
    draft.refresh_from_db()
    page = _page(client, draft)
    assert "before this application was submitted: it cannot be considered" in _banner(page)
    assert "data-countdown-for" not in page
