"""Every kind of mail opencall sends: its key, who reads it, what it may say.

The key names the template (defaults/<language>.toml, or a staff override in the
admin); the placeholders are the only names a template may use. Keys are stored on
every outbox row: never rename one, retire it and add another.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Audience(StrEnum):
    APPLICANT = "applicant"
    STAFF = "staff"


# What every mail to an applicant can say (services.applicant_context builds them).
APPLICANT_PLACEHOLDERS = (
    "applicant_name",
    "event_name",
    "ref",
    "call_title",
    "organiser",
    "private_link",
    "closes_at",
    "decision_date",
)
STAFF_PLACEHOLDERS = ("recipient_name", "call_title", "decision_date", "admin_link")
# What a group message carries into its frame (staff's text, rendered for the person).
GROUP_EXTRA = ("subject", "message")
# What a reminder to a deliverable's owner can say.
COLLABORATION_STAFF = ("event_name", "ref", "what", "due_on", "days_left", "collaboration_link")


@dataclass(frozen=True)
class MailKind:
    key: str
    label: Promise
    audience: Audience
    extra: tuple[str, ...] = ()
    # Held rows wait in the outbox until staff release them (decisions).
    held: bool = False

    @property
    def placeholders(self) -> tuple[str, ...]:
        base = APPLICANT_PLACEHOLDERS if self.audience == Audience.APPLICANT else STAFF_PLACEHOLDERS
        return base + self.extra


def _applicant(key: str, label: Promise, *extra: str, held: bool = False) -> MailKind:
    return MailKind(key, label, Audience.APPLICANT, tuple(extra), held)


def _staff(key: str, label: Promise, *extra: str) -> MailKind:
    return MailKind(key, label, Audience.STAFF, tuple(extra))


KINDS: dict[str, MailKind] = {
    kind.key: kind
    for kind in (
        _applicant("draft_started", _("Draft saved: the link to continue")),
        _applicant("submitted", _("Application received")),
        _applicant("resume_link", _("The private link, sent again")),
        _applicant("link_renewed", _("A new private link: the old one revoked")),
        _applicant("late_access", _("Late access: the link and the new close"), "late_until"),
        _applicant("privacy_link", _("The link to download or erase one's data"), "data_link"),
        _applicant("info_request", _("Request for information"), "questions"),
        _applicant("staff_message", _("Message from staff"), "message", "sender_name"),
        _applicant("decision_accepted", _("Decision: accepted"), "reasons", "offers", held=True),
        _applicant("decision_waitlisted", _("Decision: waiting list"), "reasons", held=True),
        _applicant("decision_declined", _("Decision: declined"), "reasons", held=True),
        _applicant(
            "hub_redirect",
            _("Excluded format: contact an Open Mapping Hub"),
            "reasons",
            "hub_name",
            "hub_contact",
            "hub_address",
        ),
        _applicant("reminder_draft_closing", _("Reminder: the call closes soon"), "days_left"),
        _applicant("reminder_draft_last_day", _("Reminder: last day of the call")),
        _applicant(
            "reminder_info_request", _("Reminder: information requested"), "questions", "asked_on"
        ),
        _applicant(
            "reminder_commitment_due",
            _("Reminder: a commitment is due soon"),
            "commitment",
            "due_on",
            "days_left",
        ),
        _applicant(
            "reminder_commitment_overdue",
            _("Reminder: a commitment is late"),
            "commitment",
            "due_on",
            "days_left",
        ),
        _applicant(
            "collaboration_checkin",
            _("Check-in before the event"),
            "days_left",
            "start_date",
            "commitments",
            "deliverables",
        ),
        _applicant(
            "reminder_offer_answer",
            _("Reminder: confirm or decline the support offered"),
            "answer_due",
            "days_left",
            "offers",
        ),
        _applicant("report_request", _("After the event: the report"), "report_link", "report_due"),
        _staff(
            "reminder_deliverable_due",
            _("Owner reminder: a deliverable is due soon"),
            *COLLABORATION_STAFF,
        ),
        _staff(
            "reminder_deliverable_overdue",
            _("Owner reminder: a deliverable is late"),
            *COLLABORATION_STAFF,
        ),
        _staff(
            "reminder_review_pending",
            _("Reviewer reminder: pending reviews"),
            "pending_count",
            "pending",
            "review_link",
        ),
        # Mail to a group (groups.py): staff's own text, as `subject` and `message`,
        # inside the call's frame in the version's language.
        _applicant("group_applicant", _("Message to a group of applicants"), *GROUP_EXTRA),
        _staff(
            "group_staff",
            _("Message to a group of reviewers"),
            *GROUP_EXTRA,
            "pending_count",
            "pending",
            "review_link",
        ),
        _staff(
            "offer_freed",
            _("An offer declined or expired: the waiting list"),
            "event_name",
            "ref",
            "declined",
            "fits",
            "selection_link",
        ),
        _staff("digest", _("Daily digest"), "day", "count", "applications", "messages", "overdue"),
        _staff(
            "two_factor_changed",
            _("Two-factor authentication changed"),
            "change",
            "changed_at",
            "changed_by",
            "account_link",
        ),
    )
}

KEY_CHOICES = [(kind.key, kind.label) for kind in KINDS.values()]
DECISION_KEYS = {
    "accepted": "decision_accepted",
    "waitlisted": "decision_waitlisted",
    "declined": "decision_declined",
}


class UnknownMailKey(KeyError):
    pass


def kind_for(key: str) -> MailKind:
    try:
        return KINDS[key]
    except KeyError:
        raise UnknownMailKey(key) from None
