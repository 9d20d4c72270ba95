from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from qicommons.partnerships.models import Membership

from .models import User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["partnership"]
    verbose_name_plural = _("partnerships")


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = [
        "email",
        "full_name",
        "is_programme_staff",
        "is_staff",
        "is_active",
        "language",
        "last_login",
        "date_joined",
    ]
    list_filter = [
        "is_programme_staff",
        "is_staff",
        "is_superuser",
        "is_active",
        "language",
        "memberships__role",
        "memberships__partnership",
    ]
    search_fields = ["email", "full_name"]
    date_hierarchy = "date_joined"
    inlines = [MembershipInline]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Profile"), {"fields": ["full_name", "language"]}),
        (
            _("Permissions"),
            {"fields": ["is_active", "is_programme_staff", "is_staff", "is_superuser", "groups"]},
        ),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
