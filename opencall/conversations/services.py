"""Writes of the conversation: staff write, staff ask, the applicant answers."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opencall.applications.models import Actor, Application, ApplicationEvent
from opencall.applications.services import record, token_data
from opencall.applications.workflow import Status
from opencall.conversations import signals
from opencall.conversations.models import Message
from opencall.core.events import send_on_commit
from opencall.screening.services import screen_on_commit

MAX_LENGTH = 10_000
CLOSED = frozenset({Status.DRAFT, Status.WITHDRAWN})


class MessageRefused(Exception):
    """The message cannot be sent; the message says why, for the page."""


def _clean(body: str) -> str:
    body = body.strip()
    if not body:
        raise MessageRefused(_("The message is empty."))
    if len(body) > MAX_LENGTH:
        raise MessageRefused(
            _("The message is too long (at most %(count)s characters).") % {"count": MAX_LENGTH}
        )
    return body


def _lock_open(application: Application) -> Application:
    locked = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
    if locked.status in CLOSED:
        raise MessageRefused(_("This application is not open to conversation."))
    return locked


def _author_name(user: Any) -> str:
    return user.get_full_name() or user.get_username()


@transaction.atomic
def message_to_applicant(
    *, application: Application, author: Any, body: str, via: str = ""
) -> Message:
    """`via`: the API token the message came through, named on the timeline."""
    locked = _lock_open(application)
    message = Message.objects.create(
        application=locked,
        direction=Message.Direction.TO_APPLICANT,
        author=author,
        body=_clean(body),
    )
    record(
        locked,
        ApplicationEvent.Kind.MESSAGE,
        actor=Actor.STAFF,
        user=author,
        new=_("to the applicant"),
        data={"message_id": message.pk, "kind": message.kind, **token_data(via)},
    )
    send_on_commit(signals.staff_message_sent, Message, application=locked, message=message)
    return message


@transaction.atomic
def info_request(
    *,
    application: Application,
    author: Any,
    criterion: str,
    criterion_title: str,
    body: str = "",
    via: str = "",
) -> Message:
    """Ask for the information a screening criterion lacks, naming the criterion."""
    if not criterion:
        raise MessageRefused(_("Name the criterion the information is for."))
    locked = _lock_open(application)
    text = body.strip() or _(
        "To judge “%(criterion)s”, we need more information. Could you tell us more?"
    ) % {"criterion": criterion_title}
    message = Message.objects.create(
        application=locked,
        direction=Message.Direction.TO_APPLICANT,
        kind=Message.Kind.INFO_REQUEST,
        criterion=criterion,
        author=author,
        body=_clean(text),
    )
    record(
        locked,
        ApplicationEvent.Kind.MESSAGE,
        actor=Actor.STAFF,
        user=author,
        new=_("information requested: %(criterion)s") % {"criterion": criterion},
        data={
            "message_id": message.pk,
            "kind": message.kind,
            "criterion": criterion,
            **token_data(via),
        },
    )
    send_on_commit(
        signals.info_requested, Message, application=locked, message=message, criterion=criterion
    )
    return message


@transaction.atomic
def reply_from_applicant(
    *,
    application: Application,
    body: str,
    channel: str = Message.Channel.WEB,
    person: str = "",
) -> Message:
    """The applicant answers (their private link, or an email reply; `person`: who, by
    name, the first contact or a co-organiser, for the timeline). The reply
    answers every open request for information, and the application is then screened
    again (on commit)."""
    locked = _lock_open(application)
    message = Message.objects.create(
        application=locked,
        direction=Message.Direction.FROM_APPLICANT,
        body=_clean(body),
        channel=channel,
    )
    open_requests = Message.objects.select_for_update().filter(
        application=locked, kind=Message.Kind.INFO_REQUEST, answered_at__isnull=True
    )
    answered = sorted(set(open_requests.values_list("criterion", flat=True)))
    open_requests.update(answered_at=timezone.now())
    record(
        locked,
        ApplicationEvent.Kind.MESSAGE,
        actor=Actor.APPLICANT,
        new=_("from the applicant"),
        data={
            "message_id": message.pk,
            "channel": channel,
            "answers": answered,
            **({"person": person} if person else {}),
        },
    )
    if answered:
        # The answer may change the screening: reviewers read a fresh result.
        screen_on_commit(application=locked)
    return message
