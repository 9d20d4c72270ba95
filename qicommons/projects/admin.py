from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Attachment, ChangeIdea, Driver, PDSACycle, Project, ProjectMember


class ProjectMemberInline(admin.TabularInline):
    model = ProjectMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(SimpleHistoryAdmin):
    list_display = ["title", "partnership", "organisation", "status", "phase", "start_date"]
    list_filter = ["status", "phase", "partnership"]
    search_fields = ["title", "clinical_area", "problem"]
    inlines = [ProjectMemberInline]


@admin.register(Driver)
class DriverAdmin(SimpleHistoryAdmin):
    list_display = ["text", "kind", "project", "order"]
    list_filter = ["kind"]
    search_fields = ["text"]


@admin.register(ChangeIdea)
class ChangeIdeaAdmin(SimpleHistoryAdmin):
    list_display = ["text", "driver", "project", "order"]
    search_fields = ["text"]


@admin.register(PDSACycle)
class PDSACycleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "number", "change_idea", "project", "start_date", "decision"]
    list_filter = ["decision"]
    search_fields = ["title", "objective"]


@admin.register(Attachment)
class AttachmentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "project", "content_type", "size", "uploaded"]
    list_filter = ["kind"]
    search_fields = ["title", "filename", "project__title"]
    # The file is reached only through the project's download view, never a media URL.
    exclude = ["file"]
    readonly_fields = ["filename", "content_type", "size", "uploaded_by"]

    def has_add_permission(self, request):
        # Uploads go through the project's form, which checks the file's type and size.
        return False


@admin.register(ProjectMember)
class ProjectMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "project", "role"]
    list_filter = ["role"]
    search_fields = ["user__email", "user__full_name", "project__title"]
    autocomplete_fields = ["user"]
