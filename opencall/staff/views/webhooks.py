"""A call's webhooks, for its call administrators: the list and a form to add one,
each hook's page (change it, its secret, its deliveries, send a failed one again, a
test event, remove it). The secret is on the answer to the request that made or
asked for it only (never cached), like a new API token."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from opencall.staff.access import gated, staff_call
from opencall.staff.forms.webhooks import WebhookEditForm, WebhookForm
from opencall.webhooks import selectors, services
from opencall.webhooks.enums import DeliveryStatus
from opencall.webhooks.models import Delivery, Webhook

PERMISSION = "webhooks.manage"


def _refused(form, exc: services.WebhookRefused) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, str(exc))


def _hook(request, slug: str, pk: int):
    call = staff_call(request, slug, PERMISSION)
    return call, get_object_or_404(Webhook, call=call, pk=pk)


def _hook_page(request, call, hook, *, form=None, secret: str = "", status: int = 200):
    if form is None:
        form = WebhookEditForm(
            initial={
                "url": hook.url,
                "events": hook.events,
                "description": hook.description,
                "active": hook.active,
            },
            prefix="hook",
        )
    context = {
        "call": call,
        "hook": hook,
        "form": form,
        "secret": secret,
        "deliveries": selectors.deliveries_of(webhook=hook),
        "changes": selectors.changes_of(call=call, webhook=hook),
        "failed": DeliveryStatus.FAILED,
        "can_assign": request.user.has_perm("calls.assign", call),
    }
    return render(request, "staff/webhooks/hook.html", context, status=status)


@never_cache  # the answer to a creation holds the secret
@gated
@require_http_methods(["GET", "POST"])
def webhooks_page(request, slug: str):
    call = staff_call(request, slug, PERMISSION)
    form = WebhookForm(request.POST or None, prefix="new")
    if request.method == "POST" and form.is_valid():
        try:
            hook = services.webhook_create(
                call=call,
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
                description=form.cleaned_data["description"],
                by=request.user,
            )
        except services.WebhookRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The webhook is added."))
            return _hook_page(request, call, hook, secret=hook.secret)
    context = {
        "call": call,
        "form": form,
        "hooks": selectors.hooks_of(call=call),
        "changes": selectors.changes_of(call=call),
        "can_assign": request.user.has_perm("calls.assign", call),
    }
    return render(request, "staff/webhooks/list.html", context, status=400 if form.errors else 200)


@never_cache
@gated
@require_http_methods(["GET", "POST"])
def webhook_page(request, slug: str, pk: int):
    call, hook = _hook(request, slug, pk)
    if request.method != "POST":
        return _hook_page(request, call, hook)
    form = WebhookEditForm(request.POST, prefix="hook")
    if form.is_valid():
        try:
            services.webhook_update(webhook=hook, by=request.user, **form.cleaned_data)
        except services.WebhookRefused as exc:
            _refused(form, exc)
        else:
            messages.success(request, _("The webhook is saved."))
            return redirect("staff:webhook", slug=call.slug, pk=hook.pk)
    return _hook_page(request, call, hook, form=form, status=400)


@never_cache  # the answer holds the secret
@gated
@require_POST
def webhook_secret(request, slug: str, pk: int):
    call, hook = _hook(request, slug, pk)
    if request.POST.get("action") == "renew":
        secret = services.webhook_secret_renew(webhook=hook, by=request.user)
        messages.success(
            request,
            _("A new secret is made: give it to the receiving tool, the old one no longer signs."),
        )
    else:
        secret = services.webhook_secret_reveal(webhook=hook, by=request.user)
    hook.refresh_from_db()
    return _hook_page(request, call, hook, secret=secret)


@gated
@require_POST
def webhook_test(request, slug: str, pk: int):
    call, hook = _hook(request, slug, pk)
    services.webhook_send_test(webhook=hook, by=request.user)
    messages.success(
        request, _("A test event is on its way: its delivery is at the top of the list below.")
    )
    return redirect("staff:webhook", slug=call.slug, pk=hook.pk)


@gated
@require_POST
def webhook_delete(request, slug: str, pk: int):
    call, hook = _hook(request, slug, pk)
    services.webhook_delete(webhook=hook, by=request.user)
    messages.success(
        request, _("The webhook is removed: nothing more is sent to %(url)s.") % {"url": hook.url}
    )
    return redirect("staff:webhooks", slug=call.slug)


@gated
@require_POST
def delivery_replay(request, slug: str, pk: int, delivery: int):
    call, hook = _hook(request, slug, pk)
    row = get_object_or_404(Delivery, webhook=hook, pk=delivery)
    try:
        services.delivery_replay(delivery=row, by=request.user)
    except services.WebhookRefused as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The delivery is sent again."))
    return redirect("staff:webhook", slug=call.slug, pk=hook.pk)
