"""Verdicts per measure and per project; see verdicts.py for the definition."""

import pytest
from django.core.cache import cache

from qicommons.measures import charts
from qicommons.measures.models import Measure
from qicommons.measures.verdicts import (
    DETERIORATION,
    IMPROVEMENT,
    NO_SIGNAL,
    TOO_LITTLE_DATA,
    chart_data_for,
    combine,
    project_verdicts,
    verdict_of,
)

from .helpers import add_points, make_measure, make_project

FALLING = [10, 12, 11, 9, 10, 12, 11, 10, 9, 11, 12, 10, 3, 2, 4, 3, 2, 3, 4, 2, 3, 2, 3, 4]
FLAT = [10, 12, 9, 11, 10, 12, 9, 11, 10, 9, 12, 11, 10, 9, 11, 12, 10, 9, 12, 11]


class TestCombine:
    def test_deterioration_of_any_outcome_wins(self):
        assert combine([IMPROVEMENT, DETERIORATION]) == DETERIORATION

    def test_one_improving_outcome_is_enough(self):
        assert combine([IMPROVEMENT, NO_SIGNAL, TOO_LITTLE_DATA]) == IMPROVEMENT

    def test_no_outcome_measure_is_too_little_data(self):
        assert combine([]) == TOO_LITTLE_DATA
        assert combine([TOO_LITTLE_DATA, TOO_LITTLE_DATA]) == TOO_LITTLE_DATA

    def test_otherwise_no_signal(self):
        assert combine([NO_SIGNAL, TOO_LITTLE_DATA]) == NO_SIGNAL


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
    with django_assert_num_queries(3):
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
    with django_assert_max_num_queries(3):
        project_verdicts(projects)
