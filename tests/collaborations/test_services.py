"""The collaboration after the release (issue 13): opened with its deliverables and
commitments, moved through its tables, spending kept within the pools, closed."""

import datetime as dt
from decimal import Decimal

import pytest

from opencall.applications.models import Application
from opencall.collaborations import services
from opencall.collaborations.defaults import DefaultsError, parse_defaults
from opencall.selection import selectors as selection_selectors
from opencall.selection.models import Decision, ResourcePool
from opencall.staff.loading import call_export_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(kenya_collaboration):
    """Kenya accepted with scholarships and content co-design, released: its
    collaboration opens (tests/fixtures/collaboration_organiser.py)."""
    return kenya_collaboration


def test_the_release_opens_a_collaboration_with_deliverables_and_commitments(opened):
    application = Application.objects.get(pk=opened.application_id)
    assert application.status == "collaboration"
    deliverables = {d.offer_code: d for d in opened.deliverables.all()}
    # Due dates relative to the first day (10 Sept), from the call file's defaults.
    assert deliverables["scholarships"].due_on == dt.date(2022, 8, 11)
    assert deliverables["scholarships"].team == "Community team"
    assert deliverables["content_codesign"].due_on == dt.date(2022, 7, 27)
    assert deliverables["content_codesign"].what.startswith("Content co-design: a track")
    commitments = {c.kind: c.due_on for c in opened.commitments.all()}
    assert commitments == {
        "code_of_conduct": dt.date(2022, 8, 11),
        "virtual_component": dt.date(2022, 9, 3),
        "open_content": dt.date(2022, 10, 12),
    }
    kinds = list(application.events.values_list("kind", "new"))
    assert ("collaboration", "opened") in kinds


def test_deliverables_move_through_their_table_and_a_drop_needs_a_reason(opened, people):
    deliverable = opened.deliverables.get(offer_code="scholarships")
    services.deliverable_move(deliverable=deliverable, status="in_progress", user=people.hub_esa)
    with pytest.raises(services.CollaborationRefused, match="Write why it is dropped"):
        services.deliverable_move(deliverable=deliverable, status="dropped", user=people.hub_esa)
    services.deliverable_move(
        deliverable=deliverable, status="dropped", user=people.hub_esa, reason="No applicants"
    )
    with pytest.raises(services.CollaborationRefused, match="cannot go from"):
        services.deliverable_move(deliverable=deliverable, status="delivered", user=people.hub_esa)
    deliverable.refresh_from_db()
    assert (deliverable.status, deliverable.drop_reason) == ("dropped", "No applicants")


def test_the_organiser_answers_a_commitment_with_links_checked(opened):
    commitment = opened.commitments.get(kind="open_content")
    with pytest.raises(services.CollaborationRefused, match="full web addresses"):
        services.commitment_answer(commitment=commitment, links=["our website"])
    services.commitment_answer(commitment=commitment, links=["https://example.org/videos", ""])
    commitment.refresh_from_db()
    assert (commitment.status, commitment.links) == ("kept", ["https://example.org/videos"])


def test_spending_never_takes_a_pool_beyond_its_capacity(opened, people, call_2022):
    pool = ResourcePool.objects.get(call=call_2022, code="scholarships_usd")
    pool.capacity = Decimal(5000)
    pool.save()
    # Committed 4,000: spending 4,500 holds 4,500; 5,500 would exceed the pool.
    services.spending_set(
        collaboration=opened, pool=pool, amount=Decimal(4500), user=people.call_admin
    )
    use = selection_selectors.pool_use(call=call_2022)["scholarships_usd"]
    assert (use.committed, use.spent, use.in_use) == (Decimal(4000), Decimal(4500), Decimal(4500))
    with pytest.raises(services.CollaborationRefused, match="Not enough left"):
        services.spending_set(
            collaboration=opened, pool=pool, amount=Decimal(5500), user=people.call_admin
        )
    with pytest.raises(services.CollaborationRefused, match="cannot be negative"):
        services.spending_set(
            collaboration=opened, pool=pool, amount=Decimal(-1), user=people.call_admin
        )


def test_closing_needs_everything_settled_or_a_reason_and_returns_what_was_not_spent(
    opened, people, call_2022
):
    pool = ResourcePool.objects.get(call=call_2022, code="scholarships_usd")
    services.spending_set(
        collaboration=opened, pool=pool, amount=Decimal(3000), user=people.call_admin
    )
    with pytest.raises(services.CollaborationRefused, match="Still open"):
        services.collaboration_close(collaboration=opened, user=people.call_admin)
    for deliverable in opened.deliverables.all():
        services.deliverable_move(deliverable=deliverable, status="delivered", user=people.hub_esa)
    for commitment in opened.commitments.all():
        services.commitment_answer(commitment=commitment, links=["https://example.org/x"])
    services.report_file(
        collaboration=opened,
        attendance_in_person=120,
        attendance_online=300,
        countries=["KE", "UG"],
        scholarships_used=8,
        links=["https://example.org/recordings"],
        worked="The mapping track.",
        differently="Earlier scholarships.",
    )
    assert services.unsettled(opened) == []
    before = selection_selectors.pool_use(call=call_2022)["scholarships_usd"].in_use
    services.collaboration_close(collaboration=opened, user=people.call_admin)
    assert before == Decimal(4000)
    use = selection_selectors.pool_use(call=call_2022)["scholarships_usd"]
    assert use.in_use == Decimal(3000)  # the 1,000 not spent is back in the pool
    assert Application.objects.get(pk=opened.application_id).status == "closed"
    assert Decision.objects.get(application_id=opened.application_id).spending_closed_at


def test_a_call_administrator_closes_early_with_a_reason(opened, people):
    services.collaboration_close(
        collaboration=opened, user=people.call_admin, reason="The event was cancelled."
    )
    opened.refresh_from_db()
    assert opened.close_reason == "The event was cancelled."
    with pytest.raises(services.CollaborationRefused, match="closed"):
        services.commitment_answer(
            commitment=opened.commitments.first(), links=["https://example.org"]
        )


def test_the_call_file_carries_the_deliverable_defaults_and_export_writes_them_back(call_2022):
    section = call_export_all(call=call_2022)["collaboration"]
    assert section["deliverables"]["scholarships"] == {
        "due_days_before": 30,
        "team": "Community team",
    }
    assert section["commitments"]["open_content"] == {"due_days_after": 30}
    offers = frozenset(call_2022.offers.values_list("code", flat=True))
    assert parse_defaults(section, offers=offers).as_data() == section


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"deliverables": {"catering": {"due_days_before": 3}}}, "'catering' is not an offer"),
        ({"deliverables": {"editorial": {"due_days_before": -3}}}, "from 0 to 365"),
        ({"deliverables": {"editorial": {}}}, "give one of due_days_before"),
        ({"commitments": {"tickets": {"due_days_after": 3}}}, "'tickets' is not one of"),
        ({"colour": 1}, "unknown key(s) colour"),
    ],
)
def test_bad_collaboration_defaults_name_the_key(section, message):
    with pytest.raises(DefaultsError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_defaults(section, offers=frozenset({"editorial"}))
