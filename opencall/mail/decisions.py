"""Mail that carries a verdict: decisions (held for staff, released together) and
the redirect of an excluded format to the right Open Mapping Hub."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import translation

from opencall.applications.document import ApplicationDocument
from opencall.applications.models import Application
from opencall.calls.models import Offer
from opencall.mail.enums import Action, Status
from opencall.mail.kinds import DECISION_KEYS
from opencall.mail.models import OutgoingMail
from opencall.mail.outbox import move
from opencall.mail.services import mail_release, mail_to_applicant
from opencall.reference.models import Hub

SUPERSEDED = "Replaced by the mail of a newer decision."


def offer_labels(application: Application, codes: Iterable[str]) -> list[str]:
    """The granted offers as the applicant reads them (their language, else English)."""
    codes = list(codes)
    document = ApplicationDocument.model_validate(application.document or {})
    requested = {offer.type: offer.details or "" for offer in document.offers}
    with translation.override(application.language):
        labels = {
            offer.code: str(offer.label)
            for offer in Offer.objects.filter(call=application.call_id, code__in=codes)
        }
    return [labels.get(code) or requested.get(code) or code for code in codes]


@transaction.atomic
def mail_decision(
    *,
    application: Application,
    outcome: str,
    reasons: str,
    offers: Iterable[str] = (),
    dedupe_key: str,
) -> OutgoingMail | None:
    """Hold the decision mail for staff review; an older held one is cancelled."""
    key = DECISION_KEYS[outcome]
    older = OutgoingMail.objects.select_for_update().filter(
        application=application, key__in=DECISION_KEYS.values(), status=Status.HELD
    )
    for mail in older.exclude(dedupe_key=dedupe_key):
        move(mail, Status.CANCELLED, action=Action.CANCELLED, note=SUPERSEDED)
    extra = {"reasons": reasons, "offers": offer_labels(application, offers)}
    return mail_to_applicant(application=application, key=key, extra=extra, dedupe_key=dedupe_key)


def mail_release_decisions(
    *, applications: Iterable[Application], by: AbstractBaseUser | None
) -> int:
    """Send the held decision mails of these applications, together."""
    held = OutgoingMail.objects.filter(
        application__in=list(applications), key__in=DECISION_KEYS.values(), status=Status.HELD
    )
    return mail_release(mails=held, by=by)


def hub_context(application: Application) -> dict[str, str]:
    """Who to send an excluded format to: the application's hub, else HOT's community team."""
    version = application.call.reference_version
    hub = (
        Hub.objects.filter(version=version, code=application.hub_code).first()
        if getattr(application, "hub_code", "")
        else None
    )
    if hub:
        return {
            "hub_name": hub.name_in(application.language),
            "hub_contact": hub.contact_url,
            "hub_address": hub.contact_email,
        }
    return {
        "hub_name": version.community_team_name,
        "hub_contact": version.community_team_url,
        "hub_address": version.community_team_email,
    }


def mail_hub_redirect(*, application: Application, reasons: str = "") -> OutgoingMail | None:
    """Tell the organiser of an excluded format whom to contact instead (POLICY FORMAT)."""
    return mail_to_applicant(
        application=application,
        key="hub_redirect",
        extra={**hub_context(application), "reasons": reasons},
        dedupe_key=f"hub_redirect:{application.pk}",
    )
