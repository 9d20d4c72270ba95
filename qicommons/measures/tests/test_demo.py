import pytest

from qicommons.core.demo import load_demo
from qicommons.measures import charts
from qicommons.measures.models import DataPoint, Measure
from qicommons.measures.verdicts import chart_data_for, project_verdicts, verdict_of
from qicommons.projects.models import Project

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo()
    return {p.title: p for p in Project.objects.all()}


def _verdict(project):
    measures = list(project.measures.all())
    data = chart_data_for(measures)
    return verdict_of(measures, {m.pk: charts.result_for(data[m.pk]) for m in measures})


def test_it_tells_three_stories(demo):
    verdicts = project_verdicts(demo.values())
    by_title = {p.title: verdicts[p.pk] for p in demo.values()}
    assert by_title["Reducing neonatal hypothermia on admission"] == "improvement"
    assert by_title["Increasing partograph completion"] == "no_signal"
    ssi = _verdict(demo["Reducing surgical site infections after caesarean section"])
    assert ssi.balancing_alert


def test_each_demo_project_names_its_primary_outcome_measure(demo):
    for project in demo.values():
        [primary] = project.measures.filter(is_primary=True)
        assert primary.kind == Measure.Kind.OUTCOME
        assert _verdict(project).judged_on == primary


def test_it_gives_two_to_three_years_of_data(demo):
    for measure in Measure.objects.all():
        periods = list(measure.points.values_list("period", flat=True))
        span = (max(periods) - min(periods)).days
        assert 2 * 365 <= span <= 3 * 366, measure


def test_it_is_the_same_every_time(demo):
    first = list(DataPoint.objects.order_by("measure__name", "period").values_list("value"))
    DataPoint.objects.all().delete()
    Measure.objects.all().delete()
    from qicommons.measures.demo import load_measures
    from qicommons.partnerships.models import Partnership

    load_measures({p.slug: p for p in Partnership.objects.all()}, {})
    again = list(DataPoint.objects.order_by("measure__name", "period").values_list("value"))
    assert first == again


def test_each_ramp_studies_the_measure_it_tests(demo):
    from qicommons.projects.models import PDSACycle

    cycles = PDSACycle.objects.select_related("project", "change_idea", "measure")
    linked = {(c.project.title, c.change_idea.text): c.measure for c in cycles if c.measure}
    hats = ("Reducing neonatal hypothermia on admission", HATS)
    assert linked[hats].name == "Babies hypothermic on admission to the neonatal unit"
    assert len(linked) == 5
    # Every link stays inside its own project.
    assert all(c.measure.project_id == c.project_id for c in cycles if c.measure)
    # One ramp tests something no demo measure counts: its page keeps the dashboard link.
    assert any(c.measure is None for c in cycles)


HATS = "Knitted hats and transfer wraps stocked in labour ward and theatre"
