"""Fill a practice call with demo expressions of interest, for newcomers to try.

    manage.py load_demo_applications hot-summit-2022-practice

Only practice copies (`Call.is_practice`) take demo data; a call that already has
the demo applications is left alone. Everything goes through the real services,
outside any outer transaction, so that what they do on commit runs as in
production: screening stores each result and moves the application to "screened",
and the mail app queues the confirmations (to @example.org addresses only). A few eligible
applications are then moved on by the demo working group member and reviewed by
the demo reviewers, when `create_demo_staff` made them: this command creates no
users.

The command is an interface, like a view, so it lives in the staff front end: it
calls the services of screening and reviews as well as those of applications.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from opencall.applications.demo_data import DEMO_EMAILS, DEMOS, WORKING_GROUP, Demo, Review
from opencall.applications.document import ApplicationDocument, Contact, OfferRequest
from opencall.applications.models import Application
from opencall.applications.services import (
    ApplicationClosed,
    application_start,
    application_transition,
)
from opencall.applications.workflow import Role, Status
from opencall.calls.models import Call
from opencall.reviews.models import RubricCriterion
from opencall.reviews.rubric import rubric_for
from opencall.reviews.services import review_save
from opencall.screening.models import ScreeningResult
from opencall.screening.services import application_submit_and_screen

# The 2022 rubric's criteria, in the order of the score tuples below. A call with
# other criteria gets each missing one scored at the review's rounded mean.
RUBRIC = ("community_value", "themes_fit", "priority_reach", "accessibility", "feasibility")
# The way forward from "screened", and why the demo working group takes each step.
PATH = (
    (Status.IN_CONVERSATION, "First call with the organisers: a good overlap with the call."),
    (Status.RESOURCE_CHECK, "Overlap confirmed; checking what HOT can offer."),
    (Status.SHORTLISTED, "The resources look available: shortlisted for the decision."),
)


def _dates(call: Call, demo: Demo) -> tuple[dt.date, dt.date]:
    """Upcoming dates, moved inside the call's event window when they fall outside."""
    length = dt.timedelta(days=demo.days - 1)
    wanted = timezone.now().date() + dt.timedelta(days=demo.starts_in)
    start = max(call.event_window_start, min(wanted, call.event_window_end - length))
    return start, min(start + length, call.event_window_end)


def document_for(call: Call, demo: Demo) -> ApplicationDocument:
    start, end = _dates(call, demo)
    site = f"https://{demo.site}.example.org"
    return ApplicationDocument(
        event_name=demo.event_name,
        format=demo.format,
        start_date=start,
        end_date=end,
        city=demo.city,
        country=demo.country,
        online_only=demo.online_only,
        scope=demo.scope,
        virtual_component=demo.virtual,
        open_publication=demo.open_publication,
        serves_countries=demo.serves,
        programme_url=f"{site}/programme" if demo.programme else None,
        organisation=demo.organisation,
        contacts=tuple(Contact(name=name, email=email) for name, email in demo.contacts),
        registration=demo.registration,
        registration_url=f"{site}/register" if demo.registration == "open" else None,
        code_of_conduct=demo.code_of_conduct,
        code_of_conduct_url=f"{site}/code-of-conduct"
        if demo.code_of_conduct == "in_place"
        else None,
        themes=demo.themes,
        community_value=demo.community_value,
        offers=tuple(
            OfferRequest(
                type=kind,
                details=details,
                amount_usd=None if amount is None else Decimal(amount),
            )
            for kind, details, amount in demo.offers
        ),
        expected_attendance=demo.attendance,
        event_languages=demo.event_languages,
        language=demo.language,
    )


def rubric_scores(criteria: Sequence[RubricCriterion], review: Review) -> dict[str, int]:
    """A score for every criterion of the call's rubric, within its scale."""
    given = dict(zip(RUBRIC, review.scores, strict=True))
    fallback = round(sum(review.scores) / len(review.scores))
    return {
        c.code: min(max(given.get(c.code, fallback), c.scale_min), c.scale_max) for c in criteria
    }


class Command(BaseCommand):
    help = "Fill a practice call with demo expressions of interest, screened, moved and reviewed."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="a practice call's slug, e.g. hot-summit-2022-practice")

    # No @transaction.atomic: each service commits on its own, so that screening
    # and mail run after each one as they do in production.
    def handle(self, *args, slug: str, **options):
        call = self._practice_call(slug)
        existing = Application.objects.filter(call=call, email__in=DEMO_EMAILS).count()
        if existing:
            self.stdout.write(f"{slug} has {existing} demo applications already: nothing to do.")
            return
        if not call.is_open():
            raise CommandError(
                f"'{slug}' is not open: load it again with load_call FILE --practice to reopen it"
            )
        users = self._demo_users()
        applications = [self._submit(call, demo) for demo in DEMOS]
        for application, demo in zip(applications, DEMOS, strict=True):
            self._move(application, demo, users.get(WORKING_GROUP))
        reviews = self._review(call, applications, users)
        self._summary(call, applications, reviews, users)

    def _practice_call(self, slug: str) -> Call:
        call = Call.objects.filter(slug=slug).first()
        if call is None:
            raise CommandError(f"no call '{slug}': load it first (manage.py load_call --practice)")
        if not call.is_practice:
            raise CommandError(
                f"'{slug}' is a real call, not a practice copy: demo applications go only "
                "into practice copies (manage.py load_call FILE --practice)"
            )
        return call

    def _demo_users(self) -> dict[str, Any]:
        names = {WORKING_GROUP} | {name for demo in DEMOS for name in demo.reviews}
        return {u.username: u for u in get_user_model().objects.filter(username__in=names)}

    def _submit(self, call: Call, demo: Demo) -> Application:
        try:
            draft, _created = application_start(
                call=call, form_key=uuid.uuid4(), document=document_for(call, demo)
            )
            application_submit_and_screen(application=draft)
        except ApplicationClosed as exc:
            raise CommandError(str(exc)) from exc
        # Screening ran on commit and moved it to "screened".
        return Application.objects.get(pk=draft.pk)

    def _move(self, application: Application, demo: Demo, user: Any) -> None:
        verdict = _verdict(application)
        if demo.stage == Status.SCREENED:
            return
        if application.status != Status.SCREENED or verdict != "eligible":
            self.stderr.write(
                f"{application.ref} is {application.status} and {verdict or 'not screened'}: "
                "left where it is"
            )
            return
        for target, reason in PATH:
            application = application_transition(
                application=application,
                target=target,
                role=Role.WORKING_GROUP,
                user=user,
                reason=reason,
            )
            if target == demo.stage:
                return

    def _review(
        self, call: Call, applications: list[Application], users: dict[str, Any]
    ) -> Counter[str]:
        criteria = rubric_for(call=call)
        done: Counter[str] = Counter()
        if not criteria:
            return done
        for application, demo in zip(applications, DEMOS, strict=True):
            application.refresh_from_db()
            if application.status != demo.stage:
                continue  # not moved on: its reviews would not be demo-like
            for username, review in demo.reviews.items():
                reviewer = users.get(username)
                if reviewer is None:
                    continue
                review_save(
                    application=application,
                    reviewer=reviewer,
                    scores=rubric_scores(criteria, review),
                    comment=review.comment,
                    submit=True,
                )
                done[username] += 1
        return done

    def _summary(
        self,
        call: Call,
        applications: list[Application],
        reviews: Counter[str],
        users: dict[str, Any],
    ) -> None:
        ids = [application.pk for application in applications]
        verdicts = Counter(
            ScreeningResult.objects.filter(application_id__in=ids).values_list("verdict", flat=True)
        )
        statuses = Counter(Application.objects.filter(pk__in=ids).values_list("status", flat=True))
        self.stdout.write(f"{len(applications)} demo applications submitted to {call.slug}")
        self.stdout.write(
            "  screening: "
            + ", ".join(
                f"{verdicts[v]} {v.replace('_', ' ')}"
                for v in ("eligible", "ineligible", "needs_review")
            )
        )
        self.stdout.write(
            "  status: "
            + ", ".join(f"{statuses[s]} {s.replace('_', ' ')}" for s in Status if statuses[s])
        )
        if reviews:
            by = ", ".join(f"{name} {count}" for name, count in sorted(reviews.items()))
            self.stdout.write(f"  submitted reviews: {sum(reviews.values())} ({by})")
        if WORKING_GROUP not in users:
            self.stdout.write(
                f"  no demo staff: moves are unsigned and nothing is reviewed "
                f"(manage.py create_demo_staff {call.slug} first, on a fresh practice copy)"
            )
        self.stdout.write(f"  the queue: /staff/calls/{call.slug}/")


def _verdict(application: Application) -> str:
    return (
        ScreeningResult.objects.filter(application=application)
        .values_list("verdict", flat=True)
        .first()
        or ""
    )
