"""The offer (issue 17): a released acceptance waits for the applicant to confirm or
decline it by the call's deadline; a decline or an expiry gives its resources back,
and staff see which waitlisted applications now fit."""

import datetime as dt
import threading
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connections, transaction
from django.test import Client

from opencall.applications.co_organisers import co_organiser_add
from opencall.applications.links import co_organiser_token, link_holder, link_token
from opencall.applications.models import Application, ApplicationEvent
from opencall.collaborations.models import Collaboration
from opencall.collaborations.services import offer_confirm_and_open
from opencall.mail.models import OutgoingMail
from opencall.mail.scheduler import mail_tick
from opencall.screening.services import screening_refresh
from opencall.selection import offers, selectors, services
from opencall.selection.models import Decision, ResourcePool, SelectionSettings
from opencall.selection.waitlist import waitlist_fits
from tests.factories import ApplicationFactory
from tests.fixtures.selection import decide, reviewed

pytestmark = pytest.mark.django_db


def _released(application, people, offers_=("sponsorship_funding",)):
    decision = decide(application, people, "accepted", list(offers_))
    services.decisions_release(call=application.call, user=people.call_admin)
    decision.refresh_from_db()
    return decision


def _in_use(call, pool="sponsorship_usd"):
    return selectors.pool_use(call=call).get(pool, selectors.PoolUse()).in_use


def test_release_makes_an_offer_due_at_the_end_of_the_calls_day_and_opens_nothing(
    shortlist, people, call_2022
):
    SelectionSettings.objects.update_or_create(call=call_2022, defaults={"confirm_days": 10})
    decision = _released(shortlist["paris"], people)

    assert decision.answer == Decision.Answer.AWAITED
    local = decision.answer_due.astimezone(ZoneInfo(call_2022.timezone))
    released = decision.released_at.astimezone(ZoneInfo(call_2022.timezone))
    assert local.date() == released.date() + dt.timedelta(days=10)
    assert (local.hour, local.minute, local.second) == (23, 59, 59)
    assert Application.objects.get(pk=shortlist["paris"].pk).status == "notified"
    assert not Collaboration.objects.exists()


def test_a_waitlisted_or_declined_decision_is_no_offer(shortlist, people, call_2022):
    waiting = decide(shortlist["paris"], people, "waitlisted")
    declined = decide(shortlist["manila"], people, "declined")
    services.decisions_release(call=call_2022, user=people.call_admin)
    for decision in (waiting, declined):
        decision.refresh_from_db()
        assert (decision.answer, decision.answer_due) == ("", None)


def test_confirming_opens_the_collaboration_and_is_on_the_timeline(shortlist, people):
    decision = _released(shortlist["paris"], people)

    collaboration = offer_confirm_and_open(decision=decision)

    decision.refresh_from_db()
    assert decision.answer == Decision.Answer.CONFIRMED
    assert collaboration.application_id == shortlist["paris"].pk
    assert Application.objects.get(pk=shortlist["paris"].pk).status == "collaboration"
    event = ApplicationEvent.objects.filter(data__answer="confirmed").get()
    assert (event.actor, event.old, event.new) == ("applicant", "awaited", "confirmed")
    # What it committed still counts.
    assert _in_use(shortlist["paris"].call) == Decimal("5000.00")


def test_an_offer_is_answered_once(shortlist, people):
    decision = _released(shortlist["paris"], people)
    offer_confirm_and_open(decision=decision)
    with pytest.raises(services.SelectionRefused, match="already answered"):
        offers.offer_decline(decision=decision)
    with pytest.raises(services.SelectionRefused, match="already answered"):
        offer_confirm_and_open(decision=decision)


def test_declining_frees_the_resources_closes_the_application_and_is_audited(
    shortlist, people, call_2022
):
    decision = _released(shortlist["paris"], people)
    assert _in_use(call_2022) == Decimal("5000.00")

    freed = offers.offer_decline(decision=decision, reason="  Our dates moved  ")

    assert freed == {"sponsorship_usd": Decimal("5000.00")}
    assert _in_use(call_2022) == Decimal(0)
    decision.refresh_from_db()
    assert decision.answer == Decision.Answer.DECLINED
    assert decision.commitments.count() == 1  # kept as history, no longer counted
    assert Application.objects.get(pk=shortlist["paris"].pk).status == "closed"
    assert not Collaboration.objects.exists()
    event = ApplicationEvent.objects.filter(data__answer="declined").get()
    assert (event.actor, event.reason) == ("applicant", "Our dates moved")
    assert event.data["freed"] == {"sponsorship_usd": "5000.00"}
    # Scenarios leave it out; the public list and the outcome do not count it.
    candidate = next(c for c in selectors.candidates(call=call_2022) if c.decision)
    assert selectors._lock(candidate, {}) == "out"


def test_an_offer_cannot_be_confirmed_after_its_deadline(shortlist, people):
    decision = _released(shortlist["paris"], people)
    later = decision.answer_due + dt.timedelta(seconds=1)
    with pytest.raises(services.SelectionRefused, match="deadline"):
        offers.offer_confirm(decision=decision, now=later)


def test_the_scheduler_expires_offers_past_their_deadline_only(shortlist, people, call_2022):
    decision = _released(shortlist["paris"], people)

    assert offers.offers_expire(now=decision.answer_due) == 0
    done = mail_tick(now=decision.answer_due + dt.timedelta(minutes=1))

    assert done["offers_expired"] == 1
    decision.refresh_from_db()
    assert decision.answer == Decision.Answer.EXPIRED
    assert _in_use(call_2022) == Decimal(0)
    assert Application.objects.get(pk=shortlist["paris"].pk).status == "closed"
    event = ApplicationEvent.objects.filter(data__answer="expired").get()
    assert event.actor == "system"
    assert offers.offers_expire(now=decision.answer_due + dt.timedelta(days=1)) == 0


def test_the_applicant_is_reminded_before_the_deadline_once_per_window(shortlist, people):
    decision = _released(shortlist["paris"], people)
    week_before = decision.answer_due - dt.timedelta(days=6)

    mail_tick(now=decision.answer_due - dt.timedelta(days=8))
    assert not OutgoingMail.objects.filter(key="reminder_offer_answer").exists()
    mail_tick(now=week_before)
    mail_tick(now=week_before + dt.timedelta(hours=1))
    assert OutgoingMail.objects.filter(key="reminder_offer_answer").count() == 1
    mail_tick(now=decision.answer_due - dt.timedelta(hours=3))
    assert OutgoingMail.objects.filter(key="reminder_offer_answer").count() == 2


def test_an_answered_offer_is_not_reminded(shortlist, people):
    decision = _released(shortlist["paris"], people)
    offer_confirm_and_open(decision=decision)
    mail_tick(now=decision.answer_due - dt.timedelta(hours=3))
    assert not OutgoingMail.objects.filter(key="reminder_offer_answer").exists()


# -- the waiting list, checked by hand ----------------------------------------------------


def _waitlisted(call, people, name, amount):
    application = ApplicationFactory(
        call=call,
        status="shortlisted",
        event_name=name,
        country="FR",
        city="Lyon",
        scope="international",
        offers=[{"type": "sponsorship_funding", "amount_usd": str(amount)}],
    )
    screening_refresh(application=application)
    reviewed(application, people.working_group, 70)
    decide(application, people, "waitlisted")
    return application


def test_after_a_decline_the_waitlisted_application_that_fits_is_named(
    shortlist, people, call_2022, django_capture_on_commit_callbacks
):
    # By hand: sponsorship holds 6000. Paris takes 5000, 1000 is left. Lyon asks 4000
    # (lacks 3000), Nice 7000 (lacks 6000). Paris declines: 6000 left. Lyon fits;
    # Nice still lacks 7000 - 6000 = 1000.
    ResourcePool.objects.filter(call=call_2022, code="sponsorship_usd").update(capacity=6000)
    lyon = _waitlisted(call_2022, people, "Lyon Carto", 4000)
    nice = _waitlisted(call_2022, people, "Nice Mapping", 7000)
    decision = _released(shortlist["paris"], people)

    before = {row.candidate.application.pk: row for row in waitlist_fits(call=call_2022)}
    assert before[lyon.pk].fits is None
    assert dict(before[lyon.pk].nearest.short) == {"sponsorship_usd": 3000.0}
    assert dict(before[nice.pk].nearest.short) == {"sponsorship_usd": 6000.0}

    with django_capture_on_commit_callbacks(execute=True):
        offers.offer_decline(decision=decision)

    after = waitlist_fits(call=call_2022)
    assert [row.candidate.application.pk for row in after] == [lyon.pk, nice.pk]
    assert after[0].fits.offers == ("sponsorship_funding",)
    assert after[1].fits is None
    assert dict(after[1].nearest.short) == {"sponsorship_usd": 1000.0}
    # The call administrators are told, with the application that fits.
    mail = OutgoingMail.objects.get(key="offer_freed")
    assert mail.to == people.call_admin.email
    assert f"{lyon.ref} Lyon Carto" in mail.body_text
    assert "Nice Mapping" not in mail.body_text
    assert "declined" in mail.subject


# -- the same lock as decisions (PostgreSQL) -----------------------------------------------


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_decline_waits_for_the_pools_lock_of_decisions(shortlist, people, call_2022):
    decision = _released(shortlist["paris"], people)
    holding, release = threading.Event(), threading.Event()
    order: list[str] = []

    def decider():
        # A sign-off in progress holds the pools' lock (services._locked_pools).
        try:
            with transaction.atomic():
                services._locked_pools(call_2022.pk)
                holding.set()
                release.wait(5)
                order.append("decision")
        finally:
            connections.close_all()

    def applicant():
        try:
            holding.wait(5)
            offers.offer_decline(decision=decision)
            order.append("decline")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decider), threading.Thread(target=applicant)]
    for thread in threads:
        thread.start()
    holding.wait(5)
    threading.Timer(1.0, release.set).start()
    for thread in threads:
        thread.join()

    assert order == ["decision", "decline"]
    assert _in_use(call_2022) == Decimal(0)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_decision_signed_while_an_offer_is_declined_sees_the_freed_resources(
    shortlist, people, call_2022
):
    # 6000 in the pool; Paris holds 5000; Lyon's 4000 fits only once Paris declines.
    ResourcePool.objects.filter(call=call_2022, code="sponsorship_usd").update(capacity=6000)
    paris = _released(shortlist["paris"], people)
    lyon = ApplicationFactory(
        call=call_2022,
        status="shortlisted",
        country="FR",
        offers=[{"type": "sponsorship_funding", "amount_usd": "4000"}],
    )
    screening_refresh(application=lyon)
    proposed = services.decision_propose(
        application=lyon,
        outcome="accepted",
        offers=["sponsorship_funding"],
        reason="A place freed up",
        user=people.working_group,
    )
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def decline():
        try:
            barrier.wait()
            offers.offer_decline(decision=paris)
            outcomes["decline"] = "done"
        finally:
            connections.close_all()

    def sign():
        try:
            barrier.wait()
            services.decision_sign_off(
                decision=proposed, role="working_group", user=people.working_group
            )
            outcomes["sign"] = "final"
        except services.SelectionRefused:
            outcomes["sign"] = "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=decline), threading.Thread(target=sign)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # Whichever ran first, the pool is never overspent, and the decline always frees.
    assert outcomes["decline"] == "done"
    assert _in_use(call_2022) == (Decimal("4000.00") if outcomes["sign"] == "final" else 0)


def test_the_staff_timeline_words_the_answer_and_what_came_back(shortlist, people):
    from opencall.staff import timeline

    paris = shortlist["paris"]
    offers.offer_decline(decision=_released(paris, people))

    changes = {entry.change for entry in timeline.entries(application=paris, show_scores=True)}
    assert (
        "the offer: Declined by the applicant · back in the pools: "
        "Sponsorship and funding (USD): USD\xa05,000"
    ) in changes


def test_the_selection_page_shows_the_answer_and_the_waiting_list_that_now_fits(
    shortlist, people, call_2022
):
    ResourcePool.objects.filter(call=call_2022, code="sponsorship_usd").update(capacity=6000)
    lyon = _waitlisted(call_2022, people, "Lyon Carto", 4000)
    offers.offer_decline(decision=_released(shortlist["paris"], people))
    client = Client()
    client.force_login(people.call_admin)

    html = client.get(f"/staff/calls/{call_2022.slug}/selection/").content.decode()

    assert "Declined by the applicant" in html
    waiting = html.split('id="waiting-heading"', 1)[1].split("</section>", 1)[0]
    row = waiting.split("Lyon Carto", 1)[1].split("</tr>", 1)[0]
    assert "<strong>Yes</strong>" in row and "Sponsorship and funding" in row
    assert lyon.ref in waiting


def test_a_co_organiser_confirms_on_their_own_page_but_only_the_first_contact_declines(
    shortlist, people
):
    application = shortlist["paris"]
    decision = _released(application, people)
    co = co_organiser_add(
        application=application,
        by=link_holder(application, link_token(application)),
        name="Amina Odhiambo",
        email="amina@example.org",
        language="fr",
        wants_mail=False,
    )
    own = f"/a/{application.public_id}/{co_organiser_token(co)}/"
    client = Client()
    page = client.get(own).content.decode()
    assert "Confirm: we accept this support" in page
    assert "Decline the offer" not in page
    assert "Only the first contact of the application can decline the offer." in page

    assert client.post(own + "offer/", {"answer": "decline"}).status_code == 403
    decision.refresh_from_db()
    assert decision.answer == Decision.Answer.AWAITED

    response = client.post(own + "offer/", {"answer": "confirm"})
    assert response.status_code == 302
    assert response["Location"] == own + "#offer"  # their own link, never the main one
    decision.refresh_from_db()
    assert decision.answer == Decision.Answer.CONFIRMED
    entry = ApplicationEvent.objects.filter(application=application, new="confirmed").get()
    assert entry.data["person"] == "Amina Odhiambo"
