"""Verdicts: is there measurable improvement, per measure and per project?

A measure's verdict is the SPC engine's (see docs/measures.md): `improvement`,
`deterioration`, `no_signal` or `too_little_data`; a measure with no data, or whose
chart cannot be computed, has too little data.

A project's verdict comes from its outcome measures only, because they are what the aim
is about; process and balancing measures are shown beside it:

- deterioration if any outcome measure deteriorates;
- else improvement if any outcome measure improves;
- else too little data if every outcome measure has too little data (or there is none);
- else no signal.

Separately, `balancing_alert` is true when a balancing measure deteriorates: the
improvement may be costing something elsewhere.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .charts import OBS_FIELDS, ChartData, ChartResult, Obs, summary_for
from .models import ChartMark, DataPoint, Measure

__all__ = [
    "IMPROVEMENT",
    "DETERIORATION",
    "NO_SIGNAL",
    "TOO_LITTLE_DATA",
    "VERDICT_LABELS",
    "ProjectVerdict",
    "chart_data_for",
    "combine",
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


def combine(outcome_statuses: list[str]) -> str:
    """The project verdict from its outcome measures' verdicts.

    >>> combine(["improvement", "no_signal"]), combine(["improvement", "deterioration"])
    ('improvement', 'deterioration')
    >>> combine([]), combine(["too_little_data", "no_signal"])
    ('too_little_data', 'no_signal')
    """
    if DETERIORATION in outcome_statuses:
        return DETERIORATION
    if IMPROVEMENT in outcome_statuses:
        return IMPROVEMENT
    if all(s == TOO_LITTLE_DATA for s in outcome_statuses):
        return TOO_LITTLE_DATA
    return NO_SIGNAL


def chart_data_for(measures, annotations_by_project=None) -> dict[int, ChartData]:
    """Chart inputs for many measures at once: one query for all points, one for marks
    (and one more for the points of measures with subgroups, if there are any)."""
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
    return {
        m.pk: ChartData(
            m,
            tuple(points[m.pk]),
            tuple(marks[m.pk]),
            tuple(annotations_by_project.get(m.project_id, ())),
        )
        for m in measures
    }


@dataclass
class ProjectVerdict:
    status: str
    balancing_alert: bool
    by_measure: dict[int, ChartResult] = field(default_factory=dict)

    @property
    def label(self):
        return VERDICT_LABELS[self.status]


def verdict_of(measures: list[Measure], results: dict[int, ChartResult]) -> ProjectVerdict:
    outcome = [results[m.pk].status for m in measures if m.kind == Measure.Kind.OUTCOME]
    alert = any(
        results[m.pk].status == DETERIORATION for m in measures if m.kind == Measure.Kind.BALANCING
    )
    return ProjectVerdict(combine(outcome), alert, results)


def project_verdicts(projects) -> dict[int, str]:
    """Project id -> verdict, for filtering a list of projects by verdict.

    Three queries whatever the number of projects: measures, data points, marks. Each
    measure's chart comes from the cache when its data have not changed.
    """
    ids = [p.pk if hasattr(p, "pk") else p for p in projects]
    measures = list(
        Measure.objects.filter(project_id__in=ids, kind=Measure.Kind.OUTCOME).order_by("pk")
    )
    data = chart_data_for(measures)
    statuses = defaultdict(list)
    for m in measures:
        statuses[m.project_id].append(summary_for(data[m.pk]).status)
    return {pk: combine(statuses.get(pk, [])) for pk in ids}
