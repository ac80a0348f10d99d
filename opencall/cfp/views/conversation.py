"""The applicant's side of the conversation, under their private link."""

import uuid

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from opencall.cfp.views.applications import private_holder
from opencall.conversations import selectors, services


@require_http_methods(["GET", "POST"])
def applicant_messages(request, public_id: uuid.UUID, token: str):
    holder = private_holder(public_id, token)
    application = holder.application
    error = ""
    body = ""
    if request.method == "POST":
        body = request.POST.get("body", "")
        try:
            services.reply_from_applicant(application=application, body=body, person=holder.name)
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
        "base_path": holder.path,
    }
    return render(request, "cfp/conversation.html", context)
