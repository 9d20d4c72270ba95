"""A project's change history: every saved version of it and of its parts, newest first.

django-simple-history keeps one row per save of each model; this reads the rows of the
project and of everything inside it (a handful of queries, one per model) and works out
which fields each save changed by comparing it with the previous version in memory.
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from .models import Attachment, ChangeIdea, Driver, PDSACycle, Project, ProjectMember

# Bookkeeping fields nobody needs to see in a history.
HIDDEN = {"order", "file", "content_type", "size", "filename"}


@dataclass(frozen=True)
class Entry:
    when: datetime
    who: object
    what: str  # "driver: Warm chain on transfer"
    kind: str  # "+", "~" or "-"
    fields: tuple[str, ...]

    def get_kind_display(self) -> str:
        return {"+": _("Created"), "~": _("Changed"), "-": _("Deleted")}[self.kind]


def _records(project: Project):
    yield Project.history.filter(id=project.pk)
    for model in (ProjectMember, Driver, ChangeIdea, PDSACycle, Attachment):
        yield model.history.filter(project_id=project.pk)


def project_history(project: Project, limit: int = 200) -> list[Entry]:
    entries = []
    for queryset in _records(project):
        previous = {}
        for record in queryset.select_related("history_user").order_by("history_date", "pk"):
            before = previous.get(record.id)
            changed: tuple[str, ...] = ()
            if before is not None and record.history_type == "~":
                delta = record.diff_against(before)
                meta = record.instance_type._meta
                changed = tuple(
                    str(meta.get_field(name).verbose_name)
                    for name in delta.changed_fields
                    if name not in HIDDEN
                )
                if not changed:
                    previous[record.id] = record
                    continue
            previous[record.id] = record
            label = f"{record.instance_type._meta.verbose_name}: {record.instance}"
            entries.append(
                Entry(record.history_date, record.history_user, label, record.history_type, changed)
            )
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries[:limit]
