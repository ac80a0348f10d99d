"""The staff side of a collaboration (issue 13): its page, each action through its small
view and the rulebook, overdue items on the staff home, committed vs spent on the
selection page, the timeline in words."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from opencall.applications.models import Application
from opencall.collaborations import selectors, services
from opencall.reviews import services as reviews
from opencall.selection.models import ResourcePool, Spend

pytestmark = pytest.mark.django_db

SLUG = "hot-summit-2022"
NBSP = "\u00a0"


@pytest.fixture
def opened(kenya_collaboration):
    """Kenya accepted with scholarships and content co-design, released: its
    collaboration opens; every due date (2022) is long past."""
    return kenya_collaboration


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _page(collaboration) -> str:
    application = collaboration.application
    return f"/staff/calls/{SLUG}/applications/{application.number}/collaboration/"


def _get(user, path: str) -> str:
    response = _client(user).get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def _post(user, path: str, data: dict) -> str:
    """Post as the page's form would, then read the page the view goes back to."""
    client = _client(user)
    response = client.post(path, data)
    assert response.status_code == 302, (path, response.status_code)
    return client.get(response["Location"]).content.decode()


# The page and who may see it -----------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("hub_esa", {"work"}),
        ("working_group", {"work", "spend", "close"}),
        ("call_admin", {"work", "spend", "close", "close_early"}),
        ("hub_ap", set()),
        ("outsider", set()),
    ],
)
def test_the_rulebook_on_a_collaboration(opened, people, who, allowed):
    user, application = getattr(people, who), opened.application
    names = ("work", "spend", "close", "close_early")
    found = {name for name in names if user.has_perm(f"collaborations.{name}", application)}
    assert found == allowed


def test_the_page_shows_deliverables_commitments_spending_and_what_keeps_it_open(opened, people):
    html = _get(people.call_admin, _page(opened))
    assert "Content co-design: a track" in html
    assert "Community team" in html
    assert "Overdue" in html  # due in 2022, not settled
    assert "Publish the code of conduct" in html
    assert "Not filed yet" in html
    assert f"USD{NBSP}4,000" in html  # committed to scholarships, with its unit
    assert "Still keeps it open:" in html
    assert "Close it early" in html  # a call administrator's button
    assert 'name="deliverable-' in html  # the edit form, owner select included
    assert people.hub_esa.get_username() in html


def test_the_application_page_links_to_the_collaboration(opened, people):
    application = opened.application
    html = _get(people.working_group, f"/staff/calls/{SLUG}/applications/{application.number}/")
    assert '<strong id="status">Collaboration</strong>' in html
    assert _page(opened) in html


@pytest.mark.parametrize("who", ["hub_ap", "outsider", "nobody"])
def test_people_without_a_role_on_the_application_are_refused(opened, people, who):
    client = _client(getattr(people, who))
    assert client.get(_page(opened)).status_code in (403, 404)
    deliverable = opened.deliverables.first()
    response = client.post(
        _page(opened) + f"deliverables/{deliverable.pk}/move/", {"status": "in_progress"}
    )
    assert response.status_code in (403, 404)
    deliverable.refresh_from_db()
    assert deliverable.status == "planned"


def test_an_application_without_a_collaboration_has_no_such_page(opened, people, shortlist):
    manila = shortlist["manila"]
    path = f"/staff/calls/{SLUG}/applications/{manila.number}/collaboration/"
    assert _client(people.call_admin).get(path).status_code == 404


def test_a_conflicted_reviewer_sees_but_cannot_move(opened, people):
    reviews.conflict_declare(
        application=opened.application, user=people.hub_esa, reason="My employer"
    )
    deliverable = opened.deliverables.first()
    html = _get(people.hub_esa, _page(opened))
    assert "Mark “" not in html
    response = _client(people.hub_esa).post(
        _page(opened) + f"deliverables/{deliverable.pk}/move/", {"status": "in_progress"}
    )
    assert response.status_code == 403


# The actions -----------------------------------------------------------------------------


def test_an_owner_moves_a_deliverable_and_a_drop_needs_its_reason(opened, people):
    deliverable = opened.deliverables.get(offer_code="scholarships")
    move = _page(opened) + f"deliverables/{deliverable.pk}/move/"
    html = _post(people.hub_esa, move, {"status": "in_progress"})
    assert "is now “In progress”" in html
    html = _post(people.hub_esa, move, {"status": "dropped", "reason": ""})
    assert "Write why it is dropped." in html
    _post(people.hub_esa, move, {"status": "dropped", "reason": "Nobody applied"})
    deliverable.refresh_from_db()
    assert (deliverable.status, deliverable.drop_reason) == ("dropped", "Nobody applied")
    html = _post(people.hub_esa, move, {"status": "delivered"})
    assert "cannot go from “Dropped” to “Delivered”" in html


def test_editing_a_deliverable_keeps_what_was_typed_when_refused(opened, people):
    deliverable = opened.deliverables.get(offer_code="scholarships")
    key = f"deliverable-{deliverable.pk}"
    edit = _page(opened) + f"deliverables/{deliverable.pk}/"
    html = _post(
        people.hub_esa,
        edit,
        {f"{key}-what": "Ten scholarships for mappers", f"{key}-due_on": "not a date"},
    )
    assert "Enter a valid date." in html
    assert "Ten scholarships for mappers" in html  # typed, kept
    deliverable.refresh_from_db()
    assert deliverable.what != "Ten scholarships for mappers"
    _post(
        people.hub_esa,
        edit,
        {
            f"{key}-what": "Ten scholarships for mappers",
            f"{key}-owner": str(people.hub_esa.pk),
            f"{key}-team": "Community team",
            f"{key}-due_on": "2022-08-20",
            f"{key}-notes": "Ask the hub first",
        },
    )
    deliverable.refresh_from_db()
    assert (deliverable.owner, deliverable.due_on, deliverable.notes) == (
        people.hub_esa,
        dt.date(2022, 8, 20),
        "Ask the hub first",
    )


def test_a_commitment_is_waived_with_a_reason_and_undone(opened, people):
    commitment = opened.commitments.get(kind="virtual_component")
    waive = _page(opened) + f"commitments/{commitment.pk}/waive/"
    html = _post(people.working_group, waive, {"action": "waive", "reason": ""})
    assert "Write why the commitment is waived." in html
    html = _post(people.working_group, waive, {"action": "waive", "reason": "No internet"})
    assert "is waived" in html
    commitment.refresh_from_db()
    assert (commitment.status, commitment.waive_reason) == ("waived", "No internet")
    _post(people.working_group, waive, {"action": "undo"})
    commitment.refresh_from_db()
    assert commitment.status == "open"


def test_spending_is_for_deciders_and_stays_within_the_pool(opened, people, call_2022):
    spend = _page(opened) + "spend/"
    refused = _client(people.hub_esa).post(spend, {"pool": "scholarships_usd", "amount": "1"})
    assert refused.status_code == 403
    html = _post(people.working_group, spend, {"pool": "scholarships_usd", "amount": "3000"})
    assert f"USD{NBSP}3,000" in html
    assert Spend.objects.get(pool__code="scholarships_usd").amount == Decimal(3000)
    pool = ResourcePool.objects.get(call=call_2022, code="scholarships_usd")
    too_much = str(pool.capacity + 1)
    html = _post(people.working_group, spend, {"pool": "scholarships_usd", "amount": too_much})
    assert "Not enough left" in html
    assert f'value="{too_much}"' in html  # what was typed, kept
    assert Spend.objects.get(pool__code="scholarships_usd").amount == Decimal(3000)


def _settle(collaboration, people) -> None:
    for deliverable in collaboration.deliverables.all():
        services.deliverable_move(deliverable=deliverable, status="delivered", user=people.hub_esa)
    for commitment in collaboration.commitments.all():
        services.commitment_answer(commitment=commitment, links=["https://example.org/x"])
    services.report_file(
        collaboration=collaboration,
        attendance_in_person=120,
        attendance_online=300,
        countries=["KE", "UG"],
        scholarships_used=8,
        links=["https://example.org/recordings"],
        worked="The mapping track.",
        differently="Earlier scholarships.",
    )


def test_only_a_call_administrator_closes_early_and_with_a_reason(opened, people):
    close = _page(opened) + "close/"
    html = _post(people.working_group, close, {"reason": "Cancelled"})
    assert "Only a call administrator closes it early." in html
    assert _client(people.hub_esa).post(close, {}).status_code == 403
    html = _post(people.call_admin, close, {"reason": ""})
    assert "Close it early only with a reason." in html
    html = _post(people.call_admin, close, {"reason": "The event was cancelled."})
    assert "The collaboration is closed." in html
    opened.refresh_from_db()
    assert (opened.is_open, opened.close_reason) == (False, "The event was cancelled.")
    assert "collaboration closed early" in html or "Closed early" in html


def test_a_decider_closes_a_settled_collaboration_and_the_report_shows(opened, people):
    _settle(opened, people)
    html = _get(people.working_group, _page(opened))
    assert "Everything is settled and the report is in." in html
    # Nothing recorded as spent: the page says closing gives all of it back.
    assert "Nothing is recorded as spent from Scholarships (USD), Content co-design" in html
    assert "Kenya" in html and "Uganda" in html  # countries by name
    assert 'href="https://example.org/recordings"' in html
    assert "Overdue" not in html
    html = _post(people.working_group, _page(opened) + "close/", {})
    assert "The collaboration is closed." in html
    assert Application.objects.get(pk=opened.application_id).status == "closed"


# The staff home --------------------------------------------------------------------------


def test_overdue_rows_for_the_owner_and_the_deciders(opened, people, call_2022):
    scholarships = opened.deliverables.get(offer_code="scholarships")
    services.deliverable_update(
        deliverable=scholarships, user=people.call_admin, owner=people.hub_ap
    )
    today = dt.date(2022, 9, 1)
    everything = selectors.overdue(call_2022, today)
    assert [(row.kind, row.due_on) for row in everything] == [
        ("deliverable", dt.date(2022, 7, 27)),
        ("commitment", dt.date(2022, 8, 11)),
        ("deliverable", dt.date(2022, 8, 11)),
    ]
    # The owner (a hub manager of another region): their deliverable only.
    mine = selectors.overdue(call_2022, today, user=people.hub_ap)
    assert [(row.kind, row.what) for row in mine] == [("deliverable", scholarships.what)]
    # The Working Group decides on it: every overdue item.
    assert len(selectors.overdue(call_2022, today, user=people.working_group)) == 3
    # Nothing of a closed collaboration.
    services.collaboration_close(collaboration=opened, user=people.call_admin, reason="Over")
    assert selectors.overdue(call_2022, today) == []


def test_the_staff_home_lists_overdue_items_with_a_link(opened, people):
    html = _get(people.working_group, "/staff/")
    assert "collaboration items overdue" in html
    assert _page(opened) in html
    assert "Publish the code of conduct" in html
    assert "Overdue" in html
    assert _page(opened) not in _get(people.hub_ap, "/staff/")


# The selection page and the timeline -----------------------------------------------------


def test_the_selection_page_shows_committed_vs_spent(opened, people, call_2022):
    pool = ResourcePool.objects.get(call=call_2022, code="scholarships_usd")
    services.spending_set(
        collaboration=opened, pool=pool, amount=Decimal(2500), user=people.call_admin
    )
    html = _get(people.working_group, f"/staff/calls/{SLUG}/selection/")
    assert "Committed by final decisions" in html and "In use" in html
    row = html[html.index(f'<th scope="row">{pool.label}</th>') :].split("</tr>")[0]
    assert f"USD{NBSP}4,000" in row  # committed
    assert f"USD{NBSP}2,500" in row  # spent
    assert pool.amount_text(pool.capacity) in row  # capacity


def test_the_timeline_says_each_change_in_words(opened, people, call_2022):
    deliverable = opened.deliverables.get(offer_code="scholarships")
    services.deliverable_move(deliverable=deliverable, status="in_progress", user=people.hub_esa)
    services.deliverable_update(deliverable=deliverable, user=people.hub_esa, notes="Ask first")
    commitment = opened.commitments.get(kind="code_of_conduct")
    services.commitment_answer(commitment=commitment, links=["https://example.org/coc"])
    pool = ResourcePool.objects.get(call=call_2022, code="scholarships_usd")
    services.spending_set(
        collaboration=opened, pool=pool, amount=Decimal(1000), user=people.call_admin
    )
    services.spending_set(
        collaboration=opened, pool=pool, amount=Decimal(1500), user=people.call_admin
    )
    services.collaboration_close(collaboration=opened, user=people.call_admin, reason="Cancelled")
    application = opened.application
    html = _get(people.call_admin, f"/staff/calls/{SLUG}/applications/{application.number}/")
    assert "collaboration opened" in html
    assert "Scholarship programme: Planned → In progress" in html
    assert "Scholarship programme: changed notes" in html
    assert "commitment kept: Publish the code of conduct" in html
    assert f"spent from {pool.label}: USD{NBSP}1,000 → USD{NBSP}1,500" in html
    assert "collaboration closed early" in html
    assert "Cancelled" in html
