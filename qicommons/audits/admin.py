"""Admin lists for the audit models. The per-partnership hashing keys stay out of it:
nobody needs to read them, and showing them would weaken the case-reference hashes."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ActionItem,
    Answer,
    Audit,
    AuditCycle,
    CaseRecord,
    CaseReview,
    Criterion,
    Feedback,
    Meeting,
)


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["number", "statement", "target"]


@admin.register(Audit)
class AuditAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partnership", "organisation", "status", "planned_start", "lead"]
    list_filter = ["status", "partnership", "organisation"]
    search_fields = ["title", "clinical_area", "guideline_name", "guideline_body"]
    autocomplete_fields = ["lead"]
    inlines = [CriterionInline]


@admin.register(Criterion)
class CriterionAdmin(SimpleHistoryAdmin):
    list_display = ["audit", "number", "statement", "target"]
    list_filter = ["audit__partnership"]
    search_fields = ["statement", "audit__title"]


@admin.register(AuditCycle)
class AuditCycleAdmin(SimpleHistoryAdmin):
    list_display = ["audit", "kind", "label", "period_start", "period_end"]
    list_filter = ["kind", "audit__partnership"]
    search_fields = ["label", "audit__title"]


@admin.register(CaseRecord)
class CaseRecordAdmin(SimpleHistoryAdmin):
    # Only the keyed hash of a case reference is stored; it identifies nobody on its own.
    list_display = ["pk", "cycle", "entered_by"]
    list_filter = ["cycle__audit__partnership"]
    search_fields = ["cycle__audit__title"]
    readonly_fields = ["reference_hash"]


@admin.register(Answer)
class AnswerAdmin(admin.ModelAdmin):
    list_display = ["case", "criterion", "result"]
    list_filter = ["result", "cycle__audit__partnership"]
    search_fields = ["criterion__statement"]
    list_select_related = ["case", "criterion"]


@admin.register(CaseReview)
class CaseReviewAdmin(SimpleHistoryAdmin):
    list_display = [
        "pk",
        "partnership",
        "organisation",
        "review_date",
        "reviewer",
        "died",
        "overall_rating",
        "avoidability",
    ]
    list_filter = ["died", "partnership", "overall_rating"]
    search_fields = ["summary", "reviewer__email"]
    readonly_fields = ["reference_hash"]


@admin.register(Meeting)
class MeetingAdmin(SimpleHistoryAdmin):
    list_display = ["title", "date", "partnership", "organisation"]
    list_filter = ["partnership", "organisation"]
    search_fields = ["title"]


@admin.register(Feedback)
class FeedbackAdmin(SimpleHistoryAdmin):
    list_display = ["pk", "partnership", "coach", "clinician", "created"]
    list_filter = ["partnership"]
    search_fields = ["coach__email", "clinician__email"]


@admin.register(ActionItem)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partnership", "organisation", "owner", "due_date", "status"]
    list_filter = ["status", "partnership", "organisation"]
    search_fields = ["title", "detail"]
