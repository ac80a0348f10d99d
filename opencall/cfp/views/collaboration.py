"""The organiser's side of the collaboration, under their private link: a commitment
answered with its link(s), and the report after the event (filed again to correct)."""

import uuid

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from opencall.cfp.collaboration import organiser_collaboration
from opencall.cfp.collaboration_forms import CommitmentAnswerForm, ReportForm, lines
from opencall.cfp.views.applications import overview_context, private_holder
from opencall.collaborations import services
from opencall.collaborations.models import Collaboration, Commitment, EventReport


def _collaboration(application) -> Collaboration:
    collaboration = Collaboration.objects.filter(application=application).first()
    if collaboration is None:
        raise Http404
    return collaboration


@require_POST
def commitment_answer(request, public_id: uuid.UUID, token: str, pk: int):
    holder = private_holder(public_id, token)
    application = holder.application
    commitment = get_object_or_404(Commitment, pk=pk, collaboration=_collaboration(application))
    form = CommitmentAnswerForm(request.POST, commitment=commitment)
    if form.is_valid():
        try:
            services.commitment_answer(
                commitment=commitment, links=lines(form.cleaned_data["links"])
            )
        except services.CollaborationRefused as exc:
            form.add_error("links", str(exc))
        else:
            messages.success(request, _("Thank you! Your answer is saved."))
            return redirect(holder.path + "#collaboration")
    context = overview_context(holder, answered={commitment.pk: form})
    return render(request, "cfp/overview.html", context, status=400)


@require_http_methods(["GET", "POST"])
def report(request, public_id: uuid.UUID, token: str):
    holder = private_holder(public_id, token)
    application = holder.application
    collaboration = _collaboration(application)
    existing = EventReport.objects.filter(collaboration=collaboration).first()
    error = ""
    if request.method == "POST" and not collaboration.is_open:
        form = ReportForm(report=existing)
        error = _("This collaboration is closed: the report can no longer be changed.")
    elif request.method == "POST":
        form = ReportForm(request.POST)
        if form.is_valid():
            try:
                services.report_file(collaboration=collaboration, **form.answers())
            except services.CollaborationRefused as exc:
                form.add_error("links", str(exc))
            else:
                messages.success(
                    request,
                    _("Thank you! Your report is saved. You can correct it here at any time.")
                    if existing is None
                    else _("Your report is corrected. Thank you!"),
                )
                return redirect(holder.path + "report/")
        error = _("Please correct what is marked below.")
    else:
        form = ReportForm(report=existing)
    context = {
        "application": application,
        "call": application.call,
        "base_path": holder.path,
        "collaboration": organiser_collaboration(application),
        "form": form,
        "report": existing,
        "error": error,
    }
    return render(request, "cfp/report.html", context, status=400 if error else 200)
