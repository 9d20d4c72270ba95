"""The audit trail, readable: django-simple-history records turned into who/when/what rows.

Any model with ``history = HistoricalRecords()`` can be shown with these functions; see
docs/foundation.md. Two views of the same records:

- `history_entries(records)`: one `HistoryEntry` per record (who, when, created /
  changed / deleted, which object), each with its field-level `changes`;
- `history_rows(records)`: the same, flattened into one `HistoryRow` per changed field
  (when, who, field, old, new), which is what the `partials/history_table.html` template
  shows.

Both take any iterable of historical records, of one model or several, and cost a fixed
number of queries whatever their length: the record before each one (to diff against) is
fetched in one query per model, related objects by `select_related`, and the rows behind
many-to-many fields in one query per field. For example::

    rows = object_history(project)
    rows = history_rows(latest([Measure.history.filter(project=project)]))

`latest(querysets)` merges the newest records of several models (one page showing the
history of memberships and invitations together); `recent_activity(partnership_ids)` is
the dashboard's feed: the latest records, across every model
that names its partnership (`partnership_path`), of the partnerships the user can see.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from heapq import nlargest
from operator import attrgetter
from typing import Any

from django.apps import apps
from django.db.models import (
    BooleanField,
    ForeignKey,
    Model,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_m2m_reverse_field_name

# simple_history makes each historical model at run time: no static type to name.
HistoricalRecord = Any

__all__ = [
    "FieldChange",
    "HistoryEntry",
    "HistoryRow",
    "history_entries",
    "history_rows",
    "latest",
    "object_history",
    "recent_activity",
    "render_history",
    "tracked_models",
]

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
# History pages show the latest changes; the admin's history view has them all.
HISTORY_LIMIT = 200


@dataclass(frozen=True)
class FieldChange:
    field: str  # the field's verbose name
    old: object  # display values: choice labels, related objects' names, dates
    new: object


@dataclass(frozen=True)
class HistoryEntry:
    when: datetime
    who: Model | None  # the user, or None when the change came from a script
    kind: str  # "+", "~" or "-"
    model: str  # the object's type, e.g. "membership"
    object: str  # the object as it was named then
    changes: tuple[FieldChange, ...]

    @property
    def action(self) -> str:
        return str(ACTIONS[self.kind])

    @property
    def fields(self) -> list[str]:
        return [change.field for change in self.changes]


@dataclass(frozen=True)
class HistoryRow:
    when: datetime
    who: Model | None
    action: str
    model: str
    object: str
    field: str
    old: Any
    new: Any
    first: bool  # the first row of its entry (tables show when/who/what only there)


def history_entries(
    records: Iterable[HistoricalRecord], *, exclude: Sequence[str] = ()
) -> list[HistoryEntry]:
    """One entry per historical record, newest first, with its field-level changes.

    A "changed" record in which no shown field changed (a save without edits) is left
    out. Fields named in `exclude`, and fields that are not editable, are not shown.
    A queryset gets its users and related objects joined in (`with_related`).
    """
    if isinstance(records, QuerySet):
        records = with_related(records)
    records = list(records)
    by_model: dict[type, list] = defaultdict(list)
    for record in records:
        by_model[type(record)].append(record)
    previous: dict[tuple[type, int], Model] = {}
    m2m_values: dict[tuple[type, int, str], str] = {}
    for history_model, group in by_model.items():
        earlier = _previous_records(history_model, group)
        previous.update({(history_model, hid): rec for hid, rec in earlier.items()})
        m2m_values.update(_m2m_values(history_model, [*group, *earlier.values()]))
    entries = []
    for record in sorted(records, key=attrgetter("history_date", "history_id"), reverse=True):
        model = type(record)
        before = previous.get((model, record.history_id))
        changes = _changes(record, before, exclude, m2m_values)
        if record.history_type == "~" and not changes:
            continue
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                kind=record.history_type,
                model=str(record.instance_type._meta.verbose_name),
                object=_label(record),
                changes=tuple(changes),
            )
        )
    return entries


def history_rows(
    records: Iterable[HistoricalRecord], *, exclude: Sequence[str] = ()
) -> list[HistoryRow]:
    """`history_entries`, flattened to one row per changed field (a deletion is one row)."""
    rows = []
    for entry in history_entries(records, exclude=exclude):
        changes = entry.changes or (FieldChange("", "", ""),)
        for index, change in enumerate(changes):
            rows.append(
                HistoryRow(
                    when=entry.when,
                    who=entry.who,
                    action=str(entry.action),
                    model=entry.model,
                    object=entry.object,
                    field=change.field,
                    old=change.old,
                    new=change.new,
                    first=index == 0,
                )
            )
    return rows


def object_history(
    obj: Any, *, exclude: Sequence[str] = (), limit: int = HISTORY_LIMIT
) -> list[HistoryRow]:
    """The changes of one object, newest first (the latest `limit` records)."""
    return history_rows(latest([obj.history.all()], limit=limit), exclude=exclude)


def latest(querysets: Iterable[QuerySet], *, limit: int = HISTORY_LIMIT) -> list[HistoricalRecord]:
    """The newest `limit` records of several historical querysets, merged newest first.

    For a page that shows the history of several kinds of object at once, e.g.
    ``latest([Membership.history.filter(partnership_id=p.pk), Invitation.history...])``.
    """
    candidates: list[HistoricalRecord] = []
    for records in querysets:
        candidates.extend(with_related(records.order_by("-history_date", "-history_id"))[:limit])
    return nlargest(limit, candidates, key=attrgetter("history_date", "history_id"))


def with_related(records: QuerySet) -> QuerySet:
    """Historical records with their user and related objects joined in (no N+1)."""
    return records.select_related("history_user", *_foreign_keys(records.model))


def tracked_models() -> list[type[Any]]:  # models with a `partnership_path`
    """Models with history that belong to a partnership, so appear in recent activity.

    A model leaves itself out with a class attribute ``in_activity = False`` (invitations
    do: they name people who have not joined).
    """
    return [
        model
        for model in apps.get_models()
        if hasattr(model, "partnership_path")
        and getattr(model._meta, "simple_history_manager_attribute", None)
        and getattr(model, "in_activity", True)
    ]


def recent_activity(
    partnership_ids: Iterable[int] | None, *, limit: int = 10
) -> list[HistoryEntry]:
    """The latest changes across the given partnerships (None: every partnership).

    One query per tracked model for the candidates, then `history_entries` on the
    newest `limit` of them: the cost does not grow with the amount of history.
    """
    if partnership_ids is not None:
        partnership_ids = list(partnership_ids)
        if not partnership_ids:
            return []
    querysets = []
    for model in tracked_models():
        records = getattr(model, model._meta.simple_history_manager_attribute).all()
        if partnership_ids is not None:
            path = model.partnership_path
            # The partnership's own records: its id lives in the copied primary key.
            path = model._meta.pk.attname if path == "pk" else path
            records = records.filter(**{f"{path}__in": partnership_ids})
        querysets.append(records)
    # Twice the limit, because "changed" records without visible changes are dropped.
    return history_entries(latest(querysets, limit=limit * 2))[:limit]


# Internals -------------------------------------------------------------------------------


def _foreign_keys(history_model) -> list[str]:
    return [field.name for field in history_model.tracked_fields if isinstance(field, ForeignKey)]


def _previous_records(history_model, records: list) -> dict[int, Model]:
    """history_id -> the record just before it for the same object, in one query."""
    pk = history_model.instance_type._meta.pk.attname
    before = (
        history_model.objects.filter(**{pk: OuterRef(pk)})
        .filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id"))
        )
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    found = dict(
        history_model.objects.filter(history_id__in=[record.history_id for record in records])
        .annotate(previous=Subquery(before))
        .values_list("history_id", "previous")
    )
    earlier = with_related(history_model.objects.all()).in_bulk(
        [prev for prev in found.values() if prev is not None]
    )
    return {hid: earlier[prev] for hid, prev in found.items() if prev in earlier}


def _m2m_values(history_model, records: list) -> dict[tuple[type, int, str], str]:
    """(model, history_id, field) -> the related objects' names, for many-to-many fields."""
    values = {}
    ids = [record.history_id for record in records]
    for field in history_model._history_m2m_fields:
        m2m_model = getattr(history_model, field.name).model
        target = get_m2m_reverse_field_name(field)
        names = defaultdict(list)
        for row in m2m_model.objects.filter(history_id__in=ids).select_related(target):
            names[row.history_id].append(str(getattr(row, target) or f"#{row.pk}"))
        for hid in ids:
            values[(history_model, hid, field.name)] = ", ".join(sorted(names[hid]))
    return values


def _display(record, field) -> object:
    value = getattr(record, field.attname)
    if value is None or value == "":
        return ""
    if isinstance(field, ForeignKey):
        related = getattr(record, field.name, None) if field.is_cached(record) else None
        return str(related) if related is not None else f"#{value}"
    if field.flatchoices:
        return dict(field.flatchoices).get(value, value)
    if isinstance(field, BooleanField):
        return _("yes") if value else _("no")
    return value


def _changes(record, before, exclude, m2m_values) -> list[FieldChange]:
    if record.history_type == "-":
        return []
    model = type(record)
    changes = []
    for field in record.tracked_fields:
        if not field.editable or field.primary_key or field.name in exclude:
            continue
        new = _display(record, field)
        old = _display(before, field) if before is not None else ""
        if old != new:
            changes.append(FieldChange(str(field.verbose_name), old, new))
    for field in model._history_m2m_fields:
        if field.name in exclude:
            continue
        new = m2m_values.get((model, record.history_id, field.name), "")
        old = m2m_values.get((model, before.history_id, field.name), "") if before else ""
        if old != new:
            changes.append(FieldChange(str(field.verbose_name), old, new))
    return changes


def _label(record) -> str:
    """The object's name as it was then, built from the record without queries."""
    model = record.instance_type
    instance = model(**{f.attname: getattr(record, f.attname) for f in record.tracked_fields})
    for field in record.tracked_fields:
        if isinstance(field, ForeignKey) and field.is_cached(record):
            related = field.get_cached_value(record)
            if related is not None:
                model._meta.get_field(field.name).set_cached_value(instance, related)
    try:
        return str(instance)
    except Exception:  # a label must never break the audit page
        return f"{model._meta.verbose_name} #{getattr(record, model._meta.pk.attname)}"


def render_history(
    request: HttpRequest,
    records: Iterable[Model],
    *,
    title: str,
    back_url: str = "",
    back_label: str = "",
    exclude: Sequence[str] = (),
) -> HttpResponse:
    """A whole history page (``history.html``) for any object, from any app.

    The caller has already asked access.py whether the user may see it (history pages
    are for leads: ``Access.MANAGE``)::

        project = get_object_for_user(request.user, Project, Access.MANAGE, pk=pk)
        return render_history(request, project.history.all(), title=_("Project history"),
                              back_url=project.get_absolute_url(), back_label=project.title)
    """
    if isinstance(records, QuerySet):
        records = latest([records])
    context = {
        "title": title,
        "rows": history_rows(records, exclude=exclude),
        "back_url": back_url,
        "back_label": back_label,
        "limit": HISTORY_LIMIT,
    }
    return render(request, "history.html", context)
