"""An audit's cycles and the cases in them: entry by hand, import and export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qicommons.lib.privacy import confirming
from qicommons.partnerships.access import Access, can, get_object_for_user

from .. import export
from ..actions import DuplicateCase, import_cycle, read_table, record_case
from ..forms import CaseForm, CycleForm, ImportForm
from ..models import CaseRecord, Results
from ._common import _audit, _cycle


@login_required
def cycle_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _audit(request, slug, pk, Access.CONTRIBUTE)
    form = CycleForm(request.POST or None, audit=audit)
    if form.is_valid():
        form.instance.audit = audit
        cycle = form.save()
        return redirect("audits:case_new", slug, audit.pk, cycle.pk)
    return render(
        request,
        "audits/form_page.html",
        {
            "partnership": audit.partnership,
            "audit": audit,
            "form": form,
            "title": _("New audit cycle"),
        },
    )


@login_required
def cycle_detail(request: HttpRequest, slug: str, pk: int, cycle_pk: int) -> HttpResponse:
    cycle = _cycle(request, slug, pk, cycle_pk)
    audit = cycle.audit
    criteria = list(audit.criteria.all())
    results = Results(audit, cycles=[cycle], criteria=criteria)
    return render(
        request,
        "audits/cycle_detail.html",
        {
            "partnership": audit.partnership,
            "audit": audit,
            "cycle": cycle,
            "criteria": criteria,
            "rows": cycle.answer_rows(criteria),
            "table": results.table(),
            "can_contribute": can(request.user, Access.CONTRIBUTE, audit.partnership),
        },
    )


@login_required
def case_new(request: HttpRequest, slug: str, pk: int, cycle_pk: int) -> HttpResponse:
    cycle = _cycle(request, slug, pk, cycle_pk, Access.CONTRIBUTE)
    audit = cycle.audit
    form = CaseForm(
        request.POST or None, criteria=audit.criteria.all(), partnership=audit.partnership
    )
    if confirming(form):
        try:
            record_case(
                cycle=cycle,
                reference=form.cleaned_data["reference"],
                clinician=form.cleaned_data["clinician"],
                note=form.cleaned_data["note"],
                answers=form.answers(),
                entered_by=request.user,
            )
        except DuplicateCase:
            form.add_error("reference", _("This case is already recorded in this cycle."))
        else:
            count = cycle.cases.count()
            messages.success(
                request, _("Case saved: %(n)s in this cycle. Next case.") % {"n": count}
            )
            return redirect("audits:case_new", slug, audit.pk, cycle.pk)
    return render(
        request,
        "audits/case_form.html",
        {
            "partnership": audit.partnership,
            "audit": audit,
            "cycle": cycle,
            "form": form,
            "n_cases": cycle.cases.count(),
        },
    )


@login_required
@require_POST
def case_delete(request: HttpRequest, slug: str, pk: int, cycle_pk: int, case_pk: int):
    case = get_object_for_user(
        request.user,
        CaseRecord.objects.select_related("cycle__audit__partnership"),
        Access.CONTRIBUTE,
        pk=case_pk,
        cycle_id=cycle_pk,
        cycle__audit_id=pk,
        cycle__audit__partnership__slug=slug,
    )
    cycle = case.cycle
    case.delete()
    messages.success(request, _("Case removed."))
    return redirect(cycle)


@login_required
def cycle_import(request: HttpRequest, slug: str, pk: int, cycle_pk: int) -> HttpResponse:
    cycle = _cycle(request, slug, pk, cycle_pk, Access.CONTRIBUTE)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if form.is_valid():
        try:
            header, rows = read_table(form.cleaned_data["file"])
        except Exception:  # noqa: BLE001 - any unreadable upload is the user's to fix
            form.add_error("file", _("This file could not be read as CSV (UTF-8) or XLSX."))
        else:
            created, errors = import_cycle(
                cycle=cycle, header=header, rows=rows, entered_by=request.user
            )
            if not errors:
                messages.success(request, _("%(n)s cases imported.") % {"n": created})
                return redirect(cycle)
    return render(
        request,
        "audits/import.html",
        {
            "partnership": cycle.audit.partnership,
            "audit": cycle.audit,
            "cycle": cycle,
            "form": form,
            "errors": errors,
            "criteria": cycle.audit.criteria.all(),
        },
    )


@login_required
def cycle_export(request: HttpRequest, slug: str, pk: int, cycle_pk: int) -> HttpResponse:
    cycle = _cycle(request, slug, pk, cycle_pk)
    if request.GET.get("format") == "xlsx":
        fmt, body, kind = "xlsx", export.cycle_xlsx(cycle), export.XLSX
    else:
        fmt, body, kind = "csv", export.cycle_csv(cycle), "text/csv; charset=utf-8"
    response = HttpResponse(body, content_type=kind)
    filename = f"audit-{cycle.audit_id}-cycle-{cycle.pk}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
