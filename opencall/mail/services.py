"""Writes on the outbox: the mail an application or a staff member is promised, and
what staff do with it. Keyword-only, typed, atomic, audited; sends only on commit.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from opencall.accounts.selectors import staff_language
from opencall.applications.links import co_organiser_url
from opencall.applications.models import Application, CoOrganiser
from opencall.calls.models import Call
from opencall.mail import conf
from opencall.mail.context import (
    admin_link,
    applicant_context,
    call_context,
    prepare,
    with_privacy_footer,
)
from opencall.mail.enums import (
    CANCELLABLE,
    EDITABLE,
    RETRYABLE,
    Action,
    Phase,
    Status,
    TransitionRefused,
)
from opencall.mail.kinds import DECISION_KEYS, Audience, kind_for
from opencall.mail.models import MailEvent, OutgoingMail
from opencall.mail.outbox import locked, move, schedule_send
from opencall.mail.rendering import normalise_language, render, text_for, to_html

logger = logging.getLogger(__name__)

Values = Callable[[str], dict[str, Any]]


def mail_to_applicant(
    *,
    application: Application,
    key: str,
    extra: Mapping[str, Any] | None = None,
    dedupe_key: str | None = None,
    hold: bool | None = None,
    text_language: str | None = None,
    dry_run: bool = False,
    to: str | None = None,
) -> OutgoingMail | None:
    """Promise one mail to an application's contact, in the application's language.
    `to` sends it to another address the application names (a second contact asking
    for their data).

    Returns None when `dedupe_key` was used before (the mail exists already) or the
    application has no address. Decision mails are held for staff unless `hold`
    says otherwise; other mails are sent by the worker after the commit.
    `text_language` writes in another language than the application's (a group
    message that has no version in theirs); `dry_run` returns the row unsaved: what
    would be sent, for a preview.
    """
    if kind_for(key).audience != Audience.APPLICANT:
        raise ValueError(f"'{key}' is not a mail to applicants")
    if not (to or application.email):
        logger.warning("application %s has no email: no '%s' mail", application.pk, key)
        return None

    def values(language: str) -> dict[str, Any]:
        return {**applicant_context(application, language), **prepare(extra or {}, language)}

    mail = _create(
        call=application.call,
        key=key,
        to=to or application.email,
        language=application.language,
        values=values,
        application=application,
        dedupe_key=dedupe_key,
        hold=hold,
        text_language=text_language,
        dry_run=dry_run,
    )
    if mail is not None and not dry_run and key not in FIRST_CONTACT_ONLY:
        _copies_to_co_organisers(
            application=application,
            key=key,
            extra=extra,
            dedupe_key=dedupe_key,
            hold=hold,
            text_language=text_language,
        )
    return mail


# Mails about the main link itself: they go to the first contact alone.
FIRST_CONTACT_ONLY = frozenset({"draft_started", "resume_link", "link_renewed"})


def _copies_to_co_organisers(
    *,
    application: Application,
    key: str,
    extra: Mapping[str, Any] | None,
    dedupe_key: str | None,
    hold: bool | None,
    text_language: str | None,
) -> None:
    """The same mail to each co-organiser who asked for it (docs/co-organisers.md), in
    their language, greeting them by name and carrying their own link."""
    for co in application.co_organisers.filter(revoked_at__isnull=True, wants_mail=True):
        co.application = application

        def values(language: str, co: CoOrganiser = co) -> dict[str, Any]:
            return {
                **applicant_context(application, language),
                "applicant_name": co.name,
                "private_link": co_organiser_url(co),
                **prepare(extra or {}, language),
            }

        _create(
            call=application.call,
            key=key,
            to=co.email,
            language=co.language,
            values=values,
            application=application,
            dedupe_key=f"{dedupe_key}:co{co.pk}" if dedupe_key else None,
            hold=hold,
            text_language=text_language,
        )


def staff_context(user: AbstractBaseUser, call: Call, language: str) -> dict[str, Any]:
    """What every mail to a staff member can say (kinds.STAFF_PLACEHOLDERS)."""
    name = user.get_full_name() if hasattr(user, "get_full_name") else ""
    return {
        **call_context(call, language),
        "recipient_name": name or user.get_username(),
        "admin_link": admin_link("admin:applications_application_changelist")
        + f"?call__id__exact={call.pk}",
    }


def mail_to_staff(
    *,
    user: AbstractBaseUser,
    call: Call,
    key: str,
    language: str | None = None,
    extra: Mapping[str, Any] | None = None,
    dedupe_key: str | None = None,
    text_language: str | None = None,
    dry_run: bool = False,
) -> OutgoingMail | None:
    """Promise one mail to a staff member (reminders, digests); without a `language`, in
    the one they last used opencall's pages in. `text_language` and `dry_run` as for
    `mail_to_applicant`."""
    if kind_for(key).audience != Audience.STAFF:
        raise ValueError(f"'{key}' is not a mail to staff")
    address = getattr(user, "email", "")
    if not address:
        return None

    def values(lang: str) -> dict[str, Any]:
        return {**staff_context(user, call, lang), **prepare(extra or {}, lang)}

    return _create(
        call=call,
        key=key,
        to=address,
        language=language or staff_language(user),
        values=values,
        recipient_user=user,
        dedupe_key=dedupe_key,
        hold=False,
        text_language=text_language,
        dry_run=dry_run,
    )


def decision_key(status: str) -> str:
    """The mail key of a decision status ('accepted' → 'decision_accepted')."""
    return DECISION_KEYS[status]


def _create(
    *,
    call: Call,
    key: str,
    to: str,
    language: str,
    values: Values,
    application: Application | None = None,
    recipient_user: AbstractBaseUser | None = None,
    dedupe_key: str | None = None,
    hold: bool | None = None,
    text_language: str | None = None,
    dry_run: bool = False,
) -> OutgoingMail | None:
    if dedupe_key and OutgoingMail.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    text, fell_back = text_for(call=call, key=key, language=text_language or language)
    other_language = normalise_language(text.language) != normalise_language(language)
    context = values(text.language)
    rendered = with_privacy_footer(render(text, context), call=call, language=text.language)
    held = kind_for(key).held if hold is None else hold
    mail = OutgoingMail(
        call=call,
        application=application,
        recipient_user=recipient_user,
        to=to,
        key=key,
        language=normalise_language(language) or language[:8],
        template_language=text.language,
        language_fallback=fell_back,
        template_source=text.source,
        subject=rendered.subject[:300],
        body_text=rendered.body_text,
        body_html=rendered.body_html,
        context=context,
        status=Status.HELD if held else Status.QUEUED,
        max_attempts=int(conf.get("MAIL_MAX_ATTEMPTS")),
        due_at=None if held else timezone.now(),
        dedupe_key=dedupe_key,
    )
    # The address is checked by the mail server: a bad one becomes a failed row
    # that staff can correct, rather than a mail that silently never existed. The rows
    # it points to are the ones given (no query to find them again), and its checks
    # (a known status, no send time yet) hold for a new row: the database keeps both.
    mail.full_clean(
        exclude=["to", "call", "application", "recipient_user"],
        validate_unique=False,
        validate_constraints=False,
    )
    if text_language and other_language:
        mail.language_fallback = True
        note = f"No version in '{language}': sent in '{text.language}'."
    else:
        note = f"No text in '{language}': sent in English." if fell_back else ""
    if dry_run:
        return mail
    try:
        with transaction.atomic():
            mail.save()
            MailEvent.objects.create(mail=mail, action=Action.CREATED, new=mail.status, note=note)
            if not held:
                schedule_send(mail)
    except IntegrityError:
        if dedupe_key and OutgoingMail.objects.filter(dedupe_key=dedupe_key).exists():
            return None
        raise
    return mail


def _each_locked(mails: Iterable[OutgoingMail]) -> Iterable[OutgoingMail]:
    ids = sorted({mail.pk for mail in mails})
    yield from OutgoingMail.objects.select_for_update().filter(pk__in=ids).order_by("pk")


@transaction.atomic
def mail_release(*, mails: Iterable[OutgoingMail], by: AbstractBaseUser | None) -> int:
    """Send held mails (decisions staff reviewed), all in one go. Returns how many."""
    count = 0
    for mail in _each_locked(mails):
        if mail.status != Status.HELD:
            continue
        mail.due_at = timezone.now()
        move(mail, Status.QUEUED, action=Action.RELEASED, by=by)
        schedule_send(mail)
        count += 1
    return count


def _requeue(mail: OutgoingMail, *, action: Action, by: AbstractBaseUser | None, note: str) -> None:
    # A fresh allowance of attempts: the earlier ones stay counted in `attempts`.
    mail.max_attempts = mail.attempts + int(conf.get("MAIL_MAX_ATTEMPTS"))
    mail.phase = Phase.NONE
    mail.due_at = timezone.now()
    move(mail, Status.QUEUED, action=action, by=by, note=note)
    schedule_send(mail)


@transaction.atomic
def mail_retry(*, mails: Iterable[OutgoingMail], by: AbstractBaseUser | None) -> int:
    """Try failed, unconfirmed or cancelled mails again. Returns how many."""
    count = 0
    for mail in _each_locked(mails):
        if mail.status not in RETRYABLE:
            continue
        note = (
            "Resent although the server may have the first copy (same Message-ID)."
            if mail.status == Status.UNCONFIRMED
            else ""
        )
        _requeue(mail, action=Action.RETRIED, by=by, note=note)
        count += 1
    return count


@transaction.atomic
def mail_cancel(
    *, mails: Iterable[OutgoingMail], by: AbstractBaseUser | None, reason: str = ""
) -> int:
    """Make sure these mails are not sent (those not yet on their way). Returns how many."""
    count = 0
    for mail in _each_locked(mails):
        if mail.status not in CANCELLABLE:
            continue
        mail.due_at = None
        move(mail, Status.CANCELLED, action=Action.CANCELLED, by=by, note=reason)
        count += 1
    return count


@transaction.atomic
def mail_confirm(
    *, mails: Iterable[OutgoingMail], by: AbstractBaseUser | None, note: str = ""
) -> int:
    """Staff checked that unconfirmed mails did arrive: mark them sent."""
    count = 0
    for mail in _each_locked(mails):
        if mail.status != Status.UNCONFIRMED:
            continue
        mail.sent_at = mail.attempt_started_at or timezone.now()
        move(mail, Status.SENT, action=Action.CONFIRMED, by=by, note=note)
        count += 1
    return count


@transaction.atomic
def mail_edit(
    *,
    mail: OutgoingMail,
    by: AbstractBaseUser | None,
    to: str,
    subject: str,
    body_text: str,
) -> OutgoingMail:
    """Correct a mail that has not gone yet; a failed or unconfirmed one is sent again.

    A held mail stays held (it is released with the others); a queued one keeps
    its place.
    """
    current = locked(mail.pk)
    if current is None or current.status not in EDITABLE:
        raise TransitionRefused("Only queued, held, failed or unconfirmed mail can be edited.")
    # Browsers send CRLF line ends; the rows keep "\n" and end with one, like rendered text.
    body_text = body_text.replace("\r\n", "\n").rstrip() + "\n"
    changes = {
        name: value
        for name, value in (("to", to), ("subject", subject), ("body_text", body_text))
        if getattr(current, name) != value
    }
    for name, value in changes.items():
        setattr(current, name, value)
    current.body_html = to_html(
        current.body_text, subject=current.subject, language=current.template_language
    )
    note = "Changed: " + ", ".join(sorted(changes)) if changes else "No change."
    if current.status in (Status.FAILED, Status.UNCONFIRMED):
        _requeue(current, action=Action.EDITED, by=by, note=note + " Sent again.")
    else:
        move(current, current.status, action=Action.EDITED, by=by, note=note)
    return current
