"""Decisions, sign-offs, committed resources and their release (issue 5)."""

import threading
from decimal import Decimal

import pytest
from django.db import connections
from django.utils import translation

from opencall.applications.models import Application
from opencall.selection import services
from opencall.selection.models import Commitment, Decision, ResourcePool
from opencall.staff import timeline
from tests.fixtures.selection import decide

pytestmark = pytest.mark.django_db


def _accept(application, people, offers, reason="Strong regional programme"):
    return services.decision_propose(
        application=application,
        outcome="accepted",
        offers=offers,
        reason=reason,
        user=people.working_group,
    )


def test_a_decision_is_final_only_with_the_working_group_and_the_hubs_sign_off(shortlist, people):
    kenya = shortlist["kenya"]
    decision = _accept(kenya, people, ["scholarships"])
    services.decision_sign_off(decision=decision, role="working_group", user=people.working_group)
    decision.refresh_from_db()
    assert decision.final_at is None
    assert Application.objects.get(pk=kenya.pk).status == "shortlisted"

    services.decision_sign_off(decision=decision, role="hub_manager", user=people.hub_esa)

    decision.refresh_from_db()
    assert decision.final_at is not None
    assert Application.objects.get(pk=kenya.pk).status == "accepted"
    assert list(decision.commitments.values_list("pool__code", "amount")) == [
        ("scholarships_usd", Decimal("4000.00"))
    ]


def test_the_timeline_words_decisions_in_the_readers_language(shortlist, people):
    kenya = shortlist["kenya"]
    decision = _accept(kenya, people, ["scholarships"])
    services.decision_sign_off(decision=decision, role="working_group", user=people.working_group)

    def changes() -> list[str]:
        return [entry.change for entry in timeline.entries(application=kenya, show_scores=True)]

    assert {"proposed: Accepted, with Scholarship programme", "signed off as Working group"} <= set(
        changes()
    )
    with translation.override("fr"):
        french = set(changes())
    assert {
        "proposée\xa0: Acceptée, avec Programme de bourses",
        "validée (Groupe de travail)",
    } <= (french)


def test_an_event_without_a_hub_needs_only_the_working_group(shortlist, people):
    paris = shortlist["paris"]
    decision = services.decision_propose(
        application=paris,
        outcome="declined",
        offers=[],
        reason="Outside HOT's regions",
        user=people.working_group,
    )
    assert services.required_sign_offs(paris) == {"working_group"}
    services.decision_sign_off(decision=decision, role="working_group", user=people.working_group)
    assert Application.objects.get(pk=paris.pk).status == "declined"
    assert not Commitment.objects.exists()


def test_changing_a_proposed_decision_withdraws_its_sign_offs(shortlist, people):
    kenya = shortlist["kenya"]
    decision = _accept(kenya, people, ["scholarships"])
    services.decision_sign_off(decision=decision, role="working_group", user=people.working_group)
    decision = _accept(kenya, people, ["scholarships", "content_codesign"], reason="Both")
    assert decision.sign_offs.count() == 0
    assert decision.offers == ["content_codesign", "scholarships"]


@pytest.mark.parametrize(
    ("outcome", "offers", "reason", "message"),
    [
        ("accepted", [], "fine", "at least one offer"),
        ("accepted", ["logistics"], "fine", "Not requested by this application: logistics"),
        ("declined", [], "  ", "Write the reason"),
        ("maybe", [], "fine", "Choose accepted, waitlisted or declined"),
    ],
)
def test_a_wrong_decision_is_refused_with_a_message(
    shortlist, people, outcome, offers, reason, message
):
    with pytest.raises(services.SelectionRefused, match=message):
        services.decision_propose(
            application=shortlist["kenya"],
            outcome=outcome,
            offers=offers,
            reason=reason,
            user=people.working_group,
        )
    assert not Decision.objects.exists()


def test_a_decision_that_would_overspend_a_pool_is_refused(shortlist, people, call_2022):
    ResourcePool.objects.filter(call=call_2022, code="scholarships_usd").update(capacity=3000)
    decision = _accept(shortlist["kenya"], people, ["scholarships"])
    services.decision_sign_off(decision=decision, role="working_group", user=people.working_group)
    with pytest.raises(services.SelectionRefused, match="Not enough left"):
        services.decision_sign_off(decision=decision, role="hub_manager", user=people.hub_esa)
    decision.refresh_from_db()
    assert decision.final_at is None
    assert not Commitment.objects.exists()


def test_the_call_administrator_releases_final_decisions_to_notified(shortlist, people, call_2022):
    decision = _accept(shortlist["kenya"], people, ["scholarships"])
    services.decision_sign_off(decision=decision, role="working_group", user=people.working_group)
    services.decision_sign_off(decision=decision, role="hub_manager", user=people.hub_esa)
    _accept(shortlist["manila"], people, ["editorial"])  # not final: stays

    assert services.decisions_release(call=call_2022, user=people.call_admin) == 1

    assert Application.objects.get(pk=shortlist["kenya"].pk).status == "notified"
    assert Application.objects.get(pk=shortlist["manila"].pk).status == "shortlisted"
    assert services.decisions_release(call=call_2022, user=people.call_admin) == 0


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_deciders_at_once_cannot_overspend_a_pool(shortlist, people, call_2022):
    # Each decision fits alone (4000 of 6000), both together do not.
    ResourcePool.objects.filter(call=call_2022, code="scholarships_usd").update(capacity=6000)
    other = shortlist["manila"]
    other.document = {**other.document, "offers": [{"type": "scholarships", "amount_usd": "4000"}]}
    other.save()
    first = _accept(shortlist["kenya"], people, ["scholarships"])
    second = _accept(other, people, ["scholarships"])
    for decision in (first, second):
        services.decision_sign_off(
            decision=decision, role="working_group", user=people.working_group
        )

    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def sign(decision, user):
        try:
            barrier.wait()
            services.decision_sign_off(decision=decision, role="hub_manager", user=user)
            outcomes.append("final")
        except services.SelectionRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=sign, args=(first, people.hub_esa)),
        threading.Thread(target=sign, args=(second, people.hub_ap)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["final", "refused"]
    total = sum(Commitment.objects.values_list("amount", flat=True))
    assert total == Decimal("4000.00")


def test_a_waitlist_stays_one_once_released_and_is_accepted_when_a_place_frees_up(
    shortlist, people, call_2022
):
    paris = shortlist["paris"]
    decision = decide(paris, people, "waitlisted", reason="Good, but the money is spent")
    assert services.decisions_release(call=call_2022, user=people.call_admin) == 1
    decision.refresh_from_db()
    assert decision.released_at is not None
    assert Application.objects.get(pk=paris.pk).status == "waitlisted"

    decision = services.decision_propose(
        application=paris,
        outcome="accepted",
        offers=["sponsorship_funding"],
        reason="A sponsorship was returned",
        user=people.working_group,
    )
    assert (decision.final_at, decision.released_at) == (None, None)
    services.decision_sign_off(decision=decision, role="working_group", user=people.working_group)
    assert Application.objects.get(pk=paris.pk).status == "accepted"
    assert list(decision.commitments.values_list("pool__code", "amount")) == [
        ("sponsorship_usd", Decimal("5000.00"))
    ]
    assert services.decisions_release(call=call_2022, user=people.call_admin) == 1
    assert Application.objects.get(pk=paris.pk).status == "notified"


def test_an_accepted_decision_cannot_be_proposed_again(shortlist, people):
    paris = shortlist["paris"]
    decision = _accept(paris, people, ["sponsorship_funding"])
    services.decision_sign_off(decision=decision, role="working_group", user=people.working_group)
    with pytest.raises(services.SelectionRefused):
        services.decision_propose(
            application=paris,
            outcome="declined",
            offers=[],
            reason="changed our mind",
            user=people.working_group,
        )


def test_the_applicant_reads_a_decision_only_once_it_is_released(
    client, shortlist, people, call_2022
):
    from opencall.applications.links import private_path

    kenya, paris = shortlist["kenya"], shortlist["paris"]

    def status(application) -> str:
        page = client.get(private_path(application)).content.decode()
        return page.split("Status:", 1)[1].split("</span>", 1)[1].split("</h2>", 1)[0].strip()

    assert status(kenya) == "Under review"  # shortlisted: an internal step
    decide(kenya, people, "accepted", ["scholarships"])
    decide(paris, people, "waitlisted", reason="Money spent")
    assert (status(kenya), status(paris)) == ("Under review", "Under review")

    services.decisions_release(call=call_2022, user=people.call_admin)
    assert (status(kenya), status(paris)) == ("Accepted", "On the waiting list")

    # Staff decide again; the applicant still reads what they were told.
    decide(paris, people, "accepted", ["sponsorship_funding"], reason="A place freed up")
    assert status(paris) == "On the waiting list"
    services.decisions_release(call=call_2022, user=people.call_admin)
    assert status(paris) == "Accepted"


def test_the_internal_note_stays_with_the_team(
    client, shortlist, people, call_2022, django_capture_on_commit_callbacks
):
    from opencall.applications.links import private_path
    from opencall.mail.models import OutgoingMail

    kenya = shortlist["kenya"]
    with django_capture_on_commit_callbacks(execute=True):
        decide(
            kenya,
            people,
            "accepted",
            ["scholarships"],
            reason="A strong regional programme.",
            internal_note="Budget is tight: check the scholarship count in July.",
        )
        services.decisions_release(call=call_2022, user=people.call_admin)

    mail = OutgoingMail.objects.get(application=kenya, key="decision_accepted")
    assert "A strong regional programme." in mail.body_text
    assert "Budget is tight" not in mail.body_text
    assert "Budget is tight" not in client.get(private_path(kenya)).content.decode()

    client.force_login(people.working_group)
    base = f"/staff/calls/{call_2022.slug}/applications/{kenya.number}/"
    assert "Budget is tight" in client.get(base + "decision/").content.decode()
    assert "internal note: Budget is tight" in client.get(base).content.decode()
