"""What other apps announce (after their commit), answered with mail.

Each receiver is one call to a service. A failure is logged, not raised: the
change that was announced is saved already, and the page that made it must not
fail because of mail; the outbox shows staff what went out. The one exception is
a change to a second factor, announced inside its transaction: its mail is saved
with the change or not at all.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.dispatch import receiver
from django.utils import timezone

from opencall.accounts import signals as accounts
from opencall.applications import signals as applications
from opencall.applications.models import Application
from opencall.conversations import signals as conversations
from opencall.mail.context import format_moment
from opencall.mail.decisions import mail_decision, mail_hub_redirect, mail_release_decisions
from opencall.mail.models import OutgoingMail
from opencall.mail.services import mail_to_applicant
from opencall.mail.two_factor import mail_second_factor_changed
from opencall.screening import signals as screening
from opencall.selection import signals as selection

logger = logging.getLogger(__name__)

# At most one resent link per application in this many minutes (a double click,
# or someone filling in another person's address again and again).
RESEND_WINDOW_MINUTES = 10


def _safely(what: str, work: Callable[[], Any]) -> None:
    try:
        work()
    except Exception:
        logger.exception("could not queue %s", what)


def _mail(application: Application, key: str, dedupe_key: str, extra: dict | None = None) -> None:
    _safely(
        f"'{key}' mail for application {application.pk}",
        lambda: mail_to_applicant(
            application=application, key=key, extra=extra, dedupe_key=dedupe_key
        ),
    )


@receiver(applications.draft_started, dispatch_uid="mail.draft_started")
def on_draft_started(sender: Any, application: Application, **kwargs: Any) -> None:
    _mail(application, "draft_started", f"draft_started:{application.pk}")


@receiver(applications.application_submitted, dispatch_uid="mail.submitted")
def on_submitted(sender: Any, application: Application, **kwargs: Any) -> None:
    _mail(application, "submitted", f"submitted:{application.pk}")


@receiver(screening.application_screened, dispatch_uid="mail.hub_redirect")
def on_screened(sender: Any, application: Application, redirected: bool, **kwargs: Any) -> None:
    # Once per application (dedupe key), however often it is screened again.
    if redirected:
        _safely(
            f"'hub_redirect' mail for application {application.pk}",
            lambda: mail_hub_redirect(application=application),
        )


@receiver(screening.applications_screened, dispatch_uid="mail.hub_redirect_many")
def on_screened_many(
    sender: Any, screened: list[tuple[Application, str, bool]], **kwargs: Any
) -> None:
    # A call screened again: most organisers were told already; one query finds them.
    redirected = [application for application, _verdict, redirect in screened if redirect]
    keys = {f"hub_redirect:{application.pk}": application for application in redirected}
    told = set(
        OutgoingMail.objects.filter(dedupe_key__in=keys).values_list("dedupe_key", flat=True)
    )
    for key, application in keys.items():
        if key not in told:
            on_screened(sender, application=application, redirected=True)


@receiver(applications.link_requested, dispatch_uid="mail.resume_link")
def on_link_requested(sender: Any, application: Application, **kwargs: Any) -> None:
    window = int(timezone.now().timestamp() // (RESEND_WINDOW_MINUTES * 60))
    _mail(application, "resume_link", f"resume_link:{application.pk}:{window}")


@receiver(applications.link_renewed, dispatch_uid="mail.link_renewed")
def on_link_renewed(sender: Any, application: Application, renewal: int, **kwargs: Any) -> None:
    _mail(application, "link_renewed", f"link_renewed:{renewal}")


@receiver(applications.late_access_granted, dispatch_uid="mail.late_access")
def on_late_access_granted(
    sender: Any, application: Application, grant: int, **kwargs: Any
) -> None:
    # The moment in the call's time zone and the applicant's language, as the call's
    # own close is written.
    until = format_moment(application.late_until, application.call.timezone, application.language)
    _mail(application, "late_access", f"late_access:{grant}", {"late_until": until})


@receiver(conversations.staff_message_sent, dispatch_uid="mail.staff_message")
def on_staff_message(sender: Any, application: Application, message: Any, **kwargs: Any) -> None:
    author = message.author.get_full_name() if message.author else ""
    extra = {"message": message.body, "sender_name": author}
    _mail(application, "staff_message", f"staff_message:{message.pk}", extra)


@receiver(conversations.info_requested, dispatch_uid="mail.info_request")
def on_info_requested(sender: Any, application: Application, message: Any, **kwargs: Any) -> None:
    _mail(application, "info_request", f"info_request:{message.pk}", {"questions": message.body})


@receiver(selection.decision_final, dispatch_uid="mail.decision_final")
def on_decision_final(sender: Any, application: Application, decision: Any, **kwargs: Any) -> None:
    # A decision may be reopened and made final again: each final version has its mail.
    dedupe_key = f"decision:{decision.pk}:{decision.final_at.isoformat()}"
    _safely(
        f"decision mail for application {application.pk}",
        lambda: mail_decision(
            application=application,
            outcome=decision.outcome,
            reasons=decision.reason,
            offers=decision.offers,
            dedupe_key=dedupe_key,
        ),
    )


@receiver(selection.decisions_released, dispatch_uid="mail.decisions_released")
def on_decisions_released(
    sender: Any, call: Any, applications: list[Application], user: Any, **kwargs: Any
) -> None:
    _safely(
        f"release of decision mails of call {call.pk}",
        lambda: mail_release_decisions(applications=applications, by=user),
    )


@receiver(accounts.second_factor_changed, dispatch_uid="mail.second_factor_changed")
def on_second_factor_changed(
    sender: Any, user: Any, change: Any, by: Any = None, call: Any = None, **kwargs: Any
) -> None:
    mail_second_factor_changed(user=user, change=change, by=by, call=call)
