"""A French reader's chart on a 360 px phone: the month ticks are French, and every
legend label lies inside the chart as the browser draws it (none is clipped)."""

from playwright.sync_api import expect

from e2e.conftest import sign_in
from qicommons.measures.models import Measure
from qicommons.measures.tests.helpers import add_points, make_measure

PASSWORD = "pass-word-1"
ENGLISH_MONTHS = {"Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}


def test_a_french_chart_has_french_month_ticks_and_an_unclipped_legend(phone, world):
    viewer = world.users["viewer"]
    viewer.set_password(PASSWORD)
    viewer.language = "fr"
    viewer.save(update_fields=["password", "language"])
    measure = make_measure(
        world,
        data_type=Measure.DataType.COUNT,
        frequency=Measure.Frequency.MONTHLY,
        multiply=1,
        target=8,
    )
    add_points(measure, [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11, 9, 10, 11, 2])
    sign_in(phone, viewer.email, PASSWORD)
    phone.goto(measure.get_absolute_url())

    chart = phone.locator("figure.chart svg")
    expect(chart).to_be_visible()
    ticks = chart.evaluate(
        """svg => [...svg.querySelectorAll("[id='matplotlib.axis_1'] text")]
            .map(t => t.textContent)"""
    )
    words = {w for tick in ticks for w in tick.split()}
    assert words & {"jan.", "mars", "mai", "juil.", "sept.", "nov."}, words
    assert not words & ENGLISH_MONTHS, words

    legend = chart.locator("[id^='legend'] text")
    assert legend.count() >= 3
    outside = chart.evaluate(
        """svg => {
            const box = svg.getBoundingClientRect();
            return [...svg.querySelectorAll('[id^="legend"] text')]
                .map(t => [t.textContent, t.getBoundingClientRect()])
                .filter(([, r]) => r.left < box.left - 0.5 || r.right > box.right + 0.5)
                .map(([text]) => text);
        }"""
    )
    assert outside == []
