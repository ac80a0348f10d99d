"""Private links: an application's address for its applicant, without an account.

The token is an HMAC of the application's id and access key under the site's
secret: nothing in the database alone forges a link, and replacing the access key
revokes every link sent before.
"""

import re
import uuid

from django.conf import settings
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac

from opencall.applications.models import Application

_SALT = "opencall.applications.private-link"


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
