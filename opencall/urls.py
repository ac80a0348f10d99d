from django.contrib import admin
from django.urls import include, path

from opencall.api.v1 import api
from opencall.calls import views as call_views
from opencall.conversations import views as conversation_views
from opencall.core.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),  # answered by OutageMiddleware first
    path("", call_views.call_list, name="home"),
    path("calls/<slug:slug>/", call_views.call_detail, name="call"),
    # Before the applicant's pages: their step pattern would take "messages/" too.
    path(
        "a/<uuid:public_id>/<str:token>/messages/",
        conversation_views.applicant_messages,
        name="applicant_messages",
    ),
    path("", include("opencall.applications.urls")),
    path("", include("opencall.screening.urls")),
    path("", include("opencall.public.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", include("opencall.staff.urls")),
    path("accounts/", include("opencall.staff.accounts_urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
