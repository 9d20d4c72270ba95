"""Writes that span many rows: each one all-or-nothing."""

from django.db import transaction

from .imports import Row
from .models import DataPoint, Measure


@transaction.atomic
def import_points(*, measure: Measure, rows: list[Row], user) -> dict[str, int]:
    """Create or update one data point per row, in one transaction.

    Rows were checked by `imports.parse_table`; a row for a period that already has a
    point updates it (its old value stays in the history). Returns the counts.
    """
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
            DataPoint.objects.create(measure=measure, period=row.period, entered_by=user, **fields)
            counts["created"] += 1
            continue
        changed = [name for name, value in fields.items() if getattr(point, name) != value]
        if not changed:
            counts["unchanged"] += 1
            continue
        for name in changed:
            setattr(point, name, fields[name])
        point.entered_by = user
        point.save(update_fields=[*changed, "entered_by", "updated"])
        counts["updated"] += 1
    return counts
