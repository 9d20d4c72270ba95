"""Writes that span many rows: each one all-or-nothing."""

from django.db import transaction
from simple_history.utils import update_change_reason

from .history import import_reason
from .imports import Row
from .models import DataPoint, Measure


@transaction.atomic
def import_points(
    *, measure: Measure, rows: list[Row], user, file_name: str = ""
) -> dict[str, int]:
    """Create or update one data point per row, in one transaction.

    Rows were checked by `imports.parse_table`; a row for a period that already has a
    point updates it (its old value stays in the history, marked with the file's name so
    the history shows the import as one entry). Returns the counts.
    """
    reason = import_reason(file_name or "?")
    existing = {p.period: p for p in measure.points.select_for_update()}
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for row in rows:
        fields = {
            "value": row.value,
            "denominator": row.denominator,
            "values": list(row.values),
            "note": row.note,
        }
        point = existing.get(row.period)
        if point is None:
            point = DataPoint.objects.create(
                measure=measure, period=row.period, entered_by=user, **fields
            )
            update_change_reason(point, reason)
            counts["created"] += 1
            continue
        changed = [name for name, value in fields.items() if getattr(point, name) != value]
        if not changed:
            counts["unchanged"] += 1
            continue
        for name in changed:
            setattr(point, name, fields[name])
        point.entered_by = user
        point._change_reason = reason  # type: ignore[attr-defined]  # read by simple_history
        point.save(update_fields=[*changed, "entered_by", "updated"])
        counts["updated"] += 1
    return counts
