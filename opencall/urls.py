from django.contrib import admin
from django.urls import include, path

from opencall.calls import views as call_views

urlpatterns = [
    path("", call_views.call_list, name="home"),
    path("calls/<slug:slug>/", call_views.call_detail, name="call"),
    path("", include("opencall.applications.urls")),
    path("", include("opencall.screening.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
