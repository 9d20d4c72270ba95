"""Measure pages: the project dashboard, a measure's chart and verdict, data entry,
import and export, chart marks. Every object comes through the access door."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qicommons.lib import tables
from qicommons.lib.privacy import confirming
from qicommons.partnerships.access import (
    Access,
    can,
    children_of,
    get_child_or_404,
    get_object_for_user,
    get_partnership_for_user,
)
from qicommons.projects.models import Project, chart_annotations

from . import charts, imports
from .actions import import_points
from .forms import ChartMarkForm, ColumnsForm, DataPointForm, ImportForm, MeasureForm
from .history import history_entries
from .models import ChartMark, DataPoint, Measure
from .verdicts import (
    VERDICT_LABELS,
    chart_data_for,
    freshness_of,
    project_verdicts,
    verdict_of,
)
from .words import describe_reference, describe_signals, explain_verdict

SESSION_IMPORT = "measures-import-%d"
# The uploaded table, kept while the person importing chooses its columns.
SESSION_TABLE = "measures-import-table-%d"
SESSION_IMPORT_NAME = "measures-import-name-%d"
HISTORY_PER_PAGE = 25
# Enough rows for years of weekly data and its edits; older ones are not grouped.
HISTORY_MAX_ROWS = 5000
KIND_ORDER: dict[str, int] = {
    Measure.Kind.OUTCOME: 0,
    Measure.Kind.PROCESS: 1,
    Measure.Kind.BALANCING: 2,
}


def _project(request, slug, project_pk, action=Access.VIEW) -> Project:
    partnership = get_partnership_for_user(request.user, slug)
    return get_object_for_user(
        request.user, Project, action, pk=project_pk, partnership=partnership
    )


def _measure(request, slug, pk, action=Access.VIEW) -> Measure:
    partnership = get_partnership_for_user(request.user, slug)
    return get_object_for_user(
        request.user,
        Measure.objects.select_related("project__partnership"),
        action,
        pk=pk,
        project__partnership=partnership,
    )


@login_required
def index(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug)
    projects = list(children_of(partnership, Project).order_by("title"))
    verdicts = project_verdicts(projects)
    rows = [(p, verdicts[p.pk], VERDICT_LABELS[verdicts[p.pk]]) for p in projects]
    return render(request, "measures/index.html", {"partnership": partnership, "rows": rows})


@login_required
def dashboard(request: HttpRequest, slug: str, project_pk: int) -> HttpResponse:
    project = _project(request, slug, project_pk)
    # Outcome measures first, as the verdict comes from them; then process, balancing.
    measures = sorted(project.measures.all(), key=lambda m: (KIND_ORDER[m.kind], m.name))
    data = chart_data_for(measures, {project.pk: chart_annotations(project)})
    results = {m.pk: charts.summary_for(data[m.pk]) for m in measures}
    today = timezone.localdate()
    tiles = [
        {
            "measure": m,
            "fresh": freshness_of(data[m.pk], today),
            "status": results[m.pk].status,
            "label": VERDICT_LABELS[results[m.pk].status],
            "svg": charts.inline_svg(charts.render_chart(data[m.pk], width_px=charts.INLINE_WIDTH)),
        }
        for m in measures
    ]
    return render(
        request,
        "measures/dashboard.html",
        {
            "project": project,
            "partnership": project.partnership,
            "verdict": verdict_of(measures, results),
            "tiles": tiles,
            "can_contribute": can(request.user, Access.CONTRIBUTE, project.partnership_id),
        },
    )


@login_required
def create(request: HttpRequest, slug: str, project_pk: int) -> HttpResponse:
    project = _project(request, slug, project_pk, Access.CONTRIBUTE)
    form = MeasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.instance.project = project
        measure = form.save()
        messages.success(request, _("Measure added. Now enter its data."))
        return redirect("measures:entry", slug, measure.pk)
    return render(
        request, "measures/measure_form.html", {"form": form, "project": project, "measure": None}
    )


@login_required
def edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    measure = _measure(request, slug, pk, Access.CONTRIBUTE)
    form = MeasureForm(request.POST or None, instance=measure)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Measure saved."))
        return redirect(measure)
    return render(
        request,
        "measures/measure_form.html",
        {"form": form, "project": measure.project, "measure": measure},
    )


@login_required
def detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    measure = _measure(request, slug, pk)
    data = charts.chart_data(measure, chart_annotations(measure.project))
    computed = charts.result_for(data)
    return render(
        request,
        "measures/detail.html",
        {
            "measure": measure,
            "project": measure.project,
            "points": [(p, p.ratio(measure.multiply)) for p in reversed(data.points)],
            "marks": data.marks,
            "svg": charts.inline_svg(charts.render_chart(data, width_px=charts.INLINE_WIDTH)),
            "notes": charts.chart_notes(data),
            "status": computed.status,
            "label": VERDICT_LABELS[computed.status],
            "fresh": freshness_of(data, timezone.localdate()),
            "explanation": explain_verdict(computed.result, computed.error),
            "signals": describe_signals(computed.result, measure),
            "reference": describe_reference(
                computed.result,
                measure,
                before_first_cycle=charts.judged_before_first_cycle(data),
            ),
            "can_contribute": can(request.user, Access.CONTRIBUTE, measure.project.partnership_id),
        },
    )


@login_required
def chart(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("svg", "png"):
        raise Http404
    measure = _measure(request, slug, pk)
    drawn = charts.render_chart(charts.chart_data(measure, chart_annotations(measure.project)), fmt)
    if drawn is None:
        raise Http404
    response = HttpResponse(drawn, content_type="image/svg+xml" if fmt == "svg" else "image/png")
    response["Content-Disposition"] = f'attachment; filename="measure-{measure.pk}.{fmt}"'
    return response


def _entry_context(measure: Measure, form: DataPointForm) -> dict:
    recent = list(measure.points.order_by("-period")[:10])
    return {
        "measure": measure,
        "project": measure.project,
        "form": form,
        "recent": [(p, p.ratio(measure.multiply)) for p in recent],
        "up_to_date": not form.is_bound and form.initial.get("period") is None,
    }


def _blank_entry_form(measure: Measure) -> DataPointForm:
    today = timezone.localdate()
    since = measure.recent_periods(today)[0]
    entered = measure.points.filter(period__gte=since).values_list("period", flat=True)
    period = measure.entry_period(entered, today)
    return DataPointForm(measure=measure, initial={"period": period})


@login_required
def entry(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """This period's numbers on one screen; htmx swaps only the entry block."""
    measure = _measure(request, slug, pk, Access.CONTRIBUTE)
    form = DataPointForm(request.POST or None, measure=measure)
    partial = request.headers.get("HX-Request") == "true"
    if request.method == "POST" and confirming(form):
        form.instance.entered_by = request.user
        point = form.save()
        saved = _("Saved %(period)s.") % {"period": measure.period_label(point.period)}
        if not partial:
            messages.success(request, saved)
            return redirect("measures:entry", slug, measure.pk)
        form = _blank_entry_form(measure)
        context = {**_entry_context(measure, form), "saved": saved}
        return render(request, "measures/_entry.html", context)
    if request.method != "POST":
        form = _blank_entry_form(measure)
    template = "measures/_entry.html" if partial else "measures/entry.html"
    return render(request, template, _entry_context(measure, form))


def _point(request, slug, pk, point_pk) -> DataPoint:
    measure = _measure(request, slug, pk, Access.CONTRIBUTE)
    return get_child_or_404(measure, DataPoint, pk=point_pk)


@login_required
def point_edit(request: HttpRequest, slug: str, pk: int, point_pk: int) -> HttpResponse:
    point = _point(request, slug, pk, point_pk)
    form = DataPointForm(request.POST or None, instance=point, measure=point.measure)
    if request.method == "POST" and confirming(form):
        form.instance.entered_by = request.user
        form.save()
        messages.success(request, _("Data point saved."))
        return redirect("measures:entry", slug, pk)
    return render(
        request,
        "measures/point_form.html",
        {"form": form, "point": point, "measure": point.measure, "project": point.measure.project},
    )


@login_required
def point_delete(request: HttpRequest, slug: str, pk: int, point_pk: int) -> HttpResponse:
    point = _point(request, slug, pk, point_pk)
    if request.method == "POST":
        point.delete()
        messages.success(request, _("Data point deleted; it stays in the history."))
        return redirect("measures:entry", slug, pk)
    return render(
        request,
        "measures/point_delete.html",
        {"point": point, "measure": point.measure, "project": point.measure.project},
    )


@login_required
def history(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    measure = _measure(request, slug, pk)
    records = children_of(measure, DataPoint.history).select_related("history_user")
    period = request.GET.get("period", "")
    if period:
        try:
            records = records.filter(period=date.fromisoformat(period))
        except ValueError:
            messages.error(
                request,
                _("“%(period)s” is not a date (YYYY-MM-DD): showing every period.")
                % {"period": period[:20]},
            )
            period = ""
    ordered = records.order_by("-history_date", "-history_id")[:HISTORY_MAX_ROWS]
    page = Paginator(history_entries(ordered), HISTORY_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "measures/history.html",
        {"measure": measure, "project": measure.project, "page": page, "period": period},
    )


@login_required
def import_upload(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    measure = _measure(request, slug, pk, Access.CONTRIBUTE)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"measure": measure, "project": measure.project, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = imports.session_table(tables.read_table(upload.name, upload.read()))
        except tables.UnreadableFile as exc:
            form.add_error("file", str(exc))
            return render(request, "measures/import.html", context)
        request.session[SESSION_IMPORT_NAME % measure.pk] = upload.name
        return _check_import(request, measure, table, None, context)
    return render(request, "measures/import.html", context)


@login_required
@require_POST
def import_columns(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The column choice posted back: the same file, read again with those columns."""
    measure = _measure(request, slug, pk, Access.CONTRIBUTE)
    table = request.session.get(SESSION_TABLE % measure.pk)
    header = imports.header_row(table) if table else None
    if header is None:
        messages.error(request, _("Nothing to import: upload the file again."))
        return redirect("measures:import", slug, pk)
    context = {"measure": measure, "project": measure.project, "form": ImportForm()}
    return _check_import(request, measure, table, request.POST, context)


def _check_import(request, measure, table, posted, context) -> HttpResponse:
    """Read the table with the posted columns (or those its headers name), and show the
    preview, or every problem with nothing kept to save."""
    request.session.pop(SESSION_IMPORT % measure.pk, None)
    header = imports.header_row(table)
    # A file past the row limit is refused whatever its columns, so it is not kept.
    kept = header is not None and sum(1 for row in table if row) <= imports.MAX_ROWS + 1
    if kept:
        request.session[SESSION_TABLE % measure.pk] = table
    else:
        request.session.pop(SESSION_TABLE % measure.pk, None)
    if header is None:
        context["problems"] = [imports.Problem(None, "", _("The file is empty."))]
        return render(request, "measures/import.html", context, status=400)
    guessed = imports.guess_columns(header, measure)
    columns = ColumnsForm(
        posted,
        header=header,
        measure=measure,
        initial={key: str(index) for key, index in guessed.items()},
    )
    context.update(
        columns_form=columns if kept else None,
        headers=[imports.column_name(header, index) for index in range(len(header))],
    )
    if posted is not None and not columns.is_valid():
        return render(request, "measures/import.html", context, status=400)
    chosen = columns.columns() if posted is not None else guessed
    context["chosen"] = [
        (imports.COLUMN_LABELS[key], imports.column_name(header, index))
        for key, index in chosen.items()
    ]
    parsed = imports.parse_table(measure, table, chosen)
    if parsed.problems:
        context["problems"] = parsed.problems
        return render(request, "measures/import.html", context, status=400)
    request.session[SESSION_IMPORT % measure.pk] = [r.to_session() for r in parsed.rows]
    context["preview"] = imports.preview(measure, parsed.rows)
    return render(request, "measures/import.html", context)


@login_required
@require_POST
def import_confirm(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    measure = _measure(request, slug, pk, Access.CONTRIBUTE)
    stored = request.session.pop(SESSION_IMPORT % measure.pk, None)
    request.session.pop(SESSION_TABLE % measure.pk, None)
    if not stored:
        messages.error(request, _("Nothing to import: upload the file again."))
        return redirect("measures:import", slug, pk)
    rows = [imports.Row.from_session(item) for item in stored]
    name = request.session.pop(SESSION_IMPORT_NAME % measure.pk, "")
    counts = import_points(measure=measure, rows=rows, user=request.user, file_name=name)
    messages.success(
        request,
        _("Imported: %(created)d new, %(updated)d updated, %(unchanged)d unchanged.") % counts,
    )
    return redirect(measure)


@login_required
def export(request: HttpRequest, slug: str, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    measure = _measure(request, slug, pk)
    if fmt == "csv":
        body, kind = imports.export_csv(measure), "text/csv; charset=utf-8"
    else:
        body = imports.export_xlsx(measure)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="measure-{measure.pk}.{fmt}"'
    return response


@login_required
def marks(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    action = Access.CONTRIBUTE if request.method == "POST" else Access.VIEW
    measure = _measure(request, slug, pk, action)
    form = ChartMarkForm(request.POST or None, measure=measure)
    if request.method == "POST" and confirming(form):
        form.instance.created_by = request.user
        form.save()
        messages.success(request, _("Mark added to the chart."))
        return redirect("measures:marks", slug, pk)
    return render(
        request,
        "measures/marks.html",
        {
            "measure": measure,
            "project": measure.project,
            "form": form,
            "marks": measure.marks.order_by("period", "pk"),
            "can_contribute": can(request.user, Access.CONTRIBUTE, measure.project.partnership_id),
        },
    )


@login_required
@require_POST
def mark_delete(request: HttpRequest, slug: str, pk: int, mark_pk: int) -> HttpResponse:
    measure = _measure(request, slug, pk, Access.CONTRIBUTE)
    get_child_or_404(measure, ChartMark, pk=mark_pk).delete()
    messages.success(request, _("Mark removed."))
    return redirect("measures:marks", slug, pk)
