"""The accepted applicant answers the offer from their private page: confirm (the
collaboration opens) or decline (the resources go back to the pools). Anyone with a link
may confirm; declining, like withdrawing, is the first contact's alone."""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opencall.cfp.status import offer_of
from opencall.cfp.views.applications import private_holder
from opencall.collaborations.services import offer_confirm_and_open
from opencall.selection.offers import offer_decline
from opencall.selection.services import SelectionRefused


@require_POST
def offer_answer(request, public_id: uuid.UUID, token: str):
    holder = private_holder(public_id, token)
    offer = offer_of(holder.application)
    if offer is None:
        raise Http404
    answer = request.POST.get("answer")
    try:
        if answer == "confirm":
            offer_confirm_and_open(decision=offer.decision, person=holder.name)
            messages.success(
                request, _("Thank you! You confirmed the offer: the collaboration begins.")
            )
        elif answer == "decline":
            if not holder.is_first:
                raise PermissionDenied
            offer_decline(
                decision=offer.decision,
                reason=request.POST.get("reason", "").strip()[:2000],
                person=holder.name,
            )
            messages.success(
                request, _("You declined the offer. Thank you for telling us so quickly.")
            )
        else:
            messages.error(request, _("Choose to confirm or to decline the offer."))
    except SelectionRefused as exc:
        messages.error(request, str(exc))
    return redirect(holder.path + "#offer")
