"""Staff sign-in and sign-out, the second factor (TOTP): enrol and verify, and one's
personal API tokens."""

import base64

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from opencall.accounts import selectors, services
from opencall.accounts.forms import TokenForm


def _next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("staff:home")


def _with_next(name: str, target: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': target})}"


@require_http_methods(["GET", "POST"])
def sign_in(request):
    form = AuthenticationForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        login(request, user)
        services.staff_language_remember(user=user, language=translation.get_language())
        if user_has_device(user, confirmed=True):
            return redirect(_with_next("accounts:verify", _next(request)))
        return redirect(_next(request))
    return render(request, "accounts/sign_in.html", {"form": form, "next": _next(request)})


@require_POST
def sign_out(request):
    logout(request)
    messages.success(request, _("You are signed out."))
    return redirect("accounts:login")


@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """Ask for the code of the user's authenticator once per session."""
    if not user_has_device(request.user, confirmed=True):
        return redirect(_with_next("accounts:two_factor", _next(request)))
    error = ""
    if request.method == "POST":
        token = request.POST.get("token", "").replace(" ", "")
        device = match_token(request.user, token) if token else None
        if device is not None:
            otp_login(request, device)
            return redirect(_next(request))
        error = _("This code is not right, or it has expired. Try the current one.")
    return render(request, "accounts/verify.html", {"error": error, "next": _next(request)})


def _secret(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


@login_required
@require_http_methods(["GET", "POST"])
def two_factor(request):
    """Enrol an authenticator app: start, scan or type the secret, confirm a code."""
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    error = ""
    if request.method == "POST" and request.POST.get("action") == "start":
        device = services.totp_enrol(user=request.user)
    elif request.method == "POST" and device is not None:
        if services.totp_confirm(device=device, token=request.POST.get("token", "").strip()):
            device.refresh_from_db()
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is on for your account."))
            return redirect(_next(request))
        error = _("This code is not right, or it has expired. Try the current one.")
    context = {
        "device": device,
        "secret": _secret(device) if device else "",
        "enrolled": user_has_device(request.user, confirmed=True),
        "error": error,
        "next": _next(request),
    }
    return render(request, "accounts/two_factor.html", context)


@require_POST
def language(request):
    """Django's language switch; for staff, the choice is also the language of their mail."""
    response = set_language(request)
    services.staff_language_remember(user=request.user, language=request.POST.get("language", ""))
    return response


def _unverified(request) -> bool:
    """Signed in with a password only, though the account has an authenticator: a
    token lasts longer than the session, so it needs the second factor to be made."""
    return user_has_device(request.user, confirmed=True) and not request.user.is_verified()


@never_cache  # the answer to a creation holds the secret
@login_required
@require_http_methods(["GET", "POST"])
def tokens(request):
    """The user's API tokens; a new one's secret is on the answer to its creation only."""
    if _unverified(request):
        return redirect(_with_next("accounts:verify", request.get_full_path()))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        new = services.token_create(user=request.user, name=form.cleaned_data["name"])
        return render(request, "accounts/token_created.html", {"new": new})
    context = {"form": form, "tokens": selectors.tokens_of(user=request.user)}
    return render(request, "accounts/tokens.html", context)


@login_required
@require_POST
def token_revoke(request, pk: int):
    if _unverified(request):
        return redirect(_with_next("accounts:verify", reverse("accounts:tokens")))
    # Only one's own tokens: another person's answers 404, as if it did not exist.
    token = get_object_or_404(selectors.tokens_of(user=request.user), pk=pk)
    services.token_revoke(token=token, by=request.user)
    messages.success(request, _("The token %(prefix)s… is revoked.") % {"prefix": token.prefix})
    return redirect("accounts:tokens")
