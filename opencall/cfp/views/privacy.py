"""The privacy pages: a call's notice, and a person's own data (docs/privacy.md).

A person gives their address; a signed link (24 hours) is mailed to it; the link's page
shows what is held, downloads it as JSON, and asks for its erasure.
"""

import json
import math

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from opencall.applications import limits
from opencall.calls.models import Call
from opencall.core.clients import client_address
from opencall.privacy.identity import email_from_token, person_applications
from opencall.privacy.services import data_link_send, erasure_ask, person_data


def notice(request, slug: str):
    call = get_object_or_404(Call, slug=slug)
    return render(request, "cfp/privacy_notice.html", {"call": call})


def _try_again(exc: limits.TooManyRequests) -> str:
    minutes = max(1, math.ceil(exc.retry_after / 60))
    return ngettext(
        "Please try again in %(minutes)d minute.",
        "Please try again in %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


@require_http_methods(["GET", "POST"])
def ask(request):
    """The same answer whether or not the address applied: the page tells nobody."""
    email = request.POST.get("email", "").strip()
    context = {"email": email, "sent": False, "error": "", "refusal": ""}
    status = 200
    if request.method == "POST":
        if "@" not in email or len(email) > 254:
            context["error"] = _("Enter the email address you applied with.")
            status = 400
        else:
            try:
                data_link_send(
                    email=email, client=client_address(request), site_url=settings.SITE_URL
                )
            except limits.TooManyRequests as exc:
                context["refusal"] = (
                    _("Too many links were asked for in the last hour.") + " " + _try_again(exc)
                )
                response = render(request, "cfp/privacy_ask.html", context, status=429)
                response["Retry-After"] = str(exc.retry_after)
                return response
            context["sent"] = True
    return render(request, "cfp/privacy_ask.html", context, status=status)


def _expired(request):
    return render(request, "cfp/privacy_expired.html", status=404)


def data(request, token: str):
    email = email_from_token(token)
    if email is None:
        return _expired(request)
    return render(
        request,
        "cfp/privacy_data.html",
        {"email": email, "token": token, "applications": person_applications(email)},
    )


def download(request, token: str):
    email = email_from_token(token)
    if email is None:
        return _expired(request)
    body = json.dumps(person_data(email=email), ensure_ascii=False, indent=2, default=str)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="opencall-my-data.json"'
    return response


@require_POST
def erase(request, token: str):
    email = email_from_token(token)
    if email is None:
        return _expired(request)
    if request.POST.get("confirm") != "yes":
        return render(
            request,
            "cfp/privacy_data.html",
            {
                "email": email,
                "token": token,
                "applications": person_applications(email),
                "confirm_error": _("Tick the box to confirm that your data should be erased."),
            },
            status=400,
        )
    outcome = erasure_ask(email=email)
    return render(request, "cfp/privacy_erased.html", {"outcome": outcome})
