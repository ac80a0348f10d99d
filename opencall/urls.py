from django.contrib import admin
from django.urls import include, path

from opencall.api.v1 import api
from opencall.public.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),  # answered by HealthMiddleware first
    path("", include("opencall.cfp.urls")),
    path("", include("opencall.public.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("staff/", include("opencall.staff.urls")),
    path("accounts/", include("opencall.staff.accounts_urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
