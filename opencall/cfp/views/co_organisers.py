"""The first contact gives co-organisers links of their own, and revokes them, from
the private page (docs/co-organisers.md)."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencall.applications.co_organisers import (
    CoOrganiserRefused,
    co_organiser_add,
    co_organiser_revoke,
)
from opencall.cfp.co_organiser_forms import CoOrganiserForm
from opencall.cfp.views.applications import overview_context, private_holder


@require_POST
def add(request, public_id: uuid.UUID, token: str):
    holder = private_holder(public_id, token)
    if not holder.is_first:
        raise PermissionDenied
    form = CoOrganiserForm(request.POST)
    if form.is_valid():
        try:
            co_organiser = co_organiser_add(
                application=holder.application, by=holder, **form.cleaned_data
            )
        except CoOrganiserRefused as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("%(name)s has a link of their own now: copy it below and send it to them.")
                % {"name": co_organiser.name},
            )
            return redirect(holder.path + "#co-organisers")
    context = overview_context(holder)
    context["co_form"] = form
    return render(request, "cfp/overview.html", context, status=400)


@require_POST
def revoke(request, public_id: uuid.UUID, token: str, pk: int):
    holder = private_holder(public_id, token)
    if not holder.is_first:
        raise PermissionDenied
    try:
        co_organiser = co_organiser_revoke(
            application=holder.application, by=holder, co_organiser_id=pk
        )
    except CoOrganiserRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(name)s's link no longer works.") % {"name": co_organiser.name},
        )
    return redirect(holder.path + "#co-organisers")
