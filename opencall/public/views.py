"""The public page of supported events, its calendar feed and its open data.

Each is the same for every visitor in a language: kept rendered (core/pagecache.py)
under the call's page version (calls/versions.py), which a released decision, the
publication setting and an edit of the call bump.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from opencall.calls.models import Call
from opencall.calls.versions import call_page_stamp
from opencall.core.pagecache import cached_page
from opencall.public import exports, summit
from opencall.selection import published


def _published_call(slug: str) -> Call:
    call = get_object_or_404(Call, slug=slug)
    if not published.publishes_supported_events(call=call):
        raise Http404(_("This call does not list its supported events."))
    return call


def _cached(request, slug: str, build, *, per_visitor: bool, variant: str = ""):
    stamp = call_page_stamp(slug=slug)
    if stamp is None:
        raise Http404
    return cached_page(
        request,
        name=request.resolver_match.view_name + variant,
        stamp=stamp.key,
        changed_at=stamp.changed_at,
        valid_until=stamp.valid_until,
        render=build,
        per_visitor=per_visitor,
    )


@require_GET
def supported(request, slug: str):
    tiles, attribution = summit.tile_settings()

    def build(extra):
        call = _published_call(slug)
        events = summit.summit_events(call=call)
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
                **extra,
            },
        )
        # The map's tiles come from their own host: this page alone lets them in.
        if origin := summit.tile_origin(tiles):
            response._csp_update = {"img-src": [origin]}
        return response

    # The map's settings are part of the kept page's address.
    return _cached(request, slug, build, per_visitor=True, variant=tiles + attribution)


@require_GET
def supported_ics(request, slug: str):
    # The feed's UIDs name the host: it is part of the kept feed's address.
    host = request.get_host().split(":")[0]

    def build(extra):
        call = _published_call(slug)
        body = exports.events_ics(
            published.supported_events(call=call), title=str(call.title), domain=host
        )
        return HttpResponse(body, content_type="text/calendar; charset=utf-8")

    return _cached(request, slug, build, per_visitor=False, variant="@" + host)


@require_GET
def supported_json(request, slug: str):
    def build(extra):
        call = _published_call(slug)
        body = exports.events_json(summit.summit_events(call=call), call=call.slug)
        return HttpResponse(body, content_type="application/json; charset=utf-8")

    return _cached(request, slug, build, per_visitor=False)


@require_GET
def supported_csv(request, slug: str):
    def build(extra):
        call = _published_call(slug)
        response = HttpResponse(
            exports.events_csv(published.supported_events(call=call)),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{call.slug}-supported.csv"'
        return response

    return _cached(request, slug, build, per_visitor=False)
