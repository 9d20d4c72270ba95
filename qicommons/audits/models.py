"""Clinical audit, peer review, individual feedback and the shared action tracker.

An audit measures care against a named standard: criteria with a target, cycles of case
records (baseline, then re-audits), one answer per case and criterion. Case references
are stored only as keyed hashes (see `hash_case_reference`), and the clinician a case is
attributed to is never shown to anyone but that clinician (see views.my_feedback).
"""

import hashlib
import hmac
import secrets
import unicodedata

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import IntegrityError, models, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from qicommons.lib import keywrap
from qicommons.partnerships.models import Organisation, Partnership

from . import stats


def case_reference_secrets() -> list[bytes]:
    """The secret that wraps the keys, then older ones while a rotation is under way."""
    return [
        s.encode()
        for s in [settings.CASE_REFERENCE_SECRET, *settings.CASE_REFERENCE_SECRET_FALLBACKS]
    ]


class PartnershipSecret(models.Model):
    """The per-partnership key for hashing case references, made on first use, and
    stored only wrapped under CASE_REFERENCE_SECRET (see the settings), which is not in
    the database.

    It has no history table on purpose: a copy of the key in an audit trail would be a
    second place to steal it from.
    """

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="audit_secret"
    )
    wrapped_key = models.CharField(max_length=100, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    partnership_path = "partnership"

    def __str__(self):
        return f"case-reference key for {self.partnership_id}"

    @classmethod
    def key_for(cls, partnership: Partnership) -> bytes:
        secret = cls.objects.filter(partnership=partnership).first()
        if secret is None:
            wrapped = keywrap.wrap(secrets.token_bytes(32), case_reference_secrets()[0])
            try:
                with transaction.atomic():
                    secret = cls.objects.create(partnership=partnership, wrapped_key=wrapped)
            except IntegrityError:  # another request made it first
                secret = cls.objects.get(partnership=partnership)
        return keywrap.unwrap(secret.wrapped_key, case_reference_secrets())

    def rewrap(self) -> bool:
        """Wrap the key under the current secret; True if it was under an older one."""
        secrets_now = case_reference_secrets()
        key = keywrap.unwrap(self.wrapped_key, secrets_now)
        try:
            keywrap.unwrap(self.wrapped_key, secrets_now[:1])
            return False
        except keywrap.WrongSecret:
            self.wrapped_key = keywrap.wrap(key, secrets_now[0])
            self.save(update_fields=["wrapped_key"])
            return True


def normalise_reference(reference: str) -> str:
    """Case, spacing and punctuation must not make one patient two cases."""
    text = unicodedata.normalize("NFKC", reference).upper()
    return "".join(ch for ch in text if ch.isalnum())


def hash_case_reference(partnership: Partnership, reference: str) -> str:
    """HMAC-SHA256 of the normalised reference under the partnership's own key.

    Without the key, a hospital number cannot be recovered by trying every number;
    with the hospital's own records, the audit team can still find the notes again.
    """
    key = PartnershipSecret.key_for(partnership)
    return hmac.new(key, normalise_reference(reference).encode(), hashlib.sha256).hexdigest()


class Audit(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        COLLECTING = "collecting", _("Collecting data")
        ANALYSING = "analysing", _("Analysing")
        ACTING = "acting", _("Action plan under way")
        RE_AUDIT = "re_audit", _("Re-audit due")
        COMPLETED = "completed", pgettext_lazy("audit status", "Completed")
        ABANDONED = "abandoned", _("Abandoned")

    CLOSED = (Status.COMPLETED, Status.ABANDONED)

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="audits")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="audits", verbose_name=_("hospital")
    )
    title = models.CharField(_("title"), max_length=200)
    clinical_area = models.CharField(_("clinical area"), max_length=120, blank=True)
    guideline_name = models.CharField(_("guideline or standard"), max_length=250)
    guideline_body = models.CharField(_("issuing body"), max_length=200, blank=True)
    guideline_year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, validators=[MinValueValidator(1900)]
    )
    guideline_url = models.URLField(_("link to the guideline"), blank=True)
    aim = models.TextField(_("aim"), blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_audits",
        verbose_name=_("audit lead"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned completion"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    partnership_path = "partnership"

    class Meta:
        verbose_name = _("audit")
        verbose_name_plural = _("audits")
        ordering = ["planned_start", "title", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("audits:detail", args=[self.partnership.slug, self.pk])

    @property
    def is_overdue(self) -> bool:
        return bool(
            self.planned_end
            and self.status not in self.CLOSED
            and self.planned_end < timezone.localdate()
        )

    @property
    def guideline_citation(self) -> str:
        parts = [self.guideline_name]
        if self.guideline_body:
            parts.append(self.guideline_body)
        if self.guideline_year:
            parts.append(str(self.guideline_year))
        return ", ".join(parts)

    def next_criterion_number(self) -> int:
        last = self.criteria.order_by("-number").values_list("number", flat=True).first()
        return (last or 0) + 1


class Criterion(models.Model):
    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="criteria")
    number = models.PositiveSmallIntegerField(_("number"), default=1)
    statement = models.TextField(_("criterion"))
    numerator = models.TextField(_("numerator"), help_text=_("Which cases meet the criterion."))
    denominator = models.TextField(
        _("denominator"), help_text=_("Which cases the criterion applies to.")
    )
    exceptions = models.TextField(
        _("permitted exceptions"),
        blank=True,
        help_text=_("Clinical reasons for which not meeting the criterion is acceptable."),
    )
    target = models.PositiveSmallIntegerField(
        _("target compliance (%)"),
        default=100,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    history = HistoricalRecords()

    partnership_path = "audit__partnership"

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["audit", "number", "pk"]

    def __str__(self):
        return f"{self.number}. {self.statement}"

    @property
    def short(self) -> str:
        return self.statement if len(self.statement) <= 80 else self.statement[:77] + "..."


class AuditCycle(models.Model):
    class Kind(models.TextChoices):
        BASELINE = "baseline", _("Baseline")
        RE_AUDIT = "re_audit", _("Re-audit")

    audit = models.ForeignKey(Audit, on_delete=models.CASCADE, related_name="cycles")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    label = models.CharField(_("name"), max_length=100)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    sampling_note = models.TextField(
        _("sampling"),
        blank=True,
        help_text=_("How the cases were chosen, e.g. 'every woman admitted in labour in May'."),
    )
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    partnership_path = "audit__partnership"

    class Meta:
        verbose_name = _("audit cycle")
        verbose_name_plural = _("audit cycles")
        ordering = ["audit", "period_start", "pk"]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("audits:cycle", args=[self.audit.partnership.slug, self.audit_id, self.pk])

    def answer_rows(self, criteria) -> list[tuple["CaseRecord", list["Answer | None"]]]:
        """Each case with its answer to each criterion in turn (None where unanswered)."""
        cases = self.cases.prefetch_related(
            models.Prefetch(
                "answers", queryset=Answer.objects.only("case_id", "criterion_id", "result")
            )
        )
        rows = []
        for case in cases:
            by_criterion = {a.criterion_id: a for a in case.answers.all()}
            rows.append((case, [by_criterion.get(c.pk) for c in criteria]))
        return rows


class CaseRecord(models.Model):
    """One audited case: only a keyed hash of its reference, never the reference itself."""

    cycle = models.ForeignKey(AuditCycle, on_delete=models.CASCADE, related_name="cases")
    reference_hash = models.CharField(max_length=64, editable=False)
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audited_cases",
        verbose_name=_("responsible clinician"),
    )
    note = models.TextField(_("note"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    partnership_path = "cycle__audit__partnership"

    class Meta:
        verbose_name = _("case record")
        verbose_name_plural = _("case records")
        ordering = ["cycle", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "reference_hash"], name="one_case_per_cycle")
        ]

    def __str__(self):
        return f"case {self.reference_hash[:8]}"

    @property
    def short_hash(self) -> str:
        return self.reference_hash[:10]


class Answer(models.Model):
    class Result(models.TextChoices):
        MET = "met", _("Met")
        NOT_MET = "not_met", _("Not met")
        NOT_APPLICABLE = "na", _("Not applicable")
        EXCEPTION = "exception", _("Exception")

    case = models.ForeignKey(CaseRecord, on_delete=models.CASCADE, related_name="answers")
    # The case's cycle, copied here (a case never changes cycle) so that compliance is
    # one index-only GROUP BY over answers, with no join to cases: see
    # benchmarks/audit_compliance.py. Set by actions.record_case and import_cycle.
    cycle = models.ForeignKey(
        AuditCycle, on_delete=models.CASCADE, related_name="answers", editable=False
    )
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="answers")
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    reason = models.CharField(_("reason for the exception"), max_length=250, blank=True)
    history = HistoricalRecords()

    partnership_path = "cycle__audit__partnership"

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        indexes = [
            models.Index(fields=["cycle", "criterion", "result"], name="answer_compliance_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["case", "criterion"], name="one_answer_per_criterion"),
            models.CheckConstraint(
                condition=~Q(result="exception") | ~Q(reason=""),
                name="exception_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.result}"


# --- Compliance -------------------------------------------------------------------------
# Compliance is met / (met + not met): "not applicable" cases are outside the
# denominator and "exceptions" are the permitted clinical reasons the standard itself
# allows, so neither counts against the team.

MET = Q(result=Answer.Result.MET)
ELIGIBLE = Q(result__in=[Answer.Result.MET, Answer.Result.NOT_MET])


def criterion_counts(answers) -> dict[tuple[int, int], tuple[int, int]]:
    """(cycle id, criterion id) -> (met, eligible), in ONE aggregate query."""
    rows = (
        answers.values("cycle_id", "criterion_id")
        .annotate(met=Count("pk", filter=MET), eligible=Count("pk", filter=ELIGIBLE))
        .order_by()
    )
    return {(r["cycle_id"], r["criterion_id"]): (r["met"], r["eligible"]) for r in rows}


def case_counts(cases) -> dict[int, tuple[int, int]]:
    """cycle id -> (cases meeting every applicable criterion, cases with any applicable).

    The overall figure is all-or-none: a case counts as compliant only if every criterion
    that applied to it was met. Unlike pooling answers across criteria, this keeps one
    observation per patient, so the binomial (and its Wilson interval) is honest.
    """
    applicable = Answer.objects.filter(case=OuterRef("pk")).filter(ELIGIBLE)
    missed = Answer.objects.filter(case=OuterRef("pk"), result=Answer.Result.NOT_MET)
    rows = (
        cases.values("cycle_id")
        .annotate(
            eligible=Count("pk", filter=Q(Exists(applicable))),
            met=Count("pk", filter=Q(Exists(applicable)) & ~Q(Exists(missed))),
        )
        .order_by()
    )
    return {r["cycle_id"]: (r["met"], r["eligible"]) for r in rows}


class Results:
    """Every cycle of an audit against every criterion, computed in two queries."""

    def __init__(self, audit: Audit, cycles=None, criteria=None):
        self.audit = audit
        self.cycles = list(cycles if cycles is not None else audit.cycles.all())
        self.criteria = list(criteria if criteria is not None else audit.criteria.all())
        ids = [c.pk for c in self.cycles]
        self._counts = criterion_counts(Answer.objects.filter(cycle_id__in=ids))
        self._cases = case_counts(CaseRecord.objects.filter(cycle_id__in=ids))

    def proportion(self, cycle, criterion=None) -> stats.Proportion:
        if criterion is None:
            met, eligible = self._cases.get(cycle.pk, (0, 0))
        else:
            met, eligible = self._counts.get((cycle.pk, criterion.pk), (0, 0))
        return stats.wilson_interval(met, eligible)

    @property
    def baseline(self):
        return next((c for c in self.cycles if c.kind == AuditCycle.Kind.BASELINE), None)

    @property
    def latest(self):
        return self.cycles[-1] if self.cycles else None

    def comparisons(self):
        """Each re-audit against the baseline, per criterion and overall."""
        base = self.baseline
        if base is None:
            return []
        out = []
        for cycle in self.cycles:
            if cycle.pk == base.pk:
                continue
            rows = []
            for criterion in [*self.criteria, None]:
                a = self.proportion(base, criterion)
                b = self.proportion(cycle, criterion)
                rows.append(
                    (
                        criterion,
                        stats.compare_proportions((a.successes, a.trials), (b.successes, b.trials)),
                    )
                )
            out.append((cycle, rows))
        return out

    def table(self):
        """Rows of (criterion or None for overall, target, [(cycle, Proportion, meets)])."""
        rows = []
        for criterion in [*self.criteria, None]:
            target = criterion.target if criterion else None
            cells = []
            for cycle in self.cycles:
                p = self.proportion(cycle, criterion)
                meets = None
                if target is not None and p.estimate is not None:
                    meets = p.estimate * 100 >= target
                cells.append((cycle, p, meets))
            rows.append((criterion, target, cells))
        return rows


# --- Peer review, M&M meetings, feedback, the action tracker ----------------------------


class CaseReview(models.Model):
    """A structured judgement review of one case (after the RCP's SJR method)."""

    RATINGS = [
        (1, _("1 - very poor care")),
        (2, _("2 - poor care")),
        (3, _("3 - adequate care")),
        (4, _("4 - good care")),
        (5, _("5 - excellent care")),
    ]
    AVOIDABILITY = [
        (1, _("1 - definitely avoidable")),
        (2, _("2 - strong evidence of avoidability")),
        (3, _("3 - probably avoidable (more than 50:50)")),
        (4, _("4 - possibly avoidable, but not very likely (less than 50:50)")),
        (5, _("5 - slight evidence of avoidability")),
        (6, _("6 - definitely not avoidable")),
    ]
    PHASES = [
        ("admission", _("Admission and initial management")),
        ("ongoing", _("Ongoing care")),
        ("procedure", _("Care during procedures")),
        ("perioperative", _("Perioperative care")),
        ("end_of_life", _("End-of-life care")),
        ("overall", _("Overall assessment of care")),
    ]

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="case_reviews"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("hospital")
    )
    reference_hash = models.CharField(max_length=64, editable=False)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="case_reviews",
        verbose_name=_("reviewer"),
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_cases",
        verbose_name=_("responsible clinician"),
    )
    review_date = models.DateField(_("date of review"), default=timezone.localdate)
    summary = models.TextField(_("case summary"), blank=True)
    died = models.BooleanField(_("the patient died"), default=False)
    admission_rating = models.PositiveSmallIntegerField(null=True, blank=True, choices=RATINGS)
    admission_judgement = models.TextField(blank=True)
    ongoing_rating = models.PositiveSmallIntegerField(null=True, blank=True, choices=RATINGS)
    ongoing_judgement = models.TextField(blank=True)
    procedure_rating = models.PositiveSmallIntegerField(null=True, blank=True, choices=RATINGS)
    procedure_judgement = models.TextField(blank=True)
    perioperative_rating = models.PositiveSmallIntegerField(null=True, blank=True, choices=RATINGS)
    perioperative_judgement = models.TextField(blank=True)
    end_of_life_rating = models.PositiveSmallIntegerField(null=True, blank=True, choices=RATINGS)
    end_of_life_judgement = models.TextField(blank=True)
    overall_rating = models.PositiveSmallIntegerField(_("overall care rating"), choices=RATINGS)
    overall_judgement = models.TextField(_("overall judgement"))
    avoidability = models.PositiveSmallIntegerField(
        _("avoidability of death"), null=True, blank=True, choices=AVOIDABILITY
    )
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    partnership_path = "partnership"

    class Meta:
        verbose_name = _("structured case review")
        verbose_name_plural = _("structured case reviews")
        ordering = ["-review_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(died=True) | Q(avoidability=None), name="avoidability_only_for_deaths"
            ),
        ]

    def __str__(self):
        return _("Case review %(case)s, %(date)s") % {
            "case": self.reference_hash[:8],
            "date": self.review_date,
        }

    def get_absolute_url(self):
        return reverse("audits:review", args=[self.partnership.slug, self.pk])

    def phases(self):
        """(label, rating display or None, judgement) for each phase of care."""
        out = []
        for key, label in self.PHASES:
            rating = getattr(self, f"{key}_rating")
            judgement = getattr(self, f"{key}_judgement")
            out.append((label, rating, judgement))
        return out


class Meeting(models.Model):
    """A mortality and morbidity meeting."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="mm_meetings"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("hospital")
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    attendees = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("attendees")
    )
    other_attendees = models.TextField(
        _("other attendees"), blank=True, help_text=_("People without an account, by role.")
    )
    reviews = models.ManyToManyField(
        CaseReview, blank=True, related_name="meetings", verbose_name=_("cases reviewed")
    )
    cases_discussed = models.TextField(_("cases discussed"), blank=True)
    learning_points = models.TextField(_("learning points"))
    history = HistoricalRecords(m2m_fields=[attendees, reviews])

    partnership_path = "partnership"

    class Meta:
        verbose_name = _("M&M meeting")
        verbose_name_plural = _("M&M meetings")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.title} ({self.date})"

    def get_absolute_url(self):
        return reverse("audits:meeting", args=[self.partnership.slug, self.pk])


class Feedback(models.Model):
    """A coach's written feedback to one clinician, seen only by that clinician."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="+")
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="feedback_given"
    )
    clinician = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="feedback_received",
        verbose_name=_("clinician"),
    )
    audit = models.ForeignKey(
        Audit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("about the audit"),
    )
    text = models.TextField(_("feedback"))
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    partnership_path = "partnership"

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created", "-pk"]

    def __str__(self):
        return f"feedback {self.pk}"


class ActionItem(models.Model):
    """One tracker for every improvement action, whether from an audit, review or meeting.

    Called ActionItem, not Action, so that it is not mistaken for the access enum or for
    the `actions.py` modules that hold each app's writes; the UI still says "action"."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    OPEN_STATUSES = (Status.OPEN, Status.IN_PROGRESS)

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="qi_actions"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("hospital")
    )
    title = models.CharField(_("action"), max_length=250)
    detail = models.TextField(_("detail"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    completed = models.DateField(_("completed on"), null=True, blank=True)
    audit = models.ForeignKey(
        Audit, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    criterion = models.ForeignKey(
        Criterion,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("criterion it addresses"),
    )
    review = models.ForeignKey(
        CaseReview, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    partnership_path = "partnership"

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_date", "pk"]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_date < timezone.localdate()

    @property
    def status_choices(self):
        return self.Status.choices

    @property
    def source(self):
        return self.audit or self.meeting or self.review

    def stamp_completion(self) -> None:
        """Dated when done; undated again if reopened or dropped."""
        self.completed = timezone.localdate() if self.status == self.Status.DONE else None


def with_sources(queryset):
    """Actions with everything a tracker row shows, so a list costs one query."""
    return queryset.select_related(
        "owner",
        "criterion",
        "audit__partnership",
        "meeting__partnership",
        "review__partnership",
    )


def open_actions(queryset):
    return queryset.filter(status__in=ActionItem.OPEN_STATUSES)


def overdue_actions(queryset):
    return open_actions(queryset).filter(due_date__lt=timezone.localdate())


def action_counts(queryset) -> dict[str, int]:
    """How many actions are open, overdue and done, in one query."""
    today = timezone.localdate()
    return queryset.aggregate(
        open=Count("pk", filter=Q(status__in=ActionItem.OPEN_STATUSES)),
        overdue=Count("pk", filter=Q(status__in=ActionItem.OPEN_STATUSES, due_date__lt=today)),
        done=Count("pk", filter=Q(status=ActionItem.Status.DONE)),
    )
