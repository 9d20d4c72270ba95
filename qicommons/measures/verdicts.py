"""Verdicts: is there measurable improvement, per measure and per project?

A measure's verdict is the SPC engine's (see docs/measures.md): `improvement`,
`deterioration`, `no_signal` or `too_little_data`; a measure with no data, or whose
chart cannot be computed, has too little data.

A project's verdict is the verdict of ONE outcome measure: the one the project names as
primary (`Measure.is_primary`), or, when none is named, the earliest-created outcome
measure. Taking "improvement if any outcome measure improves" instead would multiply the
false-verdict rate by the number of outcome measures (five unchanged ones gave 25%
"improvement"). Without an outcome measure the verdict is too little data. Process and
balancing measures are shown beside it.

Separately, `balancing_alert` is true when a balancing measure deteriorates: the
improvement may be costing something elsewhere.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext_lazy as _

from qicommons.projects.models import first_cycle_starts

from .charts import OBS_FIELDS, ChartData, ChartResult, Obs, summary_for
from .models import ChartMark, DataPoint, Measure

__all__ = [
    "IMPROVEMENT",
    "DETERIORATION",
    "NO_SIGNAL",
    "TOO_LITTLE_DATA",
    "VERDICT_LABELS",
    "Freshness",
    "ProjectVerdict",
    "chart_data_for",
    "freshness_of",
    "judged_measure",
    "project_verdicts",
]

IMPROVEMENT, DETERIORATION = "improvement", "deterioration"
NO_SIGNAL, TOO_LITTLE_DATA = "no_signal", "too_little_data"
VERDICT_LABELS = {
    IMPROVEMENT: _("Improvement"),
    DETERIORATION: _("Deterioration"),
    NO_SIGNAL: _("No signal yet"),
    TOO_LITTLE_DATA: _("Too little data"),
}


@dataclass(frozen=True)
class Freshness:
    """How current a measure's verdict is.

    `judged_to` is the period of the latest point the verdict judged (excluded points are
    not judged); `stale_since` is the latest period with data when more than two finished
    periods have none since (see `Measure.stale_since`), else None.
    """

    judged_to: date | None
    stale_since: date | None
    measure: Measure | None = field(default=None, repr=False, compare=False)

    @property
    def judged_label(self) -> str:
        return self.measure.period_label(self.judged_to) if self.measure and self.judged_to else ""

    @property
    def stale_label(self) -> str:
        if self.measure and self.stale_since:
            return self.measure.period_label(self.stale_since)
        return ""


def freshness_of(data: ChartData, today: date) -> Freshness:
    """A measure's freshness, from the chart data a page has already read (no query).

    >>> from qicommons.measures.charts import Obs
    >>> m = Measure(frequency="monthly")
    >>> points = (Obs(date(2025, 11, 1), 3, 30, ""), Obs(date(2025, 12, 1), 4, 31, ""))
    >>> freshness_of(ChartData(m, points, ()), date(2026, 12, 4))
    Freshness(judged_to=datetime.date(2025, 12, 1), stale_since=datetime.date(2025, 12, 1))
    """
    if not data.points:
        return Freshness(None, None)
    excluded = {m.period for m in data.marks if m.kind == ChartMark.Kind.EXCLUDE}
    judged = [p.period for p in data.points if p.period not in excluded]
    latest = data.points[-1].period
    return Freshness(
        judged[-1] if judged else None,
        data.measure.stale_since(latest, today),
        data.measure,
    )


def chart_data_for(measures, annotations_by_project=None) -> dict[int, ChartData]:
    """Chart inputs for many measures at once: one query for all points, one for marks,
    one for the projects' first PDSA cycles (and one more for the points of measures with
    subgroups, if there are any)."""
    measures = list(measures)
    ids = [m.pk for m in measures]
    points, marks = defaultdict(list), defaultdict(list)
    with_values = [m.pk for m in measures if m.has_subgroups]
    rows = DataPoint.objects.filter(measure_id__in=ids).exclude(measure_id__in=with_values)
    for measure_id, *fields in rows.order_by("period").values_list("measure_id", *OBS_FIELDS):
        points[measure_id].append(Obs(*fields))
    if with_values:
        rows = DataPoint.objects.filter(measure_id__in=with_values).order_by("period")
        for measure_id, *fields in rows.values_list("measure_id", *OBS_FIELDS, "values"):
            points[measure_id].append(Obs(*fields))
    for mark in ChartMark.objects.filter(measure_id__in=ids).order_by("period", "pk"):
        marks[mark.measure_id].append(mark)
    annotations_by_project = annotations_by_project or {}
    first_cycles = first_cycle_starts({m.project_id for m in measures})
    return {
        m.pk: ChartData(
            m,
            tuple(points[m.pk]),
            tuple(marks[m.pk]),
            tuple(annotations_by_project.get(m.project_id, ())),
            first_cycles.get(m.project_id),
        )
        for m in measures
    }


def judged_measure(measures):
    """The outcome measure a project's verdict is judged on, or None without one.

    The named primary measure; else the earliest created outcome measure (ties by pk).
    """
    outcome = [m for m in measures if m.kind == Measure.Kind.OUTCOME]
    primary = [m for m in outcome if m.is_primary]
    if primary:
        return primary[0]
    return min(outcome, key=lambda m: (m.created, m.pk), default=None)


@dataclass
class ProjectVerdict:
    status: str
    balancing_alert: bool
    by_measure: dict[int, ChartResult] = field(default_factory=dict)
    judged_on: Measure | None = None

    @property
    def label(self):
        return VERDICT_LABELS[self.status]


def verdict_of(measures: list[Measure], results: dict[int, ChartResult]) -> ProjectVerdict:
    judged = judged_measure(measures)
    status = results[judged.pk].status if judged else TOO_LITTLE_DATA
    alert = any(
        results[m.pk].status == DETERIORATION for m in measures if m.kind == Measure.Kind.BALANCING
    )
    return ProjectVerdict(status, alert, results, judged)


def project_verdicts(projects) -> dict[int, str]:
    """Project id -> verdict, for filtering a list of projects by verdict.

    Three queries whatever the number of projects: measures, data points, marks. Each
    measure's chart comes from the cache when its data have not changed.
    """
    ids = [p.pk if hasattr(p, "pk") else p for p in projects]
    outcome = defaultdict(list)
    for m in Measure.objects.filter(project_id__in=ids, kind=Measure.Kind.OUTCOME):
        outcome[m.project_id].append(m)
    judged = {pk: judged_measure(outcome[pk]) for pk in ids}
    data = chart_data_for([m for m in judged.values() if m])
    return {
        pk: summary_for(data[m.pk]).status if m else TOO_LITTLE_DATA for pk, m in judged.items()
    }
