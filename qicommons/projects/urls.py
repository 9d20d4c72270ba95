from django.urls import path

from . import views

app_name = "projects"
NODE = "<int:pk>/diagram/<str:kind>/<int:node>/"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/aim/", views.aim_edit, name="aim"),
    path("<int:pk>/team/", views.team, name="team"),
    path("<int:pk>/team/<int:member>/remove/", views.team_remove, name="team_remove"),
    path("<int:pk>/diagram/", views.diagram, name="diagram"),
    path("<int:pk>/diagram/add/", views.node_add, name="node_add"),
    path(NODE + "rename/", views.node_rename, name="node_rename"),
    path(NODE + "move/", views.node_move, name="node_move"),
    path(NODE + "delete/", views.node_delete, name="node_delete"),
    path("<int:pk>/cycles/new/", views.cycle_create, name="cycle_create"),
    path("<int:pk>/cycles/<int:cycle>/", views.cycle_detail, name="cycle"),
    path("<int:pk>/cycles/<int:cycle>/edit/", views.cycle_edit, name="cycle_edit"),
    path("<int:pk>/attachments/new/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/attachments/<int:attachment>/", views.attachment, name="attachment"),
    path(
        "<int:pk>/attachments/<int:attachment>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("<int:pk>/history/", views.history, name="history"),
]
