"""A blind review: the call hides the applicant's names and contacts from reviewers
until their own review is in (or the application is decided); the event and its
organisation stay visible; call administrators and the hub manager of the event's
region always see them (docs/reviewing.md, "Blind review")."""

import pytest

from opencall.accounts.blind import applicant_hidden_for, document_for
from opencall.accounts.selectors import applicants_seen, forget
from opencall.accounts.services import review_settings_install
from opencall.applications.co_organisers import co_organiser_add
from opencall.applications.links import link_holder, link_token
from opencall.applications.models import Actor, Application, ApplicationEvent
from opencall.conversations import services as conversations
from opencall.reviews import services as reviews
from opencall.screening.services import screening_refresh
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

NAME = "Wanjiru Kamau"
EMAIL = "wanjiru.kamau@example.org"
HIDDEN = "Hidden until your review is in"
PAGE = "/staff/calls/hot-summit-2022/applications/{}/"
QUEUE = "/staff/calls/hot-summit-2022/"
API = "/api/v1/staff/calls/hot-summit-2022/applications"
SCORES = {
    "community_value": 4,
    "themes_fit": 4,
    "priority_reach": 4,
    "accessibility": 4,
    "feasibility": 4,
}


@pytest.fixture
def blind_call(call_2022):
    review_settings_install(call=call_2022, section={"blind": True})
    return call_2022


@pytest.fixture
def named(call_2022, staff):
    """A screened application in Kenya whose contact's name and address appear in the
    conversation, a staff note, the screening's reasons and the timeline."""
    application = ApplicationFactory(call=call_2022, contact_name=NAME, email=EMAIL)
    screening_refresh(application=application)  # TEAM: "HOT's contact is <address>"
    conversations.message_to_applicant(
        application=application, author=staff.call_admin, body="Dear Wanjiru, thank you."
    )
    conversations.reply_from_applicant(
        application=application, body=f"Happy to talk.\n{NAME} ({EMAIL})"
    )
    reviews.note_add(application=application, author=staff.call_admin, body=f"Called {NAME}.")
    ApplicationEvent.objects.create(
        application=application,
        kind=ApplicationEvent.Kind.MAIL,
        actor=Actor.SYSTEM,
        new="submitted: failed",
        reason=f"550 {EMAIL}: mailbox full",
    )
    return Application.objects.get(pk=application.pk)


def _leaks(text: str) -> list[str]:
    lowered = text.lower()
    return [value for value in ("wanjiru", "kamau", EMAIL) if value in lowered]


def _everything(client, bearer, user, application) -> dict[str, str]:
    """Every page and answer where a reviewer reads this application."""
    client.force_login(user)
    page = PAGE.format(application.number)
    headers = bearer(user)
    return {
        "page": client.get(page).content.decode(),
        "screening": client.get(page + "screening/").content.decode(),
        "queue": client.get(QUEUE).content.decode(),
        "api list": client.get(API, headers=headers).content.decode(),
        "api detail": client.get(f"{API}/{application.number}", headers=headers).content.decode(),
    }


def _submit_review(application, reviewer) -> None:
    reviews.review_save(
        application=application, reviewer=reviewer, scores=SCORES, comment="", submit=True
    )


def test_a_reviewer_of_a_blind_call_reads_no_name_or_address_anywhere(
    client, bearer, staff, blind_call, named
):
    seen = _everything(client, bearer, staff.working_group, named)
    assert {where: _leaks(text) for where, text in seen.items()} == {key: [] for key in seen}
    # The event and its organisation are what is judged: they stay.
    for where in ("page", "screening", "api detail"):
        assert "State of the Map Kenya" in seen[where]
    assert "OpenStreetMap Kenya" in seen["page"]
    # Hidden values say so in words.
    assert f'<dd id="contacts"><span class="hint">{HIDDEN}</span></dd>' in seen["page"]
    assert "Blind review: the applicant's names and contacts are hidden" in seen["page"]
    assert "Happy to talk.<br>[hidden] ([hidden])" in seen["page"]
    assert "HOT&#x27;s contact is [hidden]." in seen["page"]


def test_the_api_says_the_applicant_is_hidden_and_leaves_the_contacts_out(
    client, bearer, staff, blind_call, named
):
    data = client.get(f"{API}/{named.number}", headers=bearer(staff.working_group)).json()
    assert (data["applicant_hidden"], data["applicant_hidden_reason"]) == (True, HIDDEN)
    assert data["document"]["contacts"] == []
    assert data["document"]["organisation"] == "OpenStreetMap Kenya"


def test_the_reviewer_sees_them_once_their_own_review_is_in(
    client, bearer, staff, blind_call, named
):
    _submit_review(named, staff.working_group)
    seen = _everything(client, bearer, staff.working_group, named)
    assert f"{NAME} · {EMAIL}" in seen["page"]
    assert "Happy to talk.<br>Wanjiru Kamau (wanjiru.kamau@example.org)" in seen["page"]
    assert "Blind review" not in seen["page"]
    assert client.get(f"{API}/{named.number}", headers=bearer(staff.working_group)).json()[
        "document"
    ]["contacts"] == [{"name": NAME, "email": EMAIL}]


def test_another_reviewers_review_does_not_open_it(client, bearer, staff, blind_call, named):
    _submit_review(named, staff.call_admin)
    seen = _everything(client, bearer, staff.working_group, named)
    assert _leaks(seen["page"]) == []


@pytest.mark.parametrize("who", ["call_admin", "site_admin", "hub_esa"])
def test_call_administrators_and_the_hub_manager_of_the_region_always_see_them(
    client, bearer, staff, blind_call, named, who
):
    seen = _everything(client, bearer, getattr(staff, who), named)
    assert f"{NAME} · {EMAIL}" in seen["page"]
    assert "Blind review" not in seen["page"]
    detail = client.get(f"{API}/{named.number}", headers=bearer(getattr(staff, who))).json()
    assert detail["applicant_hidden"] is False
    assert detail["document"]["contacts"] == [{"name": NAME, "email": EMAIL}]


def test_a_hub_manager_of_another_region_it_is_shared_with_reviews_blind(
    client, bearer, staff, blind_call, named
):
    reviews.share_add(application=named, user=staff.hub_ap, by=staff.call_admin)
    seen = _everything(client, bearer, staff.hub_ap, named)
    assert "State of the Map Kenya" in seen["page"]
    assert _leaks(seen["page"]) == [] and _leaks(seen["api detail"]) == []


@pytest.mark.parametrize("status", ["accepted", "declined", "notified"])
def test_once_the_application_is_decided_every_member_sees_the_applicant(staff, blind_call, status):
    application = ApplicationFactory(call=blind_call, status=status)
    assert not applicant_hidden_for(user=staff.working_group, application=application)


def test_a_call_without_blind_review_is_unchanged(client, bearer, staff, named):
    seen = _everything(client, bearer, staff.working_group, named)
    assert f"{NAME} · {EMAIL}" in seen["page"]
    assert "Happy to talk.<br>Wanjiru Kamau" in seen["page"]
    assert "Blind review" not in seen["page"] and HIDDEN not in seen["page"]
    assert EMAIL in seen["api detail"]


def test_the_queue_search_by_address_does_not_tell_a_blind_reviewer_who_applied(
    client, staff, blind_call, named
):
    def found(user) -> bool:
        client.force_login(user)
        return named.event_name in client.get(QUEUE, {"q": "wanjiru.kamau"}).content.decode()

    assert (found(staff.working_group), found(staff.call_admin), found(staff.hub_esa)) == (
        False,
        True,
        True,
    )
    _submit_review(named, staff.working_group)
    forget(staff.working_group)
    assert found(staff.working_group)


def test_the_queue_filter_agrees_with_the_rulebook(staff, blind_call):
    """selectors.applicants_seen is the rule `applications.see_applicant` as a filter."""
    applications = [
        ApplicationFactory(call=blind_call),  # Kenya: the ESA hub
        ApplicationFactory(call=blind_call, country="PH", city="Manila"),  # AP
        ApplicationFactory(call=blind_call, country="PH", city="Manila", status="accepted"),
        ApplicationFactory(call=blind_call, country="FR", city="Paris"),  # no hub
    ]
    reviews.assignment_add(application=applications[3], reviewer=staff.hub_esa, by=staff.call_admin)
    _submit_review(applications[3], staff.hub_esa)  # assigned outside their region
    _submit_review(applications[1], staff.working_group)
    expected = {
        staff.working_group: {1, 2},  # their review; decided
        staff.hub_esa: {0, 3},  # their region; their review (the others they cannot see)
        staff.hub_ap: {1, 2},  # their region
        staff.call_admin: {0, 1, 2, 3},
    }
    for user, positions in expected.items():
        forget(user)
        seen = applicants_seen(user=user, call=blind_call)
        matching = Application.objects.filter(pk__in=[a.pk for a in applications])
        if seen is not None:
            matching = matching.filter(seen)
        by_filter = set(matching.values_list("pk", flat=True))
        by_rule = {
            a.pk
            for a in applications
            if user.has_perm("applications.view", a)
            and not applicant_hidden_for(user=user, application=a)
        }
        visible = {a.pk for a in applications if user.has_perm("applications.view", a)}
        assert by_rule == {applications[i].pk for i in positions}, user.username
        assert by_filter & visible == by_rule, user.username


def test_a_document_for_an_export_reads_hidden_in_words(staff, blind_call, named):
    document = document_for(user=staff.working_group, application=named)
    assert document["contacts"] == [{"name": HIDDEN, "email": HIDDEN}]
    assert document["event_name"] == "State of the Map Kenya"
    assert document["organisation"] == "OpenStreetMap Kenya"
    left_out = document_for(user=staff.working_group, application=named, words=False)
    assert left_out["contacts"] == []
    assert document_for(user=staff.call_admin, application=named) == named.document


# Co-organisers are contacts too (docs/co-organisers.md).


@pytest.fixture
def shared(named):
    co_organiser_add(
        application=named,
        by=link_holder(named, link_token(named)),
        name="Amina Odhiambo",
        email="amina.o@example.org",
        language="en",
        wants_mail=True,
    )
    conversations.reply_from_applicant(
        application=named, body="The venue is booked.", person="Amina Odhiambo"
    )
    return named


def _page(client, user, application) -> str:
    client.force_login(user)
    return client.get(PAGE.format(application.number)).content.decode()


def test_a_blind_reviewer_reads_no_co_organiser_name_or_address(client, staff, blind_call, shared):
    page = _page(client, staff.working_group, shared)

    for value in ("amina", "odhiambo", "amina.o@example.org"):
        assert value not in page.lower()
    assert '<dd id="co-organisers">' not in page


def test_a_call_administrator_reads_who_they_are_and_what_they_did(
    client, staff, blind_call, shared
):
    page = _page(client, staff.call_admin, shared)

    assert "Amina Odhiambo · amina.o@example.org" in page
    assert "link given to Amina Odhiambo" in page
    assert "Amina Odhiambo (applicant)" in page
