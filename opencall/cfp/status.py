"""What the applicant's private page says of where their application is: one message
per status, saying what it means and what happens next, and what was granted once an
acceptance is released.

The heading is the status as the applicant reads it everywhere
(`workflow.applicant_status_label`): decisions stay "under review" until the call
administrator releases them together.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from opencall.applications.document import ApplicationDocument
from opencall.applications.late import has_closed_for
from opencall.applications.models import Application
from opencall.applications.workflow import Status
from opencall.calls.texts import moment_in_words
from opencall.core.rows import read_with
from opencall.selection.amounts import USD, amount_text
from opencall.selection.models import Commitment, Decision, OfferCost

REVIEWING = frozenset(
    {
        Status.SUBMITTED,
        Status.SCREENED,
        Status.RESOURCE_CHECK,
        Status.SHORTLISTED,
        Status.ACCEPTED,
        Status.WAITLISTED,
        Status.DECLINED,
    }
)


@dataclass(frozen=True)
class Banner:
    title: str
    tone: str  # the notice's tone: "" (information), "ok", "warn"
    lines: list[str] = field(default_factory=list)  # some are safe HTML (a <time>)
    countdown: bool = False  # only a draft of an open call counts down to the deadline


def _with_deadline(sentence: str, application: Application) -> SafeString:
    """The sentence with its %(deadline)s as a <time> element, which the deadline script
    rewrites in the reader's own zone, as it does the deadline everywhere else."""
    call = application.call
    moment = format_html(
        '<time datetime="{}" data-local-time>{}</time>',
        call.closes_at.isoformat(),
        call.dates.deadline,
    )
    return mark_safe(escape(sentence) % {"deadline": moment})  # noqa: S308 (escaped above)


def _late_access_banner(application: Application, title: str) -> Banner:
    """A draft with late access (applications/late.py): the call closed, but not for it."""
    until = application.late_until
    assert until is not None
    moment = format_html(
        '<time datetime="{}" data-local-time>{}</time>',
        until.isoformat(),
        moment_in_words(until, application.call),
    )
    sentence = _(
        "The call has closed, but the selection team gave you until %(until)s to send this "
        "application. Your answers are saved, but not sent: submit it before then."
    )
    line = mark_safe(escape(sentence) % {"until": moment})  # noqa: S308 (escaped here)
    return Banner(title, "warn", [line])


def _decisions_line(application: Application) -> str:
    return _("Decisions are expected by %(date)s. We will tell you by mail, and on this page.") % {
        "date": application.call.dates.decision_date
    }


def status_banner(application: Application, *, editable: bool) -> Banner:
    """The message at the top of the applicant's page."""
    call = application.call
    status = Status(application.status)
    told = application.decision_told
    title = application.applicant_status_label
    if status == Status.DRAFT:
        if call.has_closed() and not has_closed_for(application):
            return _late_access_banner(application, title)
        if has_closed_for(application):
            return Banner(
                title,
                "warn",
                [
                    _with_deadline(
                        _(
                            "The call closed on %(deadline)s before this application was "
                            "submitted: it cannot be considered, and can no longer be changed."
                        ),
                        application,
                    )
                ],
            )
        # The deadline follows, with its countdown (includes/deadline.html).
        return Banner(
            title,
            "",
            [
                _(
                    "Your answers are saved, but not sent: submit your application before "
                    "the call closes. A draft is not considered."
                )
            ],
            countdown=True,
        )
    if status == Status.WITHDRAWN:
        return Banner(
            title,
            "",
            [_("You withdrew this application: nothing more happens with it.")],
        )
    if told == "accepted" or status == Status.COLLABORATION:
        offer = offer_of(application)
        if offer and offer.answer == Decision.Answer.DECLINED:
            return Banner(
                title,
                "",
                [_("You declined the support we offered. Thank you for telling us.")],
            )
        if offer and offer.answer == Decision.Answer.EXPIRED:
            return Banner(
                title,
                "warn",
                [
                    _(
                        "The support we offered was not confirmed by the deadline: the offer "
                        "has expired and the resources went to other events."
                    )
                ],
            )
        if status == Status.CLOSED:
            return Banner(title, "", [_("This collaboration is over. Thank you!")])
        if status == Status.COLLABORATION:
            lines = [_("We are working together on your event.")]
        elif offer and offer.answer == Decision.Answer.AWAITED:
            lines = [
                _("Your event is selected: we look forward to working with you."),
                _(
                    "Please confirm below that you accept the support offered, or decline "
                    "it, by %(date)s. Without an answer by then, the offer expires."
                )
                % {"date": offer.due},
            ]
        else:
            lines = [
                _("Your event is selected: we look forward to working with you."),
                _(
                    "Next, the selection team writes to you to plan the collaboration: "
                    "their messages come by mail and appear on this page."
                ),
            ]
        return Banner(title, "ok", lines)
    if told == "waitlisted":
        return Banner(
            title,
            "warn",
            [
                _(
                    "Your event is on the waiting list: if resources free up, we will "
                    "offer them to you. Either way, we will tell you by mail."
                )
            ],
        )
    if told == "declined":
        return Banner(
            title,
            "",
            [
                _(
                    "We cannot support your event this time: our resources are limited. "
                    "Our mail explains the decision. Thank you for applying."
                )
            ],
        )
    if status == Status.CLOSED:
        return Banner(title, "", [_("This application is closed.")])
    if status == Status.IN_CONVERSATION:
        return Banner(
            title,
            "",
            [
                _(
                    "The selection team would like to talk with you about your event: "
                    "read and answer their messages."
                ),
                _decisions_line(application),
            ],
        )
    # Sent, and not yet decided (or decided and not yet released).
    sent = _("We received your application on %(date)s.") % {
        "date": moment_in_words(application.submitted_at or timezone.now(), call)
    }
    if editable:
        return Banner(
            title,
            "ok",
            [
                sent,
                _with_deadline(
                    _(
                        "You can still change it until the call closes, on %(deadline)s. "
                        "Then the selection team looks at every application and may write "
                        "to you with questions."
                    ),
                    application,
                ),
                _decisions_line(application),
            ],
        )
    lines = [sent] if status in REVIEWING else []
    if call.has_closed():
        lines.append(_("The call has closed: your application can no longer be changed."))
    lines += [
        _("The selection team is looking at every application and may write to you."),
        _decisions_line(application),
    ]
    return Banner(title, "", lines)


@dataclass(frozen=True)
class Granted:
    offer: str  # the offer's label, in the reader's language
    amount: str  # money granted with its unit ("USD 4,000"), or ""


def granted_support(application: Application) -> list[Granted]:
    """What an accepted application was granted, once the decision is released: the
    offers in words, money with its unit (staff hours are the team's own planning)."""
    if application.decision_told != "accepted":
        return []
    decision = (
        Decision.objects.filter(application=application, released_at__isnull=False)
        .prefetch_related("commitments__pool")
        .first()
    )
    if decision is None:
        return []
    offers = list(application.call.offers.all())
    labels = {offer.code: offer.label for offer in offers}
    position = {offer.code: number for number, offer in enumerate(offers)}
    document = ApplicationDocument.model_validate(application.document)
    requested = {request.type: request for request in document.offers}
    money_pool = {
        cost.offer_code: cost.pool_id
        for cost in OfferCost.objects.filter(
            call=application.call, from_requested_amount=True, pool__unit=USD
        )
    }
    committed: dict[int, Commitment] = {c.pool_id: c for c in decision.commitments.all()}
    granted = []
    # In the call's order of its offers, "something else" last.
    for code in sorted(decision.offers, key=lambda code: position.get(code, len(position))):
        label = labels.get(code)
        if label is None:  # "something else": the applicant's own words
            details = requested[code].details if code in requested else ""
            label = _("Something else") + (f": {details}" if details else "")
        commitment = committed.get(money_pool.get(code, -1))
        amount = amount_text(commitment.amount, USD) if commitment else ""
        granted.append(Granted(offer=str(label), amount=amount))
    return granted


@dataclass(frozen=True)
class Offer:
    """The released acceptance as the applicant answers it (selection/offers.py)."""

    decision: Decision
    answer: str
    due: str  # the deadline in words, in the call's time zone
    answered: str  # when they answered (or it expired), in words; "" before

    @property
    def awaited(self) -> bool:
        return self.answer == Decision.Answer.AWAITED


def offer_of(application: Application) -> Offer | None:
    decision = read_with(
        application,
        "decision",
        lambda: Decision.objects.filter(
            application=application, released_at__isnull=False, outcome=Decision.Outcome.ACCEPTED
        ).first(),
    )
    if decision is None or decision.released_at is None:
        return None
    if decision.outcome != Decision.Outcome.ACCEPTED or not decision.answer:
        return None
    call = application.call
    return Offer(
        decision=decision,
        answer=decision.answer,
        due=moment_in_words(decision.answer_due, call) if decision.answer_due else "",
        answered=moment_in_words(decision.answered_at, call) if decision.answered_at else "",
    )
