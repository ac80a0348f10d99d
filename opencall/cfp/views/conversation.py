"""The applicant's side of the conversation, under their private link."""

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from opencall.applications.links import private_path, token_matches
from opencall.applications.models import Application
from opencall.conversations import selectors, services


@require_http_methods(["GET", "POST"])
def applicant_messages(request, public_id: uuid.UUID, token: str):
    application = get_object_or_404(Application.objects.select_related("call"), public_id=public_id)
    if not token_matches(application, token):
        raise Http404
    error = ""
    body = ""
    if request.method == "POST":
        body = request.POST.get("body", "")
        try:
            services.reply_from_applicant(application=application, body=body)
        except services.MessageRefused as exc:
            error = str(exc)
        else:
            messages.success(request, _("Your answer is sent. Thank you!"))
            return redirect(request.path)
    context = {
        "application": application,
        "call": application.call,
        "thread": selectors.applicant_thread(application=application),
        "open_requests": selectors.open_requests(application=application).exists(),
        "can_reply": application.status not in services.CLOSED,
        "error": error,
        "body": body,
        "base_path": private_path(application),
    }
    return render(request, "cfp/conversation.html", context)
