"""Organisations across every partnership, for programme staff (mounted at /organisations/)."""

from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
]
