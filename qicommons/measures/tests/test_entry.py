"""Data entry on a phone: one form for this period, previous values beside it."""

import re
from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from qicommons.measures.models import DataPoint

from .helpers import add_points, make_measure


def _url(measure, name="measures:entry", **extra):
    return reverse(
        name, kwargs={"slug": measure.project.partnership.slug, "pk": measure.pk, **extra}
    )


def test_it_offers_this_periods_form_with_previous_values(client, world):
    measure = make_measure(world)
    add_points(measure, [7, 5], [30, 28])
    client.force_login(world.users["member"])
    response = client.get(_url(measure))
    assert response.status_code == 200
    page = response.content.decode()
    # The points are from 2024: this week is offered, not the week after them.
    assert f'value="{_this_week(measure).isoformat()}"' in page
    assert "7 / 30" in page and "5 / 28" in page
    assert "Babies below 36.5 °C on admission" in page  # the numerator's own words


def _this_week(measure):
    return measure.period_for(timezone.localdate())


def _offered(page: str) -> str:
    match = re.search(r'<input type="date" name="period"([^>]*)>', page)
    assert match, "no period field"
    value = re.search(r'value="([^"]*)"', match.group(1))
    return value.group(1) if value else ""


def test_after_saving_this_week_it_never_offers_this_week_again(client, world):
    measure = make_measure(world)
    this_week = _this_week(measure)
    add_points(measure, [4, 5], [30, 31], start=this_week - timedelta(days=14))
    client.force_login(world.users["member"])
    assert _offered(client.get(_url(measure)).content.decode()) == this_week.isoformat()
    response = client.post(
        _url(measure), {"period": this_week.isoformat(), "value": "3", "denominator": "29"}
    )
    assert response.status_code == 302
    page = client.get(_url(measure)).content.decode()
    assert _offered(page) == ""
    assert "Every recent period has a value" in page


def test_it_offers_a_missed_recent_week_before_this_one(client, world):
    measure = make_measure(world)
    this_week = _this_week(measure)
    add_points(measure, [4], [30], start=this_week - timedelta(days=14))
    client.force_login(world.users["member"])
    page = client.get(_url(measure)).content.decode()
    assert _offered(page) == (this_week - timedelta(days=7)).isoformat()


def test_htmx_save_offers_the_next_missing_period(client, world):
    measure = make_measure(world)
    this_week = _this_week(measure)
    add_points(measure, [4], [30], start=this_week - timedelta(days=14))
    client.force_login(world.users["member"])
    last_week = this_week - timedelta(days=7)
    response = client.post(
        _url(measure),
        {"period": last_week.isoformat(), "value": "3", "denominator": "29"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert _offered(response.content.decode()) == this_week.isoformat()


def test_it_saves_a_point_at_the_start_of_its_week(client, world):
    measure = make_measure(world)
    client.force_login(world.users["member"])
    response = client.post(
        _url(measure), {"period": "2025-03-06", "value": "4", "denominator": "31"}
    )
    assert response.status_code == 302
    point = DataPoint.objects.get(measure=measure)
    assert (point.period, point.value, point.denominator) == (date(2025, 3, 3), 4, 31)
    assert point.entered_by == world.users["member"]


def test_it_answers_htmx_with_the_entry_block_only(client, world):
    measure = make_measure(world)
    client.force_login(world.users["member"])
    response = client.post(
        _url(measure),
        {"period": "2025-03-06", "value": "4", "denominator": "31"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in page and 'id="m-entry"' in page
    assert "Saved week of 3 Mar 2025." in page
    assert DataPoint.objects.filter(measure=measure).count() == 1


def test_it_answers_htmx_errors_with_the_entry_block_and_saves_nothing(client, world):
    measure = make_measure(world)
    client.force_login(world.users["member"])
    response = client.post(
        _url(measure),
        {"period": "2025-03-06", "value": "-1", "denominator": "31"},
        headers={"HX-Request": "true"},
    )
    page = response.content.decode()
    assert "<html" not in page and 'id="id_value_error"' in page
    assert "This cannot be negative." in page
    assert not DataPoint.objects.exists()


def test_it_shows_a_numerator_above_the_denominator_next_to_the_field(client, world):
    measure = make_measure(world)
    client.force_login(world.users["member"])
    response = client.post(
        _url(measure), {"period": "2025-03-06", "value": "40", "denominator": "31"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["value"] == [
        "The numerator (40) cannot be larger than the denominator (31)."
    ]
    assert 'id="id_value_error"' in response.content.decode()
    assert not DataPoint.objects.exists()


def test_it_rejects_a_second_value_for_the_same_period(client, world):
    measure = make_measure(world)
    add_points(measure, [7], [30])
    client.force_login(world.users["member"])
    response = client.post(
        _url(measure), {"period": "2024-01-03", "value": "1", "denominator": "9"}
    )
    assert "period" in response.context["form"].errors
    assert DataPoint.objects.get(measure=measure).value == 7


def test_it_rejects_text_where_a_number_belongs(client, world):
    measure = make_measure(world)
    client.force_login(world.users["member"])
    response = client.post(
        _url(measure), {"period": "2025-03-06", "value": "four", "denominator": "9"}
    )
    assert "value" in response.context["form"].errors
    assert not DataPoint.objects.exists()


def test_it_takes_several_values_for_subgrouped_measures(client, world):
    measure = make_measure(world, data_type="subgroups", multiply=1, numerator="Temperature")
    client.force_login(world.users["member"])
    client.post(_url(measure), {"period": "2025-03-06", "values_text": "36.0, 36.5 37"})
    point = DataPoint.objects.get(measure=measure)
    assert point.values == [36.0, 36.5, 37.0] and point.value == 36.5


def test_it_reads_decimal_commas_in_languages_that_write_them(client, world):
    measure = make_measure(world, data_type="subgroups", multiply=1, numerator="Temperature")
    client.force_login(world.users["member"])
    client.cookies["django_language"] = "fr"
    client.post(_url(measure), {"period": "2025-03-06", "values_text": "36,0 36,5; 37"})
    point = DataPoint.objects.get(measure=measure)
    assert point.values == [36.0, 36.5, 37.0]


def test_it_keeps_edits_and_deletions_in_the_history(client, world):
    measure = make_measure(world)
    (point,) = add_points(measure, [7], [30])
    client.force_login(world.users["member"])
    client.post(
        _url(measure, "measures:point_edit", point_pk=point.pk),
        {"period": "2024-01-01", "value": "6", "denominator": "30"},
    )
    client.post(_url(measure, "measures:point_delete", point_pk=point.pk))
    assert not DataPoint.objects.filter(pk=point.pk).exists()
    kinds = list(
        DataPoint.history.filter(id=point.pk)
        .order_by("history_id")
        .values_list("history_type", "value")
    )
    assert kinds[-2:] == [("~", 6.0), ("-", 6.0)]
    page = client.get(_url(measure, "measures:history") + "?period=2024-01-01").content.decode()
    assert "deleted" in page and "changed" in page and "Alpha Member" in page


def test_it_does_not_let_one_measure_edit_anothers_point(client, world):
    measure, other = make_measure(world), make_measure(world, name="Other")
    (point,) = add_points(other, [7], [30])
    client.force_login(world.users["member"])
    response = client.get(_url(measure, "measures:point_edit", point_pk=point.pk))
    assert response.status_code == 404
