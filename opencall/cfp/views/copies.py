"""Copies to print or keep offline: "Your copy" of what the applicant sent, under the
private link only, and the questions of a call on one page, public.

Each is a page of the site (it prints as a clean A4 document, css/copy.css) and a file
to download: the same content with that stylesheet inlined, loading nothing else.
"""

import base64
import hashlib
import uuid

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from opencall.calls.models import Call
from opencall.calls.texts import moment_in_words
from opencall.cfp.call_questions import call_questions
from opencall.cfp.copies import application_copy
from opencall.cfp.views.applications import private_holder

STYLESHEET = "css/copy.css"


def _stylesheet() -> str:
    """The copy's stylesheet as text, read from the static file when the file is made."""
    path = finders.find(STYLESHEET)
    if path:
        with open(path, encoding="utf-8") as file:
            return file.read()
    with staticfiles_storage.open(STYLESHEET) as file:
        return file.read().decode("utf-8")


def _as_file(request, template: str, context: dict, filename: str) -> HttpResponse:
    """The page's content as one self-contained file to save: the stylesheet inlined
    (allowed by its hash, should a browser show it rather than save it)."""
    css = _stylesheet()
    assert "</" not in css  # nothing in it may end the <style> element
    response = render(request, template, {**context, "stylesheet": mark_safe(css)})  # noqa: S308
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    response._csp_update = {"style-src": [f"'sha256-{digest}'"]}
    return response


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _copy_context(request, public_id: uuid.UUID, token: str) -> dict:
    holder = private_holder(public_id, token)
    application = holder.application
    return {
        "copy": application_copy(application=application),
        "call_url": request.build_absolute_uri(reverse("cfp:call", args=[application.call.slug])),
        "base_path": holder.path,
    }


@require_GET
def copy_page(request, public_id: uuid.UUID, token: str):
    """Your copy: every answer as sent, to print or save as PDF."""
    return _private(render(request, "cfp/copy_page.html", _copy_context(request, public_id, token)))


@require_GET
def download(request, public_id: uuid.UUID, token: str):
    """Your copy as one HTML file to keep (the address of the first download, kept: it
    is in applicants' mail and bookmarks)."""
    context = _copy_context(request, public_id, token)
    filename = f"{context['copy'].application.ref}.html"
    return _private(_as_file(request, "cfp/copy_file.html", context, filename))


def _questions_context(request, slug: str) -> dict:
    call = get_object_or_404(Call.objects.prefetch_related("offers"), slug=slug)
    now = timezone.now()
    return {
        "call": call,
        "steps": call_questions(call=call),
        "call_url": request.build_absolute_uri(reverse("cfp:call", args=[call.slug])),
        "is_open": call.is_open(now),
        "not_yet_open": now < call.opens_at,
        "made": moment_in_words(now, call),
    }


@require_GET
def questions_page(request, slug: str):
    """Every question of the call's form on one page, public like the call's page."""
    return render(request, "cfp/questions_page.html", _questions_context(request, slug))


@require_GET
def questions_download(request, slug: str):
    context = _questions_context(request, slug)
    return _as_file(request, "cfp/questions_file.html", context, f"{slug}-questions.html")
