"""Private links: an application's address for its applicant, without an account.

The token is an HMAC of the application's id and access key under the site's
secret: nothing in the database alone forges a link, and replacing the access key
revokes every link sent before.

A co-organiser (models.CoOrganiser) has a link of their own: "<row id>-<HMAC of the
application's id, the row and its own key>". Revoking it (a new key, revoked_at set)
ends that link only; the main link and the others keep working.
"""

import re
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from opencall.applications.models import Application, CoOrganiser

_SALT = "opencall.applications.private-link"
_CO_SALT = "opencall.applications.co-organiser-link"


def link_token(application: Application) -> str:
    value = f"{application.public_id}:{application.access_key}"
    return salted_hmac(_SALT, value, algorithm="sha256").hexdigest()[:40]


def token_matches(application: Application, token: str) -> bool:
    return constant_time_compare(link_token(application), token)


def private_path(application: Application) -> str:
    return reverse(
        "cfp:private",
        kwargs={"public_id": application.public_id, "token": link_token(application)},
    )


def private_url(application: Application) -> str:
    return settings.SITE_URL + private_path(application)


def co_organiser_token(co_organiser: CoOrganiser) -> str:
    application = co_organiser.application
    value = f"{application.public_id}:{co_organiser.pk}:{co_organiser.access_key}"
    mac = salted_hmac(_CO_SALT, value, algorithm="sha256").hexdigest()[:40]
    return f"{co_organiser.pk}-{mac}"


def co_organiser_url(co_organiser: CoOrganiser) -> str:
    path = reverse(
        "cfp:private",
        kwargs={
            "public_id": co_organiser.application.public_id,
            "token": co_organiser_token(co_organiser),
        },
    )
    return settings.SITE_URL + path


@dataclass(frozen=True)
class Holder:
    """Who opened an application's private page: the first contact (the main link) or
    one of its co-organisers, and the address of their own link."""

    application: Application
    token: str
    co_organiser: CoOrganiser | None = None

    @property
    def is_first(self) -> bool:
        return self.co_organiser is None

    @property
    def path(self) -> str:
        return reverse(
            "cfp:private",
            kwargs={"public_id": self.application.public_id, "token": self.token},
        )

    @property
    def name(self) -> str:
        """The person by name, as the timeline records what they did."""
        if self.co_organiser is not None:
            return self.co_organiser.name
        contacts = (self.application.document or {}).get("contacts") or []
        first = contacts[0] if contacts and isinstance(contacts[0], dict) else {}
        return (first.get("name") or "").strip() or self.application.email


def link_holder(application: Application, token: str) -> Holder | None:
    """Whose link this token is, or None when it is no link (or a revoked one)."""
    if token_matches(application, token):
        return Holder(application=application, token=token)
    row_id, sep, _mac = token.partition("-")
    if not sep or not row_id.isdigit():
        return None
    co_organiser = CoOrganiser.objects.filter(
        application=application, pk=int(row_id), revoked_at__isnull=True
    ).first()
    if co_organiser is None:
        return None
    co_organiser.application = application
    if not constant_time_compare(co_organiser_token(co_organiser), token):
        return None
    return Holder(application=application, token=token, co_organiser=co_organiser)


# Replies by email: mail to an applicant carries `reply+<id>.<signature>@<domain>` as
# its Reply-To when INBOUND_REPLY_DOMAIN is set, and the mail server pipes what
# arrives there into `manage.py receive_mail`. Same secret, same revocation as links.
_REPLY = re.compile(r"^reply\+([0-9a-f]{32})\.([0-9a-f]{16})@(.+)$", re.IGNORECASE)


def reply_address(application: Application) -> str | None:
    domain = getattr(settings, "INBOUND_REPLY_DOMAIN", "")
    if not domain:
        return None
    return f"reply+{application.public_id.hex}.{link_token(application)[:16]}@{domain}"


def application_for_reply(address: str) -> Application | None:
    """The application a reply address belongs to, if its signature holds."""
    match = _REPLY.match(address.strip())
    domain = getattr(settings, "INBOUND_REPLY_DOMAIN", "")
    if not match or not domain or match.group(3).lower() != domain.lower():
        return None
    application = Application.objects.filter(public_id=uuid.UUID(match.group(1))).first()
    if application is None:
        return None
    signature = link_token(application)[:16]
    return application if constant_time_compare(signature, match.group(2).lower()) else None
