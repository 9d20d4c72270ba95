from django.urls import path

from . import views

app_name = "measures"
urlpatterns = [
    path("", views.index, name="index"),
    path("project/<int:project_pk>/", views.dashboard, name="dashboard"),
    path("project/<int:project_pk>/new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/chart.<str:fmt>", views.chart, name="chart"),
    path("<int:pk>/data/", views.entry, name="entry"),
    path("<int:pk>/data/<int:point_pk>/edit/", views.point_edit, name="point_edit"),
    path("<int:pk>/data/<int:point_pk>/delete/", views.point_delete, name="point_delete"),
    path("<int:pk>/history/", views.history, name="history"),
    path("<int:pk>/import/", views.import_upload, name="import"),
    path("<int:pk>/import/columns/", views.import_columns, name="import_columns"),
    path("<int:pk>/import/confirm/", views.import_confirm, name="import_confirm"),
    path("<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("<int:pk>/marks/", views.marks, name="marks"),
    path("<int:pk>/marks/<int:mark_pk>/delete/", views.mark_delete, name="mark_delete"),
]
