"""The measure form: proportions in percent by default, targets that fit the scale."""

import pytest

from qicommons.measures import charts
from qicommons.measures.forms import MeasureForm
from qicommons.measures.models import Measure

from .helpers import make_measure, make_project

FORM = {
    "name": "Skin-to-skin contact",
    "kind": "process",
    "data_type": "proportion",
    "numerator": "Babies in skin-to-skin contact within an hour",
    "denominator": "Live births",
    "frequency": "weekly",
    "direction": "up",
    "rules": "anhoej",
}


def _saved(world, data):
    form = MeasureForm(data)
    assert form.is_valid(), form.errors
    form.instance.project = make_project(world)
    return form.save()


def test_a_new_proportion_is_shown_in_percent(world):
    measure = _saved(world, {**FORM, "multiply": ""})
    measure.refresh_from_db()
    assert (measure.multiply, measure.unit) == (100, "%")
    assert charts.y_label(measure) == "Percent (%)"


def test_a_new_proportion_left_out_of_the_post_is_in_percent_too(world):
    measure = _saved(world, FORM)
    measure.refresh_from_db()
    assert measure.multiply == 100


def test_a_new_count_keeps_its_values_as_entered(world):
    data = {**FORM, "data_type": "count", "denominator": "", "multiply": ""}
    measure = _saved(world, data)
    measure.refresh_from_db()
    assert (measure.multiply, measure.unit) == (1, "")


def test_a_multiplier_the_team_types_is_kept(world):
    measure = _saved(world, {**FORM, "multiply": "1", "target": "0.8"})
    measure.refresh_from_db()
    assert measure.multiply == 1 and charts.y_label(measure) == "Proportion"


def test_editing_a_measure_keeps_its_multiplier(world):
    measure = make_measure(world, multiply=1)
    form = MeasureForm(instance=measure)
    assert form["multiply"].value() == 1
    data = {**FORM, "multiply": "1"}
    form = MeasureForm(data, instance=measure)
    assert form.is_valid(), form.errors
    form.save()
    measure.refresh_from_db()
    assert measure.multiply == 1


def test_editing_refuses_an_empty_multiplier(world):
    form = MeasureForm({**FORM, "multiply": ""}, instance=make_measure(world))
    assert not form.is_valid() and "multiply" in form.errors


@pytest.mark.parametrize(
    ("multiply", "target", "says"),
    [
        ("1", "10", "this proportion runs from 0 to 1"),
        ("100", "120", "a percentage is at most 100"),
        ("", "101", "a percentage is at most 100"),
        ("100", "-5", "cannot be negative"),
    ],
)
def test_it_refuses_a_target_off_the_scale(world, multiply, target, says):
    form = MeasureForm({**FORM, "multiply": multiply, "target": target})
    assert not form.is_valid()
    assert says in form.errors["target"][0]


@pytest.mark.parametrize(
    ("data_type", "target", "ok"),
    [
        ("count", "-1", False),
        ("count", "12", True),
        ("continuous", "-2.5", True),  # a temperature change may be negative
        ("proportion", "100", True),
        ("proportion", "0", True),
    ],
)
def test_other_scales(world, data_type, target, ok):
    data = {**FORM, "data_type": data_type, "multiply": "", "target": target}
    if data_type != "proportion":
        data["denominator"] = ""
    form = MeasureForm(data)
    assert form.is_valid() is ok, form.errors


def test_the_chart_labels_its_y_axis_with_the_unit():
    assert charts.y_label(Measure(data_type="continuous", unit="min")) == "min"
    assert charts.y_label(Measure(data_type="rate", multiply=1000)) == "per 1,000"
    assert charts.y_label(Measure(data_type="count", multiply=1)) == ""
