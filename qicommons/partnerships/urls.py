from django.urls import path

from . import views

app_name = "partnerships"
urlpatterns = [
    path("", views.partnership_list, name="list"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/history/", views.history, name="history"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/members/history/", views.members_history, name="members_history"),
    path("<slug:slug>/members/invite/", views.invite, name="invite"),
    path("<slug:slug>/members/<int:pk>/role/", views.change_role, name="change_role"),
    path("<slug:slug>/members/<int:pk>/remove/", views.remove_member, name="remove_member"),
    path(
        "<slug:slug>/invitations/<int:pk>/revoke/",
        views.revoke_invitation,
        name="revoke_invitation",
    ),
]
