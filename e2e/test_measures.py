"""Measures in a real browser: a team adds a measure on a phone, enters twenty weeks of
data, and sees the shift on the chart and in words; a bad spreadsheet saves nothing."""

from datetime import date, timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from playwright.sync_api import expect

from e2e.conftest import PHONE, sign_in
from qicommons.measures.models import DataPoint, Measure
from qicommons.projects.models import Project

BEFORE = [10, 11, 9, 10, 12, 10, 9, 11, 10, 10, 11, 9]
# Ten weeks after a twelve-week baseline: a shift must outrun Anhøj's limit for the judged
# points by two (see packages/spc/spc/verdict.py), so eight weeks would not yet be enough.
AFTER = [2, 3, 2, 1, 3, 2, 2, 3, 2, 3]


@pytest.fixture(autouse=True)
def _styles(settings):
    # The shared stylesheet lives outside any app; the phone layout is part of what these
    # journeys check, so make sure the live server finds it.
    settings.STATICFILES_DIRS = [django_settings.BASE_DIR / "qicommons" / "static"]


def _member(world):
    user = world.users["member"]
    user.set_password("pass-word-1")
    user.save(update_fields=["password"])
    return user


def _project(world):
    return Project.objects.create(
        partnership=world.alpha, organisation=world.org_alpha, title="Warm babies"
    )


def _weekly_proportion(world, **names):
    """A weekly proportion in percent, lower is better: the ward measures these tests use."""
    fields = {
        "name": "Babies cold on admission",
        "numerator": "Babies below 36.5 °C",
        "denominator": "Babies admitted",
        **names,
    }
    return Measure.objects.create(
        project=_project(world),
        kind="outcome",
        data_type="proportion",
        frequency="weekly",
        direction="down",
        multiply=100,
        **fields,
    )


def test_a_team_adds_a_measure_and_sees_a_signal_on_the_phone(phone, world):
    _member(world)
    project = _project(world)
    sign_in(phone, "member@alpha.test", "pass-word-1")
    phone.goto(f"/p/alpha/measures/project/{project.pk}/")
    phone.get_by_role("link", name="Add a measure").click()

    phone.get_by_label("Name").fill("Babies cold on admission")
    phone.get_by_label("Kind of measure").select_option("outcome")
    phone.get_by_label("Kind of data").select_option("proportion")
    phone.get_by_label("Numerator definition").fill("Babies below 36.5 °C")
    phone.get_by_label("Denominator definition").fill("Babies admitted")
    phone.get_by_label("Frequency").select_option("weekly")
    phone.get_by_label("Desired direction").select_option("down")
    phone.get_by_label("Multiplier").fill("100")
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_role("heading", name="Enter data")).to_be_visible()

    # Back data, typed week by week: the form offers this week, so each is chosen.
    first = date(2024, 1, 1)
    for week, cold in enumerate(BEFORE + AFTER):
        phone.get_by_label("Period").fill((first + timedelta(weeks=week)).isoformat())
        phone.get_by_label("Babies below 36.5 °C").fill(str(cold))
        phone.get_by_label("Babies admitted").fill("100")
        phone.get_by_role("button", name="Save").click()
        expect(phone.get_by_role("status").filter(has_text="Saved week of")).to_contain_text(
            (first + timedelta(weeks=week)).strftime("%-d %b %Y")
        )
    entered = DataPoint.objects.filter(measure__name="Babies cold on admission")
    assert entered.count() == len(BEFORE + AFTER)

    phone.get_by_role("link", name="See the chart").click()
    chart = phone.locator("figure.chart svg")
    expect(chart).to_be_visible()
    assert chart.bounding_box()["width"] <= 360
    signals = phone.locator(".m-signals")
    expect(signals).to_contain_text("10 points in a row below the centre line: a shift downwards")
    expect(signals).to_contain_text("in the desired direction")
    expect(phone.locator(".m-verdict").first).to_have_text("✓ Improvement")


def test_the_phone_offers_this_week_and_saves_it(phone, world):
    _member(world)
    measure = _weekly_proportion(world)
    # Data a year old, as in the demo that went stale: this week is still what is offered.
    DataPoint.objects.create(measure=measure, period=date(2024, 1, 1), value=3, denominator=30)
    this_week = measure.period_for(timezone.localdate())
    sign_in(phone, "member@alpha.test", "pass-word-1")
    phone.goto(f"/p/alpha/measures/{measure.pk}/data/")
    expect(phone.get_by_label("Period")).to_have_value(this_week.isoformat())
    phone.get_by_label("Babies below 36.5 °C").fill("4")
    phone.get_by_label("Babies admitted").fill("31")
    phone.get_by_role("button", name="Save").click()
    expect(phone.get_by_role("status")).to_contain_text("Saved week of")
    saved = DataPoint.objects.get(measure=measure, period=this_week)
    assert (saved.value, saved.denominator) == (4, 31)
    # This week is never offered again: the oldest missing recent week is offered instead.
    expect(phone.get_by_label("Period")).to_have_value((this_week - timedelta(weeks=2)).isoformat())
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_a_spreadsheet_with_an_error_names_it_and_saves_nothing(page, world):
    _member(world)
    measure = _weekly_proportion(world)
    sign_in(page, "member@alpha.test", "pass-word-1")
    page.goto(f"/p/alpha/measures/{measure.pk}/import/")
    csv = b"period,numerator,denominator\n2024-01-01,10,100\n2024-01-08,120,100\n2024-01-15,9,100\n"
    page.get_by_label("Spreadsheet").set_input_files(
        {"name": "cold.csv", "mimeType": "text/csv", "buffer": csv}
    )
    page.get_by_role("button", name="Check the file").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Nothing was saved")
    expect(alert).to_contain_text(
        "Row 3, column “numerator”: The numerator (120) cannot be larger than the "
        "denominator (100)."
    )
    assert not DataPoint.objects.filter(measure=measure).exists()


def test_a_ward_file_with_its_own_headers_imports_on_a_phone_without_javascript(new_context, world):
    _member(world)
    measure = _weekly_proportion(
        world, name="Postpartum haemorrhage", numerator="Women with PPH", denominator="Deliveries"
    )
    context = new_context(viewport=PHONE, is_mobile=True, java_script_enabled=False, locale="en-GB")
    phone = context.new_page()
    sign_in(phone, "member@alpha.test", "pass-word-1")
    phone.goto(f"/p/alpha/measures/{measure.pk}/import/")
    csv = b"Week starting,PPH cases,Deliveries\n2024-01-01,3,40\n2024-01-08,2,38\n"
    phone.get_by_label("Spreadsheet").set_input_files(
        {"name": "pph.csv", "mimeType": "text/csv", "buffer": csv}
    )
    phone.get_by_role("button", name="Check the file").click()
    columns = phone.locator("details.m-columns")
    expect(columns.locator("summary")).to_contain_text(
        "period “Week starting” · value or numerator “PPH cases” · denominator “Deliveries”"
    )
    # The columns can be checked and chosen again on the phone, and nothing overflows it.
    columns.locator("summary").click()
    expect(phone.get_by_label("Value or numerator")).to_have_value("1")
    expect(phone.get_by_text("Columns found in the file:")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.get_by_label("Denominator").select_option(label="3. Deliveries")
    phone.get_by_role("button", name="Check with these columns").click()
    assert not DataPoint.objects.filter(measure=measure).exists()
    phone.get_by_role("button", name="Save 2 rows").click()
    expect(phone.get_by_text("Imported: 2 new, 0 updated, 0 unchanged.")).to_be_visible()
    assert list(
        DataPoint.objects.filter(measure=measure)
        .order_by("period")
        .values_list("period", "value", "denominator")
    ) == [(date(2024, 1, 1), 3, 40), (date(2024, 1, 8), 2, 38)]
