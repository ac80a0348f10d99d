"""The staff pages of an application were once addressed by its database id
(`/staff/applications/<pk>/...`); they live under the call and number now. The old
addresses answer with a permanent redirect, after the same checks as the page they
lead to, so that a redirect never tells who may not see an application that it exists."""

from django.http import HttpResponseRedirect
from django.urls import reverse

from opencall.staff.access import gated, staff_application_by_pk


class PermanentRedirect(HttpResponseRedirect):
    # 308, not 301: a form posted from a page loaded before the move is posted again.
    status_code = 308


def moved(viewname: str, permission: str = "applications.view"):
    """A view that sends the old address of `viewname` to its new one."""

    @gated
    def view(request, pk: int):
        application = staff_application_by_pk(request, pk, permission)
        kwargs = {"slug": application.call.slug, "number": application.number}
        target = reverse(viewname, kwargs=kwargs)
        query = request.META.get("QUERY_STRING", "")
        return PermanentRedirect(f"{target}?{query}" if query else target)

    view.__name__ = f"moved_{viewname.split(':')[-1]}"
    return view
