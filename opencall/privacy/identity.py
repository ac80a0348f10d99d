"""A person, as the privacy pages know them: an email address, and its keyed hash."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core import signing
from django.db.models import Q, QuerySet

from opencall.applications.models import Application

LINK_SALT = "opencall.privacy.data-link"
LINK_HOURS = 24


def normalise(email: str) -> str:
    return email.strip().lower()


def person_hash(email: str) -> str:
    """Keyed (the site's secret), so the audit's hashes cannot be checked against a
    list of guessed addresses by whoever reads the database alone."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, normalise(email).encode(), hashlib.sha256).hexdigest()


def data_token(email: str) -> str:
    return signing.dumps({"email": normalise(email)}, salt=LINK_SALT, compress=True)


def email_from_token(token: str) -> str | None:
    """The address a link was made for, or None when the link is altered or too old."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=LINK_HOURS * 3600)
    except signing.BadSignature:
        return None
    email = data.get("email") if isinstance(data, dict) else None
    return email if isinstance(email, str) and email else None


def contact_matches(application: Application, email: str) -> bool:
    wanted = normalise(email)
    if normalise(application.email or "") == wanted:
        return True
    contacts = (application.document or {}).get("contacts") or ()
    return any(
        isinstance(contact, dict) and normalise(str(contact.get("email") or "")) == wanted
        for contact in contacts
    )


def co_organiser_of(application: Application, email: str) -> bool:
    wanted = normalise(email)
    return any(normalise(co.email) == wanted for co in application.co_organisers.all())


def person_applications(email: str) -> list[Application]:
    """Every application where the address appears: as the contact email, in the
    document's contacts, or as a co-organiser's (applications/co_organisers.py)."""
    wanted = normalise(email)
    if not wanted:
        return []
    found: QuerySet[Application] = (
        Application.objects.filter(
            Q(email__iexact=wanted)
            | Q(document__icontains=wanted)
            | Q(co_organisers__email__iexact=wanted)
        )
        .distinct()
        .select_related("call")
        .prefetch_related("co_organisers")
        .order_by("pk")
    )
    return [
        application
        for application in found
        if contact_matches(application, wanted) or co_organiser_of(application, wanted)
    ]
