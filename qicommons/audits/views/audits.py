"""An audit's own pages: the list, its form, its results, its report, its paper form and
its criteria."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from qicommons.partnerships.access import (
    Access,
    can,
    get_object_for_user,
    get_partnership_for_user,
)

from .. import charts, summary
from ..forms import AuditForm, CriterionForm
from ..models import Answer, Audit, Criterion, Results, with_sources
from ._common import _audit

MAX_PAPER_COPIES = 50


@login_required
def audit_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug)
    audits = (
        partnership.audits.select_related("organisation", "lead")
        .annotate(n_cycles=Count("cycles", distinct=True))
        .order_by("organisation__name", "planned_start", "title")
    )
    return render(
        request,
        "audits/audit_list.html",
        {
            "partnership": partnership,
            "audits": audits,
            "organisations": partnership.organisations.all(),
            "can_contribute": can(request.user, Access.CONTRIBUTE, partnership),
            "can_coach": can(request.user, Access.COACH, partnership),
        },
    )


@login_required
def audit_new(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, Access.CONTRIBUTE)
    form = AuditForm(
        request.POST or None, partnership=partnership, initial={"lead": request.user.pk}
    )
    if form.is_valid():
        form.instance.partnership = partnership
        audit = form.save()
        messages.success(request, _("Audit created. Now add its criteria."))
        return redirect("audits:criterion_new", slug, audit.pk)
    return render(
        request,
        "audits/form_page.html",
        {"partnership": partnership, "form": form, "title": _("New audit")},
    )


@login_required
def audit_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _audit(request, slug, pk, Access.CONTRIBUTE)
    form = AuditForm(request.POST or None, instance=audit, partnership=audit.partnership)
    if form.is_valid():
        form.save()
        return redirect(audit)
    return render(
        request,
        "audits/form_page.html",
        {"partnership": audit.partnership, "audit": audit, "form": form, "title": _("Edit audit")},
    )


def _results(audit: Audit) -> dict:
    """What the results page and the printed report both show."""
    results = Results(audit)
    return {
        "partnership": audit.partnership,
        "audit": audit,
        "results": results,
        "table": results.table(),
        "comparisons": results.comparisons(),
        "chart": charts.compliance_chart(results) if results.cycles else "",
        "summary": summary.plain_words(results),
        "actions": with_sources(audit.actions.all()),
    }


@login_required
def audit_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _audit(request, slug, pk)
    can_contribute = can(request.user, Access.CONTRIBUTE, audit.partnership)
    return render(
        request,
        "audits/audit_detail.html",
        {**_results(audit), "can_contribute": can_contribute},
    )


@login_required
def audit_report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _audit(request, slug, pk)
    return render(
        request,
        "audits/report.html",
        {
            **_results(audit),
            "cycles": audit.cycles.annotate(n_cases=Count("cases")),
            "today": timezone.localdate(),
        },
    )


def _copies(request: HttpRequest) -> int:
    try:
        return min(max(int(request.GET.get("copies", "1")), 1), MAX_PAPER_COPIES)
    except ValueError:
        return 1


@login_required
def paper_form(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _audit(request, slug, pk)
    return render(
        request,
        "audits/paper_form.html",
        {
            "partnership": audit.partnership,
            "audit": audit,
            "criteria": audit.criteria.all(),
            "copies": range(_copies(request)),
            "results": Answer.Result.choices,
        },
    )


@login_required
def criterion_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _audit(request, slug, pk, Access.CONTRIBUTE)
    form = CriterionForm(request.POST or None, initial={"number": audit.next_criterion_number()})
    if form.is_valid():
        form.instance.audit = audit
        form.save()
        messages.success(request, _("Criterion added."))
        if "another" in request.POST:
            return redirect("audits:criterion_new", slug, audit.pk)
        return redirect(audit)
    return render(
        request,
        "audits/criterion_form.html",
        {"partnership": audit.partnership, "audit": audit, "form": form},
    )


@login_required
def criterion_edit(request: HttpRequest, slug: str, pk: int, criterion_pk: int) -> HttpResponse:
    criterion = get_object_for_user(
        request.user,
        Criterion.objects.select_related("audit__partnership"),
        Access.CONTRIBUTE,
        pk=criterion_pk,
        audit_id=pk,
        audit__partnership__slug=slug,
    )
    form = CriterionForm(request.POST or None, instance=criterion)
    if form.is_valid():
        form.save()
        return redirect(criterion.audit)
    return render(
        request,
        "audits/criterion_form.html",
        {"partnership": criterion.audit.partnership, "audit": criterion.audit, "form": form},
    )
