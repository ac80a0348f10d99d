"""The organiser's side of the collaboration, through their private link: what HOT
does and what they promised on their page, a commitment answered with its link(s)
(a bad link is refused and what was typed stays), the report filed and corrected;
another application's link reaches none of it."""

import pytest

from opencall.applications.links import private_path
from opencall.collaborations.models import Commitment, EventReport
from tests.factories import SubmittedApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(kenya_collaboration):
    return private_path(kenya_collaboration.application)


def test_the_private_page_shows_what_hot_does_and_what_the_organiser_promised(client, page):
    html = client.get(page).content.decode()

    assert "Your collaboration with Humanitarian OpenStreetMap Team (HOT)" in html
    assert "Content co-design: a track" in html
    assert "Community team" in html
    assert "Planned" in html
    assert "Publish the code of conduct" in html
    assert "due 11 August 2022" in html
    assert "Open the event to people online" in html
    assert "Publish the event&#x27;s content openly" in html
    assert 'name="c' in html and "commitments/" in html
    assert "Write the report" in html


def test_the_organiser_answers_a_commitment_with_its_link(client, page, kenya_collaboration):
    commitment = kenya_collaboration.commitments.get(kind="code_of_conduct")
    field = f"c{commitment.pk}-links"

    response = client.post(
        f"{page}commitments/{commitment.pk}/",
        {field: "https://sotm.ke/code-of-conduct\n\n"},
    )

    assert response.status_code == 302
    assert response["Location"] == page + "#collaboration"
    commitment.refresh_from_db()
    assert (commitment.status, commitment.links) == ("kept", ["https://sotm.ke/code-of-conduct"])
    html = client.get(page).content.decode()
    assert "Thank you! Your answer is saved." in html
    assert 'href="https://sotm.ke/code-of-conduct"' in html
    assert "Replace the link(s)" in html


def test_a_bad_link_is_refused_and_what_was_typed_stays(client, page, kenya_collaboration):
    commitment = kenya_collaboration.commitments.get(kind="virtual_component")
    field = f"c{commitment.pk}-links"

    response = client.post(f"{page}commitments/{commitment.pk}/", {field: "our zoom room"})

    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter full web addresses, starting with https:// (not: our zoom room)." in html
    assert ">\nour zoom room</textarea>" in html
    assert "Your collaboration with" in html
    commitment.refresh_from_db()
    assert (commitment.status, commitment.links) == ("open", [])


def test_the_organiser_files_the_report_and_corrects_it(client, page, kenya_collaboration):
    report_page = page + "report/"
    html = client.get(report_page).content.decode()
    assert "How did your event go?" in html
    assert 'name="countries"' in html and ">Kenya</option>" in html

    answers = {
        "attendance_in_person": "180",
        "attendance_online": "95",
        "countries": ["KE", "UG", "TZ"],
        "scholarships_used": "12",
        "links": "https://sotm.ke/recordings\nhttps://sotm.ke/slides",
        "worked": "The mapathon with the university.",
        "differently": "Announce scholarships earlier.",
    }
    response = client.post(report_page, answers)
    assert response.status_code == 302 and response["Location"] == report_page

    report = EventReport.objects.get(collaboration=kenya_collaboration)
    assert (
        report.attendance_in_person,
        report.attendance_online,
        report.countries,
        report.scholarships_used,
        report.links,
    ) == (180, 95, ["KE", "UG", "TZ"], 12, ["https://sotm.ke/recordings", "https://sotm.ke/slides"])

    client.post(report_page, {**answers, "attendance_in_person": "190"})
    report.refresh_from_db()
    assert report.attendance_in_person == 190
    assert EventReport.objects.count() == 1
    events = kenya_collaboration.application.events.filter(kind="collaboration", new="report")
    assert [event.data["again"] for event in events.order_by("pk")] == [False, True]
    html = client.get(page).content.decode()
    assert "Read or correct your report" in html


def test_a_report_with_a_bad_link_or_no_attendance_is_refused_keeping_the_answers(
    client, page, kenya_collaboration
):
    response = client.post(
        page + "report/",
        {"attendance_in_person": "", "links": "slides on our drive", "worked": "The venue."},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "This field is required." in html
    assert ">\nThe venue.</textarea>" in html
    assert not EventReport.objects.exists()

    response = client.post(
        page + "report/", {"attendance_in_person": "40", "links": "slides on our drive"}
    )
    assert response.status_code == 400
    assert "not: slides on our drive" in response.content.decode()
    assert not EventReport.objects.exists()


def test_another_applications_link_reaches_neither_the_commitments_nor_the_report(
    client, kenya_collaboration, call_2022
):
    other = SubmittedApplicationFactory(call=call_2022, email="someone@example.org")
    other_page = private_path(other)
    commitment = kenya_collaboration.commitments.get(kind="code_of_conduct")
    kenya_page = private_path(kenya_collaboration.application)
    wrong_token = kenya_page.replace(kenya_page.split("/")[-2], other_page.split("/")[-2])

    assert (
        client.post(
            f"{other_page}commitments/{commitment.pk}/",
            {f"c{commitment.pk}-links": "https://evil.example.org"},
        ).status_code
        == 404
    )
    assert (
        client.post(
            f"{wrong_token}commitments/{commitment.pk}/",
            {f"c{commitment.pk}-links": "https://evil.example.org"},
        ).status_code
        == 404
    )
    assert client.get(other_page + "report/").status_code == 404
    assert client.post(wrong_token + "report/", {"attendance_in_person": "1"}).status_code == 404
    assert Commitment.objects.get(pk=commitment.pk).status == "open"
    assert not EventReport.objects.exists()
    assert "Your collaboration with" not in client.get(other_page).content.decode()
