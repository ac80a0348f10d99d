"""Every staff page starts here: signed in, second factor when the call asks for
it, then the rulebook. Refusals are 403 (or 404 for what the user may not know of)."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import user_has_device

from opencall.accounts.selectors import two_factor_satisfied
from opencall.applications.models import Application
from opencall.calls.models import Call


class Redirect(Exception):
    """Leave the view for a sign-in or second-factor page."""

    def __init__(self, response: HttpResponse):
        super().__init__("redirect")
        self.response = response


def gate(request: HttpRequest, call: Call) -> None:
    if not request.user.is_authenticated:
        raise Redirect(redirect_to_login(request.get_full_path()))
    if not two_factor_satisfied(user=request.user, call_id=call.pk):
        page = (
            "accounts:verify"
            if user_has_device(request.user, confirmed=True)
            else ("accounts:two_factor")
        )
        query = urlencode({"next": request.get_full_path()})
        raise Redirect(redirect(f"{reverse(page)}?{query}"))


def staff_call(request: HttpRequest, slug: str, permission: str) -> Call:
    call = get_object_or_404(Call.objects.select_related("reference_version"), slug=slug)
    gate(request, call)
    if not request.user.has_perm(permission, call):
        raise PermissionDenied
    return call


def staff_application(request: HttpRequest, slug: str, number: int, permission: str) -> Application:
    application = get_object_or_404(
        Application.objects.select_related("call", "call__reference_version"),
        call__slug=slug,
        number=number,
    )
    return _allowed(request, application, permission)


def staff_application_by_pk(request: HttpRequest, pk: int, permission: str) -> Application:
    """The same checks for an application named by its database id (old addresses)."""
    application = get_object_or_404(
        Application.objects.select_related("call", "call__reference_version"), pk=pk
    )
    return _allowed(request, application, permission)


def _allowed(request: HttpRequest, application: Application, permission: str) -> Application:
    gate(request, application.call)
    if not request.user.has_perm("applications.view", application):
        # Not knowing the application and not being allowed to see it look the same.
        raise PermissionDenied
    if permission != "applications.view" and not request.user.has_perm(permission, application):
        raise PermissionDenied
    return application


def gated(view):
    """Turn a Redirect raised by the access helpers into the response."""

    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Redirect as exc:
            return exc.response

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper
