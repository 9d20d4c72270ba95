"""A data-point note or a chart-mark reason that looks like a patient identifier warns once."""

from django.urls import reverse

from qicommons.measures.models import ChartMark, DataPoint

from .helpers import add_points, make_measure

WARNING = "It seems to contain a name"
POINT = {"period": "2025-03-06", "value": "4", "denominator": "31"}


def _url(measure, name="measures:entry", **extra):
    return reverse(
        name, kwargs={"slug": measure.project.partnership.slug, "pk": measure.pk, **extra}
    )


def _shows_warning_beside(page, label):
    """The warning names the field it is about, and the "save anyway" box is offered."""
    assert WARNING in page
    assert f"{label}: {WARNING}" in page
    assert 'type="checkbox" name="confirm_no_identifiers"' in page


def test_an_identifying_note_stops_the_entry_once(client, world):
    measure = make_measure(world)
    client.force_login(world.users["member"])
    response = client.post(_url(measure), {**POINT, "note": "Baby of Mrs Banda"})
    assert response.status_code == 200
    _shows_warning_beside(response.content.decode(), "Note")
    assert not DataPoint.objects.exists()

    data = {**POINT, "note": "Baby of Mrs Banda", "confirm_no_identifiers": "on"}
    response = client.post(_url(measure), data)
    assert response.status_code == 302
    assert DataPoint.objects.get().note == "Baby of Mrs Banda"


def test_an_identifying_note_warns_in_the_htmx_entry_block(client, world):
    measure = make_measure(world)
    client.force_login(world.users["member"])
    htmx = {"HX-Request": "true"}
    response = client.post(_url(measure), {**POINT, "note": "Mr Phiri"}, headers=htmx)
    page = response.content.decode()
    assert "<html" not in page and 'id="m-entry"' in page
    _shows_warning_beside(page, "Note")
    assert not DataPoint.objects.exists()

    data = {**POINT, "note": "Mr Phiri", "confirm_no_identifiers": "on"}
    response = client.post(_url(measure), data, headers=htmx)
    assert "Saved week of 3 Mar 2025." in response.content.decode()
    assert DataPoint.objects.get().note == "Mr Phiri"


def test_an_ordinary_note_saves_at_once(client, world):
    measure = make_measure(world)
    client.force_login(world.users["member"])
    response = client.post(_url(measure), {**POINT, "note": "Heater broken on Tuesday"})
    assert response.status_code == 302
    assert DataPoint.objects.get().note == "Heater broken on Tuesday"


def test_editing_a_point_warns_about_its_note_too(client, world):
    measure = make_measure(world)
    [point] = add_points(measure, [4], [31])
    client.force_login(world.users["member"])
    url = _url(measure, "measures:point_edit", point_pk=point.pk)
    data = {"period": "2024-01-01", "value": "4", "denominator": "31", "note": "MRN 1234567"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "It contains a long number" in response.content.decode()
    point.refresh_from_db()
    assert point.note == ""

    response = client.post(url, {**data, "confirm_no_identifiers": "on"})
    assert response.status_code == 302
    point.refresh_from_db()
    assert point.note == "MRN 1234567"


def test_an_identifying_mark_reason_stops_the_mark_once(client, world):
    measure = make_measure(world)
    add_points(measure, [4], [31])
    client.force_login(world.users["member"])
    url = _url(measure, "measures:marks")
    data = {"kind": ChartMark.Kind.ANNOTATION, "period": "2024-01-01", "reason": "Ms Mbewe died"}
    response = client.post(url, data)
    assert response.status_code == 200
    _shows_warning_beside(response.content.decode(), "Reason or text")
    assert not ChartMark.objects.exists()

    response = client.post(url, {**data, "confirm_no_identifiers": "on"})
    assert response.status_code == 302
    assert ChartMark.objects.get().reason == "Ms Mbewe died"


def test_an_ordinary_mark_reason_saves_at_once(client, world):
    measure = make_measure(world)
    client.force_login(world.users["member"])
    data = {"kind": ChartMark.Kind.ANNOTATION, "period": "2024-01-01", "reason": "New heater"}
    response = client.post(_url(measure, "measures:marks"), data)
    assert response.status_code == 302
    assert ChartMark.objects.get().reason == "New heater"
