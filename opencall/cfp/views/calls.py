"""The public call: the list of calls (the home page) and one call's page."""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from opencall.calls.models import Call
from opencall.calls.selectors import calls_listed
from opencall.screening.criteria import call_criteria
from opencall.selection.published import publishes_supported_events


def call_list(request):
    now = timezone.now()
    calls = list(calls_listed())
    return render(
        request,
        "cfp/call_list.html",
        {
            "open_calls": [c for c in calls if c.is_open(now)],
            "other_calls": [c for c in calls if not c.is_open(now)],
        },
    )


def call_detail(request, slug: str):
    call = get_object_or_404(Call.objects.prefetch_related("offers"), slug=slug)
    return render(
        request,
        "cfp/call_detail.html",
        {
            "call": call,
            "is_open": call.is_open(),
            "not_yet_open": timezone.now() < call.opens_at,
            "publishes_supported": publishes_supported_events(call=call),
            "criteria": call_criteria(call.extra_criteria),
        },
    )
