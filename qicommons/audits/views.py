"""Audit, peer review, feedback and governance pages. Every object comes through the door."""

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from qicommons.accounts.http import SignedInRequest
from qicommons.lib.privacy import confirming
from qicommons.partnerships.access import (
    Access,
    can,
    children_of,
    get_object_for_user,
    get_partnership_for_user,
)

from . import charts, summary
from .actions import DuplicateCase, import_cycle, read_table, record_case
from .feedback import audits_with_cases_of, clinician_feedback, latest_cycle_of
from .forms import (
    ActionForm,
    ActionStatusForm,
    AuditForm,
    CaseForm,
    CriterionForm,
    CycleForm,
    FeedbackForm,
    ImportForm,
    MeetingForm,
    ReviewForm,
)
from .models import (
    Action,
    Answer,
    Audit,
    AuditCycle,
    CaseRecord,
    CaseReview,
    Criterion,
    Feedback,
    Meeting,
    Results,
    hash_case_reference,
    open_actions,
    with_sources,
)


def _audit(request, slug, pk, action=Access.VIEW) -> Audit:
    return get_object_for_user(
        request.user,
        Audit.objects.select_related("partnership", "organisation", "lead"),
        action,
        pk=pk,
        partnership__slug=slug,
    )


def _cycle(request, slug, pk, cycle_pk, action=Access.VIEW) -> AuditCycle:
    return get_object_for_user(
        request.user,
        AuditCycle.objects.select_related("audit__partnership", "audit__organisation"),
        action,
        pk=cycle_pk,
        audit_id=pk,
        audit__partnership__slug=slug,
    )


def _organisation(partnership, org_pk):
    organisation = partnership.organisations.filter(pk=org_pk).first()
    if organisation is None:
        raise Http404
    return organisation


# --- Audits -----------------------------------------------------------------------------


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


@login_required
def audit_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _audit(request, slug, pk)
    results = Results(audit)
    return render(
        request,
        "audits/audit_detail.html",
        {
            "partnership": audit.partnership,
            "audit": audit,
            "results": results,
            "table": results.table(),
            "comparisons": results.comparisons(),
            "chart": charts.compliance_chart(results) if results.cycles else "",
            "summary": summary.plain_words(results),
            "actions": with_sources(audit.actions.all()),
            "can_contribute": can(request.user, Access.CONTRIBUTE, audit.partnership),
        },
    )


@login_required
def audit_report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _audit(request, slug, pk)
    results = Results(audit)
    cycles = audit.cycles.annotate(n_cases=Count("cases"))
    return render(
        request,
        "audits/report.html",
        {
            "partnership": audit.partnership,
            "audit": audit,
            "results": results,
            "cycles": cycles,
            "table": results.table(),
            "comparisons": results.comparisons(),
            "chart": charts.compliance_chart(results) if results.cycles else "",
            "summary": summary.plain_words(results),
            "actions": with_sources(audit.actions.all()),
            "today": timezone.localdate(),
        },
    )


@login_required
def paper_form(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _audit(request, slug, pk)
    try:
        copies = min(max(int(request.GET.get("copies", "1")), 1), 50)
    except ValueError:
        copies = 1
    return render(
        request,
        "audits/paper_form.html",
        {
            "partnership": audit.partnership,
            "audit": audit,
            "criteria": audit.criteria.all(),
            "copies": range(copies),
            "results": Answer.Result.choices,
        },
    )


@login_required
def criterion_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    audit = _audit(request, slug, pk, Access.CONTRIBUTE)
    following = (audit.criteria.order_by("-number").values_list("number", flat=True).first()) or 0
    form = CriterionForm(request.POST or None, initial={"number": following + 1})
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


# --- Cycles and cases ---------------------------------------------------------------------


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
    cases = cycle.cases.prefetch_related(
        Prefetch("answers", queryset=Answer.objects.only("case_id", "criterion_id", "result"))
    )
    rows = []
    for case in cases:
        by_criterion = {a.criterion_id: a for a in case.answers.all()}
        rows.append((case, [by_criterion.get(c.pk) for c in criteria]))
    results = Results(audit, cycles=[cycle], criteria=criteria)
    return render(
        request,
        "audits/cycle_detail.html",
        {
            "partnership": audit.partnership,
            "audit": audit,
            "cycle": cycle,
            "criteria": criteria,
            "rows": rows,
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
    """Answers by case, keyed by the hash: no reference and no clinician ever leave."""
    cycle = _cycle(request, slug, pk, cycle_pk)
    criteria = list(cycle.audit.criteria.all())
    header = [
        "case",
        *[f"C{c.number}" for c in criteria],
        *[f"C{c.number} reason" for c in criteria],
    ]
    rows = []
    for case in cycle.cases.prefetch_related("answers"):
        answers = {a.criterion_id: a for a in case.answers.all()}
        results = [answers[c.pk].result if c.pk in answers else "" for c in criteria]
        reasons = [answers[c.pk].reason if c.pk in answers else "" for c in criteria]
        rows.append([case.short_hash, *results, *reasons])
    filename = f"audit-{cycle.audit_id}-cycle-{cycle.pk}"
    if request.GET.get("format") == "xlsx":
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("cases")
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        buf = io.BytesIO()
        book.save(buf)
        response = HttpResponse(
            buf.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


# --- The action tracker -------------------------------------------------------------------


ACTION_SOURCES = {"audit": Audit, "meeting": Meeting, "review": CaseReview}


@login_required
def action_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug)
    show = request.GET.get("show", "open")
    actions = with_sources(children_of(partnership, Action))
    if show != "all":
        actions = open_actions(actions)
    return render(
        request,
        "audits/action_list.html",
        {
            "partnership": partnership,
            "actions": actions,
            "show": show,
            "today": timezone.localdate(),
            "can_contribute": can(request.user, Access.CONTRIBUTE, partnership),
        },
    )


@login_required
def action_new(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, Access.CONTRIBUTE)
    source = None
    for key, model in ACTION_SOURCES.items():
        if request.GET.get(key):
            if not request.GET[key].isdigit():
                raise Http404
            source = get_object_for_user(
                request.user, model, Access.CONTRIBUTE, pk=request.GET[key], partnership=partnership
            )
            source_key = key
            break
    audit = source if isinstance(source, Audit) else None
    form = ActionForm(request.POST or None, partnership=partnership, audit=audit)
    if source is not None and not request.POST:
        form.initial.setdefault("organisation", source.organisation_id)
    if confirming(form):
        form.instance.partnership = partnership
        if source is not None:
            setattr(form.instance, source_key, source)
        form.save()
        messages.success(request, _("Action added to the tracker."))
        return redirect(
            source.get_absolute_url() if source else reverse("audits:actions", args=[slug])
        )
    return render(
        request,
        "audits/form_page.html",
        {"partnership": partnership, "form": form, "title": _("New action"), "source": source},
    )


@login_required
def action_edit(request: HttpRequest, slug: str, action_pk: int) -> HttpResponse:
    action = get_object_for_user(
        request.user,
        Action.objects.select_related("partnership", "audit"),
        Access.CONTRIBUTE,
        pk=action_pk,
        partnership__slug=slug,
    )
    form = ActionForm(request.POST or None, instance=action, partnership=action.partnership)
    if confirming(form):
        action = form.save(commit=False)
        action.completed = timezone.localdate() if action.status == Action.Status.DONE else None
        action.save()
        return redirect("audits:actions", slug)
    return render(
        request,
        "audits/form_page.html",
        {"partnership": action.partnership, "form": form, "title": _("Edit action")},
    )


@login_required
@require_POST
def action_status(request: HttpRequest, slug: str, action_pk: int) -> HttpResponse:
    """Change an action's status: the row for htmx, a redirect for a plain form post."""
    action = get_object_for_user(
        request.user,
        with_sources(Action.objects.all()),
        Access.CONTRIBUTE,
        pk=action_pk,
        partnership__slug=slug,
    )
    form = ActionStatusForm(request.POST, instance=action)
    if form.is_valid():
        action.completed = timezone.localdate() if action.status == Action.Status.DONE else None
        action.save(update_fields=["status", "completed"])
    if request.headers.get("HX-Request"):
        return render(
            request,
            "audits/_action_row.html",
            {
                "action": action,
                "partnership": action.partnership,
                "today": timezone.localdate(),
                "can_contribute": True,
            },
            status=200 if form.is_valid() else 400,
        )
    if not form.is_valid():
        messages.error(request, _("That status is not one of the choices."))
    return redirect("audits:actions", slug)


# --- Peer review and M&M ----------------------------------------------------------------


@login_required
def review_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug)
    reviews = partnership.case_reviews.select_related("reviewer", "organisation")
    meetings = partnership.mm_meetings.select_related("organisation").annotate(
        n_reviews=Count("reviews", distinct=True), n_actions=Count("actions", distinct=True)
    )
    return render(
        request,
        "audits/review_list.html",
        {
            "partnership": partnership,
            "reviews": reviews,
            "meetings": meetings,
            "can_contribute": can(request.user, Access.CONTRIBUTE, partnership),
        },
    )


@login_required
def review_new(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, Access.CONTRIBUTE)
    form = ReviewForm(request.POST or None, partnership=partnership)
    if confirming(form):
        review = form.save(commit=False)
        review.partnership = partnership
        review.reviewer = request.user
        review.reference_hash = hash_case_reference(partnership, form.cleaned_data["reference"])
        review.save()
        messages.success(request, _("Case review saved."))
        return redirect(review)
    return render(
        request,
        "audits/form_page.html",
        {"partnership": partnership, "form": form, "title": _("Structured case review")},
    )


@login_required
def review_detail(request: HttpRequest, slug: str, review_pk: int) -> HttpResponse:
    review = get_object_for_user(
        request.user,
        CaseReview.objects.select_related("partnership", "reviewer", "organisation"),
        pk=review_pk,
        partnership__slug=slug,
    )
    return render(
        request,
        "audits/review_detail.html",
        {
            "partnership": review.partnership,
            "review": review,
            "actions": with_sources(review.actions.all()),
            "can_contribute": can(request.user, Access.CONTRIBUTE, review.partnership),
        },
    )


@login_required
def meeting_new(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, Access.CONTRIBUTE)
    form = MeetingForm(
        request.POST or None, partnership=partnership, initial={"date": timezone.localdate()}
    )
    if confirming(form):
        form.instance.partnership = partnership
        meeting = form.save()
        messages.success(request, _("Meeting recorded. Add its actions to the tracker."))
        return redirect(meeting)
    return render(
        request,
        "audits/form_page.html",
        {"partnership": partnership, "form": form, "title": _("M&M meeting")},
    )


@login_required
def meeting_detail(request: HttpRequest, slug: str, meeting_pk: int) -> HttpResponse:
    meeting = get_object_for_user(
        request.user,
        Meeting.objects.select_related("partnership", "organisation"),
        pk=meeting_pk,
        partnership__slug=slug,
    )
    return render(
        request,
        "audits/meeting_detail.html",
        {
            "partnership": meeting.partnership,
            "meeting": meeting,
            "attendees": meeting.attendees.all(),
            "reviews": meeting.reviews.select_related("reviewer"),
            "actions": with_sources(meeting.actions.all()),
            "can_contribute": can(request.user, Access.CONTRIBUTE, meeting.partnership),
        },
    )


# --- Individual feedback ----------------------------------------------------------------


@login_required
def my_feedback(request: HttpRequest, slug: str) -> HttpResponse:
    get_partnership_for_user(request.user, slug)
    return redirect("audits:clinician_feedback", slug, request.user.pk)


@login_required
def clinician_feedback_page(request: HttpRequest, slug: str, user_id: int) -> HttpResponse:
    """A clinician's own results. For ANYONE else, coach, lead or programme staff
    included, this URL does not exist (404): nobody sees another named clinician's results.
    """
    partnership = get_partnership_for_user(request.user, slug)
    if user_id != request.user.pk:
        raise Http404
    audits = list(audits_with_cases_of(request.user, partnership))
    audit = next((a for a in audits if str(a.pk) == request.GET.get("audit")), None)
    audit = audit or (audits[0] if audits else None)
    cycle = latest_cycle_of(request.user, audit) if audit else None
    items = clinician_feedback(request.user, cycle) if cycle else []
    funnels = [
        (
            item,
            charts.funnel_plot(item, str(item.criterion)),
        )
        for item in items
        if item.comparable
    ]
    return render(
        request,
        "audits/my_feedback.html",
        {
            "partnership": partnership,
            "audits": audits,
            "audit": audit,
            "cycle": cycle,
            "items": items,
            "funnels": funnels,
            "written": children_of(partnership, Feedback)
            .filter(clinician=request.user)
            .select_related("coach", "audit"),
            "reviews": children_of(partnership, CaseReview).filter(clinician=request.user),
        },
    )


@login_required
def feedback_new(request: SignedInRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, Access.COACH)
    form = FeedbackForm(request.POST or None, partnership=partnership, coach=request.user)
    if confirming(form):
        form.instance.partnership = partnership
        form.instance.coach = request.user
        form.save()
        messages.success(request, _("Feedback sent. Only that clinician can read it."))
        return redirect("audits:feedback_new", slug)
    given = (
        children_of(partnership, Feedback).filter(coach=request.user).select_related("clinician")
    )
    return render(
        request,
        "audits/feedback_form.html",
        {"partnership": partnership, "form": form, "given": given},
    )


# --- Programme and governance -------------------------------------------------------------


@login_required
def programme(request: HttpRequest, slug: str, org_pk: int) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug)
    organisation = _organisation(partnership, org_pk)
    audits = partnership.audits.filter(organisation=organisation).select_related("lead")
    return render(
        request,
        "audits/programme.html",
        {"partnership": partnership, "organisation": organisation, "audits": audits},
    )


@login_required
def governance(request: HttpRequest, slug: str, org_pk: int) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug)
    organisation = _organisation(partnership, org_pk)
    today = timezone.localdate()
    audits = list(
        partnership.audits.filter(organisation=organisation)
        .select_related("lead")
        .prefetch_related("cycles")
    )
    latest = summary.latest_overall(audits)
    here = children_of(partnership, Action).filter(organisation=organisation)
    actions = with_sources(open_actions(here))
    counts = here.aggregate(
        open=Count("pk", filter=Q(status__in=Action.OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=Action.OPEN_STATUSES, due_date__lt=today)),
        done=Count("pk", filter=Q(status=Action.Status.DONE)),
    )
    return render(
        request,
        "audits/governance.html",
        {
            "partnership": partnership,
            "organisation": organisation,
            "audits": [(a, latest.get(a.pk)) for a in audits],
            "actions": actions,
            "counts": counts,
            "n_overdue_audits": sum(a.is_overdue for a in audits),
            "can_contribute": can(request.user, Access.CONTRIBUTE, partnership),
            "n_reviews": children_of(partnership, CaseReview)
            .filter(organisation=organisation)
            .count(),
            "n_meetings": children_of(partnership, Meeting)
            .filter(organisation=organisation)
            .count(),
            "today": today,
        },
    )
