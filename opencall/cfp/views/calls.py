"""The public call: the list of calls (the home page) and one call's page.

Both are the same for every visitor in a language: they are kept rendered
(core/pagecache.py) under the calls' page versions (calls/versions.py).
"""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from opencall.calls.models import Call
from opencall.calls.selectors import calls_listed
from opencall.calls.versions import call_list_stamp, call_page_stamp
from opencall.core.pagecache import Page, cached_page, page_of, page_view
from opencall.screening.criteria import call_criteria
from opencall.selection.published import publishes_supported_events


def _list_page(request) -> Page:
    return Page("cfp:home", call_list_stamp())


def _call_page(request, slug: str) -> Page | None:
    stamp = call_page_stamp(slug=slug)
    return None if stamp is None else Page("cfp:call", stamp)


@page_view(_list_page)
def call_list(request):
    def build(extra):
        now = timezone.now()
        calls = list(calls_listed())
        return render(
            request,
            "cfp/call_list.html",
            {
                "open_calls": [c for c in calls if c.is_open(now)],
                "other_calls": [c for c in calls if not c.is_open(now)],
                **extra,
            },
        )

    return cached_page(request, page_of(request, _list_page), build)


@page_view(_call_page)
def call_detail(request, slug: str):
    page = page_of(request, _call_page, slug=slug)
    if page is None:
        raise Http404

    def build(extra):
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
                **extra,
            },
        )

    return cached_page(request, page, build)
