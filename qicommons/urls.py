from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("qicommons.core.urls")),
    path("accounts/", include("qicommons.accounts.urls")),
    path("p/", include("qicommons.partnerships.urls")),
    path("p/<slug:slug>/projects/", include("qicommons.projects.urls")),
    path("p/<slug:slug>/measures/", include("qicommons.measures.urls")),
    path("p/<slug:slug>/audits/", include("qicommons.audits.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
