from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("qicommons.core.urls")),
    path("accounts/", include("qicommons.accounts.urls")),
    path("organisations/", include("qicommons.partnerships.organisation_urls")),
    path("p/", include("qicommons.partnerships.urls")),
    path("p/<slug:slug>/projects/", include("qicommons.projects.urls")),
    path("p/<slug:slug>/measures/", include("qicommons.measures.urls")),
    path("p/<slug:slug>/audits/", include("qicommons.audits.urls")),
    path("admin/", admin.site.urls),
]
