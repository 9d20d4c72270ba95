"""Verdicts per measure and per project; see verdicts.py for the definition."""

import pytest
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse

from qicommons.measures import charts
from qicommons.measures.forms import MeasureForm
from qicommons.measures.models import Measure
from qicommons.measures.verdicts import (
    IMPROVEMENT,
    NO_SIGNAL,
    TOO_LITTLE_DATA,
    chart_data_for,
    judged_measure,
    project_verdicts,
    verdict_of,
)

from .helpers import add_points, make_measure, make_project

FALLING = [10, 12, 11, 9, 10, 12, 11, 10, 9, 11, 12, 10, 3, 2, 4, 3, 2, 3, 4, 2, 3, 2, 3, 4]
FLAT = [10, 12, 9, 11, 10, 12, 9, 11, 10, 9, 12, 11, 10, 9, 11, 12, 10, 9, 12, 11]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def _measure(project, values, **fields):
    measure = make_measure(None, project=project, **fields) if project else None
    add_points(measure, values, [100] * len(values))
    return measure


def test_it_judges_projects_from_their_outcome_measures(world, django_assert_num_queries):
    improving, flat, empty = (make_project(world, t) for t in ("Improving", "Flat", "Empty"))
    _measure(improving, FALLING)
    _measure(improving, [v * 2 for v in FALLING], kind="process", direction="up")
    _measure(flat, FLAT)
    make_measure(world, project=empty)
    # Points, marks and the projects' first PDSA cycles: one query each, however many.
    with django_assert_num_queries(4):
        verdicts = project_verdicts([improving, flat, empty])
    assert verdicts == {improving.pk: IMPROVEMENT, flat.pk: NO_SIGNAL, empty.pk: TOO_LITTLE_DATA}


def test_it_ignores_process_measures_for_the_project_verdict(world):
    project = make_project(world)
    _measure(project, FALLING, kind="process")
    assert project_verdicts([project]) == {project.pk: TOO_LITTLE_DATA}


def test_it_flags_a_worsening_balancing_measure(world):
    project = make_project(world)
    _measure(project, FLAT)
    _measure(project, FALLING, kind="balancing", direction="up")
    measures = list(project.measures.all())
    data = chart_data_for(measures)
    verdict = verdict_of(measures, {m.pk: charts.result_for(data[m.pk]) for m in measures})
    assert verdict.status == NO_SIGNAL and verdict.balancing_alert


def test_it_keeps_its_query_count_with_more_projects(world, django_assert_max_num_queries):
    projects = [make_project(world, f"P{i}") for i in range(6)]
    for project in projects:
        _measure(project, FLAT, kind=Measure.Kind.OUTCOME)
    with django_assert_max_num_queries(4):
        project_verdicts(projects)


def _verdict(project):
    measures = list(project.measures.all())
    data = chart_data_for(measures)
    return verdict_of(measures, {m.pk: charts.result_for(data[m.pk]) for m in measures})


def _five_outcomes(project, improving_index, primary_index=None):
    made = []
    for i in range(5):
        values = FALLING if i == improving_index else FLAT[:20] + FLAT[:4]
        made.append(_measure(project, values, name=f"Outcome {i}", is_primary=i == primary_index))
    return made


def test_one_improving_outcome_that_is_not_primary_is_not_improvement(world):
    project = make_project(world)
    made = _five_outcomes(project, improving_index=3, primary_index=1)
    assert charts.result_for(chart_data_for([made[3]])[made[3].pk]).status == IMPROVEMENT
    verdict = _verdict(project)
    assert verdict.status == NO_SIGNAL and verdict.judged_on == made[1]
    assert project_verdicts([project]) == {project.pk: NO_SIGNAL}


def test_without_a_primary_the_earliest_outcome_measure_is_judged(world):
    project = make_project(world)
    made = _five_outcomes(project, improving_index=3)
    _measure(project, FALLING, kind="process")
    assert judged_measure(list(project.measures.all())) == made[0]
    assert _verdict(project).status == NO_SIGNAL
    assert project_verdicts([project]) == {project.pk: NO_SIGNAL}


def test_the_primary_measure_decides_when_it_improves(world):
    project = make_project(world)
    made = _five_outcomes(project, improving_index=3, primary_index=3)
    verdict = _verdict(project)
    assert verdict.status == IMPROVEMENT and verdict.judged_on == made[3]
    assert project_verdicts([project]) == {project.pk: IMPROVEMENT}


def test_a_project_has_at_most_one_primary_outcome_measure(world):
    project = make_project(world)
    make_measure(world, project=project, is_primary=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_measure(world, project=project, name="Second", is_primary=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_measure(world, project=project, name="Process", kind="process", is_primary=True)


FORM = {
    "name": "Second outcome",
    "kind": "outcome",
    "data_type": "proportion",
    "numerator": "n",
    "denominator": "d",
    "frequency": "weekly",
    "direction": "down",
    "multiply": "100",
    "rules": "anhoej",
    "is_primary": "on",
}


def test_choosing_a_primary_measure_in_the_form_moves_the_choice(world):
    project = make_project(world)
    first = make_measure(world, project=project, is_primary=True)
    form = MeasureForm(FORM)
    assert form.is_valid(), form.errors
    form.instance.project = project
    second = form.save()
    first.refresh_from_db()
    assert second.is_primary and not first.is_primary


def test_the_form_refuses_a_primary_process_measure(world):
    form = MeasureForm({**FORM, "kind": "process"})
    assert not form.is_valid() and "is_primary" in form.errors


def test_the_dashboard_says_which_measure_the_verdict_is_judged_on(client, world):
    project = make_project(world)
    _five_outcomes(project, improving_index=3)
    client.force_login(world.users["viewer"])
    url = reverse("measures:dashboard", args=[world.alpha.slug, project.pk])
    page = client.get(url).content.decode()
    assert "Judged on the outcome measure “Outcome 0”" in page
    assert "No primary outcome measure is named" in page
    project.measures.filter(name="Outcome 3").update(is_primary=True)
    cache.clear()
    page = client.get(url).content.decode()
    assert "Judged on the outcome measure “Outcome 3”" in page
    assert "primary outcome measure." in page
