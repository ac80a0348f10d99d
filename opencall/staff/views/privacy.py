"""Erasures waiting for a call administrator (privacy/services.py, docs/privacy.md): an
application under review, accepted or in a collaboration is a record the call may still
need, so its erasure is decided by a person, who erases it or refuses with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from opencall.privacy import selectors, services
from opencall.staff.access import gated, staff_call

PERMISSION = "calls.administer"


@require_http_methods(["GET", "POST"])
@gated
def erasures(request, slug: str):
    call = staff_call(request, slug, PERMISSION)
    errors: dict[int, str] = {}
    typed: dict[int, str] = {}
    if request.method == "POST":
        waiting = get_object_or_404(
            selectors.erasures_waiting(call=call), pk=request.POST.get("pk")
        )
        erase = request.POST.get("action") == "erase"
        reason = request.POST.get("reason", "").strip()
        if erase and not request.POST.get("confirm"):
            errors[waiting.pk] = _("Tick the box to confirm the erasure: it cannot be undone.")
        elif not erase and not reason:
            errors[waiting.pk] = _(
                "Say why the erasure is refused: the reason is kept with the request."
            )
        else:
            services.erasure_decide(request=waiting, by=request.user, erase=erase, reason=reason)
            messages.success(
                request,
                (
                    _("%(ref)s is erased: its personal data is gone.")
                    if erase
                    else _("The erasure of %(ref)s is refused, with your reason.")
                )
                % {"ref": waiting.application.ref},
            )
            return redirect("staff:erasures", call.slug)
        typed[waiting.pk] = reason
    rows = [
        {"request": waiting, "error": errors.get(waiting.pk), "reason": typed.get(waiting.pk, "")}
        for waiting in selectors.erasures_waiting(call=call)
    ]
    return render(
        request,
        "staff/erasures.html",
        {"call": call, "rows": rows, "decided": selectors.erasures_decided(call=call)},
        status=400 if errors else 200,
    )
