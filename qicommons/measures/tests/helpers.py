"""Objects the measures tests build, inside partnership alpha of the test world."""

from datetime import date, timedelta

from qicommons.measures.models import ChartMark, DataPoint, Measure
from qicommons.projects.models import Project

MONDAY = date(2024, 1, 1)


def make_project(world, title="Fewer cold babies") -> Project:
    return Project.objects.create(
        partnership=world.alpha, organisation=world.org_alpha, title=title
    )


def make_measure(world, project=None, **fields) -> Measure:
    defaults = {
        "name": "Hypothermia on admission",
        "kind": Measure.Kind.OUTCOME,
        "data_type": Measure.DataType.PROPORTION,
        "numerator": "Babies below 36.5 °C on admission",
        "denominator": "Babies admitted",
        "frequency": Measure.Frequency.WEEKLY,
        "direction": Measure.Direction.DOWN,
        "multiply": 100,
    }
    return Measure.objects.create(project=project or make_project(world), **{**defaults, **fields})


def add_points(measure, values, denominators=None, start=MONDAY) -> list[DataPoint]:
    """One point per period from `start`, weekly or monthly as the measure says."""
    points, period = [], measure.period_for(start)
    for i, value in enumerate(values):
        points.append(
            DataPoint(
                measure=measure,
                period=period,
                value=value,
                denominator=None if denominators is None else denominators[i],
            )
        )
        period = measure.next_period(period)
    return DataPoint.objects.bulk_create(points)


def weeks(n: int, start=MONDAY) -> list[date]:
    return [start + timedelta(weeks=i) for i in range(n)]


def make_mark(measure, kind=ChartMark.Kind.ANNOTATION, period=MONDAY, reason="Warm chain"):
    return ChartMark.objects.create(measure=measure, kind=kind, period=period, reason=reason)
