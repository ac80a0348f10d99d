"""The data the page walk shows (test_every_page.py): every kind of page filled as in
real use, made through the services and the test factories."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from tests.factories import ApplicationFactory
from tests.fixtures.selection import decide


@dataclass
class Site:
    """The walk's data: the closed 2022 call with a whole selection, its open practice
    copy with an applicant's draft and submission."""

    open: Any
    closed: Any
    people: Any
    draft: Any
    submitted: Any
    kenya: Any  # accepted and told so, the offer confirmed
    offered: Any  # accepted and told so, the offer not answered yet
    manila: Any  # decision proposed, waiting for sign-offs
    paris: Any  # shortlisted, no decision yet
    talk: Any  # in conversation with the team


def _in_window(call) -> dict[str, str]:
    day = call.event_window_end - dt.timedelta(days=30)
    return {"start_date": day.isoformat(), "end_date": (day + dt.timedelta(days=2)).isoformat()}


def _scenario(call, user, name: str, locks: dict[str, str]) -> None:
    from opencall.selection import selectors, services

    params = selectors.default_params(call=call)
    # Few candidates: no hub minimum, so the optimiser has a combination to show.
    params["hubs"] = {hub: {"min": 0, "max": bound["max"]} for hub, bound in params["hubs"].items()}
    params["locks"] = locks
    scenario = services.scenario_create(call=call, name=name, params=params, user=user)
    scenario = services.scenario_run(scenario=scenario)
    assert scenario.state == "done", scenario.error  # the page compares results, not errors


def _collaboration_under_way(kenya, people) -> None:
    """Kenya's collaboration (opened by the release) halfway: an owner, a deliverable in
    progress and overdue, a commitment of the organiser, money spent, the report filed."""
    from opencall.collaborations import services
    from opencall.collaborations.models import Collaboration, Commitment
    from opencall.selection.models import ResourcePool

    collaboration = Collaboration.objects.get(application=kenya)
    deliverable = collaboration.deliverables.get(offer_code="scholarships")
    services.deliverable_update(
        deliverable=deliverable,
        user=people.call_admin,
        owner=people.hub_esa,
        notes="Twenty grants; the hub picks the mappers with the organisers.",
    )
    services.deliverable_move(deliverable=deliverable, status="in_progress", user=people.hub_esa)
    # A regional event promised only its code of conduct (planned when it applied).
    Commitment.objects.get_or_create(
        collaboration=collaboration,
        kind="code_of_conduct",
        defaults={"due_on": dt.date(2022, 9, 10)},
    )
    pool = ResourcePool.objects.get(call=kenya.call, code="scholarships_usd")
    services.spending_set(
        collaboration=collaboration, pool=pool, amount=Decimal(1500), user=people.call_admin
    )
    services.report_file(
        collaboration=collaboration,
        attendance_in_person=180,
        attendance_online=420,
        countries=["KE", "UG", "TZ", "RW"],
        scholarships_used=18,
        links=["https://example.org/state-of-the-map-kenya/recordings"],
        worked="The mapathon on the second day brought new mappers from three universities.",
        differently="Award the scholarships earlier: visas took six weeks.",
    )


def build_site(call_2022, open_call, people, shortlist) -> Site:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from opencall.conversations import services as conversations
    from opencall.screening.services import screening_refresh
    from opencall.selection import services as selection
    from tests.fixtures.selection import release_and_confirm as release_and_open

    kenya, manila, paris = shortlist["kenya"], shortlist["manila"], shortlist["paris"]
    _scenario(call_2022, people.working_group, "Everything", {})
    _scenario(call_2022, people.working_group, "Without Paris", {paris.ref: "out"})
    decide(kenya, people, "accepted", ["scholarships"], reason="Five priority countries.")
    release_and_open(call=call_2022, user=people.call_admin)
    _collaboration_under_way(kenya, people)
    offered = ApplicationFactory(
        call=call_2022,
        status="shortlisted",
        event_name="Mapathon Lyon",
        country="FR",
        city="Lyon",
        scope="international",
        email="camille@example.org",
        offers=[{"type": "sponsorship_funding", "amount_usd": "3000"}],
    )
    screening_refresh(application=offered)
    decide(offered, people, "accepted", ["sponsorship_funding"], reason="A strong plan.")
    selection.decisions_release(call=call_2022, user=people.call_admin)
    selection.decision_propose(
        application=manila,
        outcome="declined",
        offers=[],
        reason="Another event of the region was chosen.",
        user=people.working_group,
    )
    talk = ApplicationFactory(
        call=call_2022,
        status="in_conversation",
        event_name="Mapping Lusaka",
        country="ZM",
        city="Lusaka",
        email="mwila@example.org",
    )
    conversations.message_to_applicant(
        application=talk, author=people.hub_esa, body="Could we talk on Friday about the venue?"
    )
    conversations.info_request(
        application=talk,
        author=people.hub_esa,
        criterion="PROGRAMME",
        criterion_title="A published programme",
    )
    conversations.reply_from_applicant(
        application=talk, body="Here it is: https://example.org/programme"
    )
    draft = ApplicationFactory(
        call=open_call, status="draft", document=_in_window(open_call), email="draft@example.org"
    )
    submitted = ApplicationFactory(
        call=open_call,
        status="submitted",
        event_name="State of the Map Tanzania",
        country="TZ",
        city="Dar es Salaam",
        document=_in_window(open_call),
        email="neema@example.org",
    )
    screening_refresh(application=submitted)
    # The hub manager of Asia-Pacific has an authenticator: signing in asks for its code.
    TOTPDevice.objects.create(user=people.hub_ap, name="phone", confirmed=True)
    _webhook(call_2022, people, kenya)
    return Site(
        open=open_call,
        closed=call_2022,
        people=people,
        draft=draft,
        submitted=submitted,
        kenya=kenya,
        offered=offered,
        manila=manila,
        paris=paris,
        talk=talk,
    )


def _webhook(call, people, application) -> None:
    """A hook of the 2022 call (made as rows: its address is not resolved) with one
    delivery of each kind the page shows: delivered, waiting, failed."""
    from django.utils import timezone

    from opencall.webhooks.models import Delivery, Webhook, WebhookChange
    from opencall.webhooks.payloads import application_part

    hook = Webhook.objects.create(
        call=call,
        url="https://hooks.example.org/opencall/summit-2022-with-a-rather-long-path",
        events=["application.submitted", "decision.released", "collaboration.updated"],
        secret="whsec_walk",
        description="HOT's website: the list of supported events",
        created_by=people.call_admin,
    )
    WebhookChange.objects.create(
        call=call, webhook=hook, url=hook.url, action="created", user=people.call_admin
    )
    now = timezone.now()
    part = {"application": application_part(application)}
    for number, (status, attempts, error) in enumerate(
        [
            ("delivered", 1, ""),
            ("pending", 2, "HTTP 503 Service Unavailable: come back later"),
            ("failed", 6, "ConnectionRefusedError: [Errno 111] Connection refused"),
        ]
    ):
        Delivery.objects.create(
            webhook=hook,
            event="decision.released",
            event_id=f"walk-{number}",
            payload={"id": f"walk-{number}", "event": "decision.released", **part},
            status=status,
            attempts=attempts,
            last_error=error,
            next_attempt_at=now if status == "pending" else None,
            delivered_at=now if status == "delivered" else None,
        )
