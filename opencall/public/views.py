"""The public page of supported events, its calendar feed and its open data."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from opencall.calls.models import Call
from opencall.public import exports, summit
from opencall.selection import published


def _published_call(slug: str) -> Call:
    call = get_object_or_404(Call, slug=slug)
    if not published.publishes_supported_events(call=call):
        raise Http404(_("This call does not list its supported events."))
    return call


@require_GET
def supported(request, slug: str):
    call = _published_call(slug)
    events = summit.summit_events(call=call)
    tiles, attribution = summit.tile_settings()
    response = render(
        request,
        "public/supported.html",
        {
            "call": call,
            "events": events,
            "regions": summit.by_region(call=call, events=events),
            "points": summit.map_points(events),
            "tiles": tiles,
            "attribution": attribution,
        },
    )
    # The map's tiles come from their own host: this page alone lets them in.
    if origin := summit.tile_origin(tiles):
        response._csp_update = {"img-src": [origin]}
    return response


@require_GET
def supported_ics(request, slug: str):
    call = _published_call(slug)
    body = exports.events_ics(
        published.supported_events(call=call),
        title=str(call.title),
        domain=request.get_host().split(":")[0],
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@require_GET
def supported_json(request, slug: str):
    call = _published_call(slug)
    body = exports.events_json(summit.summit_events(call=call), call=call.slug)
    return HttpResponse(body, content_type="application/json; charset=utf-8")


@require_GET
def supported_csv(request, slug: str):
    call = _published_call(slug)
    response = HttpResponse(
        exports.events_csv(published.supported_events(call=call)),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{call.slug}-supported.csv"'
    return response
