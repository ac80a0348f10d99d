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
from opencall.core.pagecache import Page, cached_page, page_of, page_view
from opencall.public import exports, summit
from opencall.selection import published


def _published_call(slug: str) -> Call:
    call = get_object_or_404(Call, slug=slug)
    if not published.publishes_supported_events(call=call):
        raise Http404(_("This call does not list its supported events."))
    return call


def _address(name: str, *, per_visitor: bool):
    """The kept page's address of a view of the call `slug`; `name(request)` says
    what else the page depends on."""

    def address(request, slug: str) -> Page | None:
        stamp = call_page_stamp(slug=slug)
        return None if stamp is None else Page(name(request), stamp, per_visitor)

    return address


def _cached(request, slug: str, build, address):
    page = page_of(request, address, slug=slug)
    if page is None:
        raise Http404
    return cached_page(request, page, build)


def _supported_name(request) -> str:
    # The map's settings are part of the kept page's address.
    tiles, attribution = summit.tile_settings()
    return "public:supported" + tiles + attribution


def _ics_name(request) -> str:
    # The feed's UIDs name the host: it is part of the kept feed's address.
    return "public:supported_ics@" + _host(request)


def _host(request) -> str:
    return request.get_host().split(":")[0]


_supported_page = _address(_supported_name, per_visitor=True)
_ics_page = _address(_ics_name, per_visitor=False)
_json_page = _address(lambda request: "public:supported_json", per_visitor=False)
_csv_page = _address(lambda request: "public:supported_csv", per_visitor=False)


@page_view(_supported_page)
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

    return _cached(request, slug, build, _supported_page)


@page_view(_ics_page)
@require_GET
def supported_ics(request, slug: str):
    def build(extra):
        call = _published_call(slug)
        body = exports.events_ics(
            published.supported_events(call=call), title=str(call.title), domain=_host(request)
        )
        return HttpResponse(body, content_type="text/calendar; charset=utf-8")

    return _cached(request, slug, build, _ics_page)


@page_view(_json_page)
@require_GET
def supported_json(request, slug: str):
    def build(extra):
        call = _published_call(slug)
        body = exports.events_json(summit.summit_events(call=call), call=call.slug)
        return HttpResponse(body, content_type="application/json; charset=utf-8")

    return _cached(request, slug, build, _json_page)


@page_view(_csv_page)
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

    return _cached(request, slug, build, _csv_page)
