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
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from opencall.accounts import selectors, services, two_factor
from opencall.staff.forms.accounts import TokenForm


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
    """Ask for the code of the user's authenticator (or a recovery code) once per session."""
    if not user_has_device(request.user, confirmed=True):
        return redirect(_with_next("accounts:two_factor", _next(request)))
    error = ""
    if request.method == "POST":
        device = two_factor.check_second_factor(
            user=request.user, code=request.POST.get("token", "")
        )
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                _recovery_code_used(request)
            return redirect(_next(request))
        error = two_factor.wrong_code()
    return render(request, "accounts/verify.html", {"error": error, "next": _next(request)})


def _recovery_code_used(request) -> None:
    left = two_factor.recovery_codes_left(request.user)
    messages.warning(
        request,
        ngettext(
            "You signed in with a recovery code: %(count)d is left. Make a new set on your "
            "two-factor page once you have your authenticator again.",
            "You signed in with a recovery code: %(count)d are left. Make a new set on your "
            "two-factor page once you have your authenticator again.",
            left,
        )
        % {"count": left},
    )


def _secret(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def _codes_page(request, codes: list[str], title: str):
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "title": title, "next": _next(request)},
    )


@never_cache  # the answers show the secret and the recovery codes
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_page(request):
    """Enrol an authenticator app (start, scan or type the secret, confirm a code);
    replace or remove it, or make new recovery codes, with the second factor."""
    user = request.user
    device = two_factor.pending_device(user)
    action = request.POST.get("action", "confirm") if request.method == "POST" else ""
    proof = request.POST.get("proof", "")
    error = ""
    try:
        if action == "start":
            device = two_factor.totp_enrol(user=user)
        elif action == "confirm" and device is not None:
            codes = two_factor.totp_confirm(
                device=device, token=request.POST.get("token", ""), proof=proof
            )
            device.refresh_from_db()
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is on for your account."))
            return _codes_page(request, codes, _("Your recovery codes"))
        elif action == "codes":
            codes = two_factor.recovery_codes_renew(user=user, proof=proof)
            return _codes_page(request, codes, _("Your new recovery codes"))
        elif action == "remove":
            two_factor.second_factor_remove(user=user, proof=proof)
            messages.success(request, _("Two-factor authentication is off for your account."))
            return redirect("accounts:two_factor")
    except two_factor.SecondFactorRefused as exc:
        error = str(exc)
    context = {
        "device": device,
        "secret": _secret(device) if device else "",
        "enrolled": two_factor.confirmed_device(user) is not None,
        "codes_left": two_factor.recovery_codes_left(user),
        "action": action,
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
    form = TokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                calls=form.cleaned_data["calls"],
                access=form.cleaned_data["access"],
                expires_on=form.cleaned_data["expires_on"],
            )
        except services.TokenNotMade as exc:
            form.add_error(None, str(exc))
        else:
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
