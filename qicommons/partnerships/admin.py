from django.contrib import admin
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Invitation, Membership, Organisation, Partnership


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "city", "country", "partnership_count"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "city"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(partnership_count=Count("partnerships"))

    @admin.display(description=_("partnerships"), ordering="partnership_count")
    def partnership_count(self, obj):
        return obj.partnership_count


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Partnership)
class PartnershipAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "phase", "status", "start_date", "member_count"]
    list_filter = ["phase", "status", "organisations__country"]
    search_fields = ["name", "slug", "description", "organisations__name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["organisations"]
    date_hierarchy = "start_date"
    inlines = [MembershipInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("memberships"))

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, obj):
        return obj.member_count


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "partnership", "role", "joined"]
    list_filter = ["role", "partnership"]
    list_select_related = ["user", "partnership"]
    search_fields = ["user__email", "user__full_name", "partnership__name"]
    autocomplete_fields = ["user", "partnership"]
    date_hierarchy = "joined"


class InvitationStateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return Invitation.State.choices

    def queryset(self, request, queryset):
        now = timezone.now()
        match self.value():
            case Invitation.State.PENDING:
                return queryset.pending()
            case Invitation.State.ACCEPTED:
                return queryset.exclude(accepted_at=None)
            case Invitation.State.REVOKED:
                return queryset.filter(accepted_at=None).exclude(revoked_at=None)
            case Invitation.State.EXPIRED:
                return queryset.filter(accepted_at=None, revoked_at=None, expires__lte=now)
        return queryset


@admin.register(Invitation)
class InvitationAdmin(SimpleHistoryAdmin):
    """Read-only: an invitation needs its email and token, so leads send them in the app."""

    list_display = ["email", "partnership", "role", "state", "invited_by", "created", "expires"]
    list_filter = [InvitationStateFilter, "role", "partnership"]
    list_select_related = ["partnership", "invited_by"]
    search_fields = ["email", "partnership__name", "invited_by__email"]
    date_hierarchy = "created"
    readonly_fields = [
        "partnership",
        "email",
        "role",
        "invited_by",
        "created",
        "expires",
        "accepted_at",
        "accepted_by",
        "revoked_at",
    ]
    exclude = ["token_hash"]

    @admin.display(description=_("state"))
    def state(self, obj):
        return obj.get_state_display()

    def has_add_permission(self, request):
        return False
