"""Mail to a group: one message staff write to a filtered set of people of a call
(drafts not yet submitted, the shortlist, the accepted, reviewers with reviews
pending), each person's copy in their language where the message has it, through the
outbox; the same message sent again within a window reaches nobody twice.

Staff's subject and text use the mail templates' placeholders ({{ applicant_name }},
{{ event_name }}, ...: kinds.py), rendered for each person by the same engine as the
templates; the result goes into the call's frame (`group_applicant`, `group_staff` in
defaults/<language>.toml), which adds the private link or the reviews waiting.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.utils import timezone
from django.utils.translation import gettext as _

from opencall.accounts.models import StaffProfile
from opencall.applications.models import Application
from opencall.applications.workflow import Status as ApplicationStatus
from opencall.calls.models import Call
from opencall.mail import conf
from opencall.mail.context import admin_link, applicant_context, applicant_name, prepare
from opencall.mail.enums import GroupAudience, Status
from opencall.mail.kinds import GROUP_EXTRA, kind_for
from opencall.mail.models import GroupMessage, OutgoingMail
from opencall.mail.rendering import Text, normalise_language, placeholders_used, render
from opencall.mail.reviewers import pending_assignments
from opencall.mail.services import mail_to_applicant, mail_to_staff, staff_context

logger = logging.getLogger(__name__)

APPLICANT_KEY = "group_applicant"
STAFF_KEY = "group_staff"
SUBJECT_MAX = 200

# Who is in each group, as data: stored on the message so that what "the shortlist"
# meant when it was written stays readable. The accepted are those told so (the
# release): mail before it would tell them the decision.
FILTERS: dict[str, dict[str, Any]] = {
    GroupAudience.DRAFTS: {"status": [ApplicationStatus.DRAFT.value]},
    GroupAudience.SHORTLIST: {"status": [ApplicationStatus.SHORTLISTED.value]},
    GroupAudience.ACCEPTED: {
        "decision_told": "accepted",
        "status_not": [ApplicationStatus.WITHDRAWN.value],
    },
    GroupAudience.REVIEWERS_PENDING: {"reviews": "pending"},
}
TO_STAFF = frozenset({GroupAudience.REVIEWERS_PENDING})


@dataclass(frozen=True)
class Recipient:
    """One person a group message goes to: an application's contact, or a staff member."""

    key: str  # "a<application id>" or "u<user id>": stable, for the window's check
    name: str
    email: str
    language: str
    application: Application | None = None
    user: AbstractBaseUser | None = None
    pending: tuple[str, ...] = ()  # reviewers: the applications waiting for their review

    @property
    def label(self) -> str:
        """How staff pick them in the preview: name, and the reference or address."""
        if self.application is not None:
            return f"{self.name or self.email} · {self.application.ref}"
        return f"{self.name} · {self.email}"


@dataclass
class SendResult:
    queued: int = 0
    skipped: int = 0  # sent the same text within the window already
    recipients: list[str] = field(default_factory=list)


def key_for(audience: str) -> str:
    return STAFF_KEY if audience in TO_STAFF else APPLICANT_KEY


def may_mail(user: Any, call: Call, audience: str) -> bool:
    """The rulebook's answer for this audience (reviewers need the second permission)."""
    if not user.has_perm("calls.mail_group", call):
        return False
    return audience not in TO_STAFF or user.has_perm("calls.mail_reviewers", call)


def audiences_for(user: Any, call: Call) -> list[GroupAudience]:
    return [audience for audience in GroupAudience if may_mail(user, call, audience)]


# Who is in a group ------------------------------------------------------------------


def _applications(call: Call, filters: dict[str, Any]):
    rows = Application.objects.filter(call=call).exclude(email="").select_related("call")
    if "status" in filters:
        rows = rows.filter(status__in=filters["status"])
    if "decision_told" in filters:
        rows = rows.filter(decision_told=filters["decision_told"])
    if "status_not" in filters:
        rows = rows.exclude(status__in=filters["status_not"])
    return rows.order_by("number")


def _reviewers(call: Call) -> list[Recipient]:
    pending: dict[Any, list[str]] = defaultdict(list)
    for assignment in pending_assignments(call):
        pending[assignment.reviewer].append(
            f"{assignment.application.ref} {assignment.application.event_name}".strip()
        )
    people = [user for user in pending if user.is_active and user.email]
    languages = dict(
        StaffProfile.objects.filter(user__in=people).values_list("user_id", "language")
    )
    found = [
        Recipient(
            key=f"u{user.pk}",
            name=user.get_full_name() or user.get_username(),
            email=user.email,
            language=languages.get(user.pk) or settings.LANGUAGE_CODE,
            user=user,
            pending=tuple(pending[user]),
        )
        for user in people
    ]
    return sorted(found, key=lambda recipient: recipient.name.casefold())


def group_audience(*, call: Call, audience: str) -> list[Recipient]:
    """Everyone the group holds now, in a stable order; one per application (each has
    its own private link), one per reviewer."""
    if audience not in FILTERS:
        raise ValueError(f"unknown audience {audience!r}")
    if audience in TO_STAFF:
        return _reviewers(call)
    return [
        Recipient(
            key=f"a{application.pk}",
            name=applicant_name(application),
            email=application.email,
            language=application.language,
            application=application,
        )
        for application in _applications(call, FILTERS[audience])
    ]


def audience_counts(*, call: Call, audiences: list[GroupAudience]) -> dict[str, int]:
    return {audience: len(group_audience(call=call, audience=audience)) for audience in audiences}


# The message ------------------------------------------------------------------------


def allowed_placeholders(audience: str) -> tuple[str, ...]:
    """What staff's own text may name: the frame's placeholders, less staff's text."""
    return tuple(
        name for name in kind_for(key_for(audience)).placeholders if name not in GROUP_EXTRA
    )


def _language_name(language: str) -> str:
    return str(dict(settings.LANGUAGES).get(language, language))


def _check_source(
    source: str, allowed: tuple[str, ...], what: str, language_name: str
) -> str | None:
    try:
        unknown = placeholders_used(source) - set(allowed)
        render(Text("group", "en", "group", source, ""), {})
    except (TemplateSyntaxError, TemplateDoesNotExist) as exc:
        return _("The %(what)s in %(language)s cannot be read: %(error)s") % {
            "what": what,
            "language": language_name,
            "error": exc,
        }
    if unknown:
        return _(
            "The %(what)s in %(language)s names %(unknown)s, which this mail does not know. "
            "It may use: %(allowed)s."
        ) % {
            "what": what,
            "language": language_name,
            "unknown": ", ".join(f"{{{{ {name} }}}}" for name in sorted(unknown)),
            "allowed": ", ".join(f"{{{{ {name} }}}}" for name in allowed),
        }
    return None


def clean_texts(
    *, call: Call, audience: str, texts: dict[str, dict[str, str]]
) -> dict[str, dict[str, str]]:
    """The versions to keep ({language: {subject, body}}), or a ValidationError whose
    keys name the field in error (`subject_fr`, `body_fr`, or `__all__`)."""
    errors: dict[str, list[str]] = defaultdict(list)
    allowed = allowed_placeholders(audience)
    kept: dict[str, dict[str, str]] = {}
    for language in call.languages:
        version = texts.get(language) or {}
        subject = (version.get("subject") or "").strip()
        body = (version.get("body") or "").replace("\r\n", "\n").strip()
        name = _language_name(language)
        if not subject and not body:
            continue
        if not subject:
            errors[f"subject_{language}"].append(
                _("Write the subject in %(language)s too, or leave its text empty.")
                % {"language": name}
            )
        if not body:
            errors[f"body_{language}"].append(
                _("Write the text in %(language)s too, or leave its subject empty.")
                % {"language": name}
            )
        if len(subject) > SUBJECT_MAX:
            errors[f"subject_{language}"].append(
                _("The subject in %(language)s is longer than %(max)s characters.")
                % {"language": name, "max": SUBJECT_MAX}
            )
        for part, source, what in (
            ("subject", subject, _("subject")),
            ("body", body, _("text")),
        ):
            problem = source and _check_source(source, allowed, what, name)
            if problem:
                errors[f"{part}_{language}"].append(problem)
        kept[language] = {"subject": subject, "body": body}
    if not kept and not errors:
        errors["__all__"].append(_("Write the message in at least one language."))
    if errors:
        raise ValidationError(dict(errors))
    return kept


def fingerprint(*, call: Call, audience: str, texts: dict[str, dict[str, str]]) -> str:
    data = {"call": call.pk, "audience": audience, "filter": FILTERS[audience], "texts": texts}
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


@transaction.atomic
def group_message_save(
    *,
    call: Call,
    audience: str,
    texts: dict[str, dict[str, str]],
    by: AbstractBaseUser,
    message: GroupMessage | None = None,
) -> GroupMessage:
    """Write (or correct, until it is sent) a group message. Nothing is sent yet."""
    if audience not in FILTERS:
        raise ValidationError({"audience": [_("Choose whom the message goes to.")]})
    if not may_mail(by, call, audience):
        raise PermissionDenied
    kept = clean_texts(call=call, audience=audience, texts=texts)
    if message is None:
        message = GroupMessage(call=call, written_by=by)
    else:
        message = GroupMessage.objects.select_for_update().get(pk=message.pk, call=call)
        if message.sent_at is not None:
            raise ValidationError(_("This message is sent already: write a new one."))
    message.audience = audience
    message.audience_filter = FILTERS[audience]
    message.texts = kept
    message.fingerprint = fingerprint(call=call, audience=audience, texts=kept)
    message.full_clean()
    message.save()
    return message


def version_language(message: GroupMessage, language: str) -> str:
    """The version a person reads: theirs, else the call's first language, else the
    first the message has (in the call's order)."""
    wanted = normalise_language(language)
    if wanted in message.texts:
        return wanted
    order = [lang for lang in message.call.languages if lang in message.texts]
    order += [lang for lang in message.texts if lang not in order]
    first = message.call.languages[0] if message.call.languages else ""
    return first if first in message.texts else order[0]


def _copy(
    message: GroupMessage,
    recipient: Recipient,
    *,
    dedupe_key: str | None = None,
    dry_run: bool = False,
) -> OutgoingMail | None:
    language = version_language(message, recipient.language)
    version = message.texts[language]
    source = Text("group", language, "group", version["subject"], version["body"])
    call = message.call
    if recipient.application is not None:
        values = applicant_context(recipient.application, language)
        written = render(source, values)
        return mail_to_applicant(
            application=recipient.application,
            key=APPLICANT_KEY,
            extra={"subject": written.subject, "message": written.body_text.rstrip()},
            dedupe_key=dedupe_key,
            hold=False,
            text_language=language,
            dry_run=dry_run,
        )
    assert recipient.user is not None
    extra = {
        "pending_count": len(recipient.pending),
        "pending": list(recipient.pending),
        "review_link": admin_link("staff:queue", slug=call.slug),
    }
    values = {**staff_context(recipient.user, call, language), **prepare(extra, language)}
    written = render(source, values)
    return mail_to_staff(
        user=recipient.user,
        call=call,
        key=STAFF_KEY,
        language=recipient.language,
        extra={**extra, "subject": written.subject, "message": written.body_text.rstrip()},
        dedupe_key=dedupe_key,
        text_language=language,
        dry_run=dry_run,
    )


def group_preview(*, message: GroupMessage, recipient: Recipient) -> OutgoingMail:
    """Exactly what this person will receive (an unsaved outbox row): their version,
    their name, their private link."""
    mail = _copy(message, recipient, dry_run=True)
    assert mail is not None
    return mail


def window() -> dt.timedelta:
    return dt.timedelta(hours=float(conf.get("MAIL_GROUP_RESEND_WINDOW_HOURS")))


def _prefix(message: GroupMessage) -> str:
    return f"group:{message.fingerprint[:24]}:"


def _recently_mailed(message: GroupMessage, now: dt.datetime) -> set[str]:
    """Who got this same text, to this same group, within the window (any message)."""
    keys = (
        OutgoingMail.objects.filter(
            call=message.call,
            key=key_for(message.audience),
            dedupe_key__startswith=_prefix(message),
            created_at__gte=now - window(),
        )
        .exclude(status=Status.CANCELLED)
        .values_list("dedupe_key", flat=True)
    )
    return {key.removeprefix(_prefix(message)).split(":")[0] for key in keys}


@transaction.atomic
def group_send(*, message: GroupMessage, by: AbstractBaseUser) -> SendResult:
    """Queue one outbox row per person in the group now. Whoever got the same text for
    the same group within the window is left out and counted as skipped; a cancelled
    copy does not count. The message keeps who sent it, when, to how many."""
    message = GroupMessage.objects.select_for_update().select_related("call").get(pk=message.pk)
    if not may_mail(by, message.call, message.audience):
        raise PermissionDenied
    now = timezone.now()
    done = _recently_mailed(message, now)
    result = SendResult()
    stamp = int(now.timestamp())
    for recipient in group_audience(call=message.call, audience=message.audience):
        if recipient.key in done:
            result.skipped += 1
            continue
        dedupe_key = f"{_prefix(message)}{recipient.key}:{message.pk}:{stamp}"
        if _copy(message, recipient, dedupe_key=dedupe_key) is None:
            result.skipped += 1
            continue
        result.queued += 1
        result.recipients.append(recipient.email)
    message.sent_at = message.sent_at or now
    message.sent_by = message.sent_by or by
    message.recipients_count += result.queued
    message.skipped_count += result.skipped
    message.save(update_fields=["sent_at", "sent_by", "recipients_count", "skipped_count"])
    logger.info(
        "group message %s (%s, call %s) sent by %s: %d queued, %d skipped",
        message.pk,
        message.audience,
        message.call.slug,
        by.get_username(),
        result.queued,
        result.skipped,
    )
    return result
