from django.core.files.uploadedfile import SimpleUploadedFile

from qicommons.testing import Case, contribute_page, view_page

from .helpers import add_points, make_mark, make_measure, make_project

MEASURE_FORM = {
    "name": "Skin-to-skin contact",
    "kind": "process",
    "data_type": "proportion",
    "numerator": "Babies in skin-to-skin contact within an hour",
    "denominator": "Live births",
    "frequency": "weekly",
    "direction": "up",
    "multiply": "100",
    "rules": "anhoej",
}


def project(w):
    return {"slug": w.alpha.slug, "project_pk": make_project(w).pk}


def measure(w):
    m = make_measure(w)
    add_points(m, [3, 4, 2, 5, 3, 4], [20] * 6)
    return {"slug": w.alpha.slug, "pk": m.pk}


def point(w):
    m = make_measure(w)
    (p,) = add_points(m, [3], [20])
    return {"slug": w.alpha.slug, "pk": m.pk, "point_pk": p.pk}


def mark(w):
    m = make_measure(w)
    return {"slug": w.alpha.slug, "pk": m.pk, "mark_pk": make_mark(m).pk}


def upload(w):
    content = b"period,numerator,denominator\n2024-01-01,3,20\n2024-01-08,4,21\n"
    return {"file": SimpleUploadedFile("data.csv", content, content_type="text/csv")}


CASES = [
    Case("measures:index", view_page(), kwargs=lambda w: {"slug": w.alpha.slug}),
    Case("measures:dashboard", view_page(), kwargs=project),
    Case("measures:create", contribute_page(), kwargs=project),
    Case(
        "measures:create",
        contribute_page(302),
        kwargs=project,
        method="post",
        data=lambda w: MEASURE_FORM,
    ),
    Case("measures:detail", view_page(), kwargs=measure),
    Case("measures:edit", contribute_page(), kwargs=measure),
    Case(
        "measures:edit",
        contribute_page(302),
        kwargs=measure,
        method="post",
        data=lambda w: MEASURE_FORM,
    ),
    Case("measures:chart", view_page(), kwargs=lambda w: {**measure(w), "fmt": "svg"}),
    Case("measures:chart", view_page(), kwargs=lambda w: {**measure(w), "fmt": "png"}, note=" png"),
    Case("measures:entry", contribute_page(), kwargs=measure),
    Case(
        "measures:entry",
        contribute_page(302),
        kwargs=measure,
        method="post",
        data=lambda w: {"period": "2024-03-04", "value": "2", "denominator": "19"},
    ),
    Case("measures:point_edit", contribute_page(), kwargs=point),
    Case(
        "measures:point_edit",
        contribute_page(302),
        kwargs=point,
        method="post",
        data=lambda w: {"period": "2024-01-01", "value": "5", "denominator": "19"},
    ),
    Case("measures:point_delete", contribute_page(), kwargs=point),
    Case("measures:point_delete", contribute_page(302), kwargs=point, method="post"),
    Case("measures:history", view_page(), kwargs=measure),
    Case("measures:import", contribute_page(), kwargs=measure),
    Case("measures:import", contribute_page(), kwargs=measure, method="post", data=upload),
    Case("measures:import_columns", contribute_page(302), kwargs=measure, method="post"),
    Case("measures:import_confirm", contribute_page(302), kwargs=measure, method="post"),
    Case("measures:export", view_page(), kwargs=lambda w: {**measure(w), "fmt": "csv"}),
    Case(
        "measures:export", view_page(), kwargs=lambda w: {**measure(w), "fmt": "xlsx"}, note=" xlsx"
    ),
    Case("measures:marks", view_page(), kwargs=measure),
    Case(
        "measures:marks",
        contribute_page(302),
        kwargs=measure,
        method="post",
        data=lambda w: {"kind": "annotation", "period": "2024-01-10", "reason": "New warmer"},
    ),
    Case("measures:mark_delete", contribute_page(302), kwargs=mark, method="post"),
]
