"""Private links: an application's address for its applicant, without an account.

The token is an HMAC of the application's id and access key under the site's
secret: nothing in the database alone forges a link, and replacing the access key
revokes every link sent before.
"""

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
        "applications:private",
        kwargs={"public_id": application.public_id, "token": link_token(application)},
    )


def private_url(application: Application) -> str:
    return settings.SITE_URL + private_path(application)
