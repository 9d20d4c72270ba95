"""Measures of a project, their data points and the marks a team puts on their charts.

A measure's chart type follows from the kind of data it collects (see
`Measure.suggested_chart`); the team can override it. Data points are one per period;
their edits and deletions stay in the audit trail (`history`).
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qicommons.projects.models import Project

# Data entry looks back over the current period and the two before it for a missing one.
RECENT_PERIODS = 3
# A measure is stale when more than this many finished periods have no data.
STALE_PERIODS = 2


class Measure(models.Model):
    class Kind(models.TextChoices):
        OUTCOME = "outcome", _("Outcome")
        PROCESS = "process", _("Process")
        BALANCING = "balancing", _("Balancing")

    class DataType(models.TextChoices):
        PROPORTION = "proportion", _("Proportion (numerator out of denominator)")
        RATE = "rate", _("Rate per exposure (events per patient-days, per 1,000 births...)")
        COUNT = "count", _("Count of events")
        CONTINUOUS = "continuous", _("Measured value (time, temperature, length of stay...)")
        DAYS_BETWEEN = "days_between", _("Days between rare events")
        CASES_BETWEEN = "cases_between", _("Cases between rare events")
        SUBGROUPS = "subgroups", _("Several measured values per period")

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")

    class Direction(models.TextChoices):
        UP = "up", _("Higher is better")
        DOWN = "down", _("Lower is better")

    class Chart(models.TextChoices):
        RUN = "run", _("Run chart")
        I = "i", _("I chart (individual values)")  # noqa: E741
        XBAR = "xbar", _("Xbar chart (subgroup means)")
        S = "s", _("S chart (subgroup standard deviations)")
        P = "p", _("P chart (proportions)")
        PP = "pp", _("Laney P' chart (proportions, large denominators)")
        U = "u", _("U chart (rates)")
        UP = "up", _("Laney U' chart (rates, large denominators)")
        C = "c", _("C chart (counts)")
        T = "t", _("T chart (time between events)")
        G = "g", _("G chart (cases between events)")

    class Rules(models.TextChoices):
        ANHOEJ = "anhoej", _("Anhøj runs rules and 3-sigma limits")
        MDC = "mdc", _("NHS Making Data Count")

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="measures", verbose_name=_("project")
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind of measure"), max_length=10, choices=Kind.choices)
    definition = models.TextField(
        _("operational definition"),
        blank=True,
        help_text=_("Exactly what is counted or measured, how, by whom and when."),
    )
    data_type = models.CharField(_("kind of data"), max_length=20, choices=DataType.choices)
    numerator = models.CharField(
        _("numerator definition (or the value)"), max_length=300, blank=True
    )
    denominator = models.CharField(_("denominator definition"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY
    )
    direction = models.CharField(_("desired direction"), max_length=4, choices=Direction.choices)
    target = models.FloatField(_("target"), null=True, blank=True)
    chart = models.CharField(
        _("chart type"),
        max_length=4,
        choices=Chart.choices,
        blank=True,
        help_text=_("Leave empty to use the chart suggested for the kind of data."),
    )
    multiply = models.FloatField(
        _("multiplier"), default=1, help_text=_("For example 100 to show a proportion in percent.")
    )
    rules = models.CharField(
        _("rules for signals"), max_length=10, choices=Rules.choices, default=Rules.ANHOEJ
    )
    is_primary = models.BooleanField(
        _("primary outcome measure"),
        default=False,
        help_text=_(
            "The project's verdict is judged on this outcome measure alone. Without one, "
            "the earliest outcome measure added is used."
        ),
    )
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    partnership_path = "project__partnership"

    SUGGESTED_CHART: dict[str, str] = {
        DataType.PROPORTION: Chart.P,
        DataType.RATE: Chart.U,
        DataType.COUNT: Chart.C,
        DataType.CONTINUOUS: Chart.I,
        DataType.DAYS_BETWEEN: Chart.T,
        DataType.CASES_BETWEEN: Chart.G,
        DataType.SUBGROUPS: Chart.XBAR,
    }

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["project", "kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=models.Q(is_primary=True),
                name="one_primary_measure_per_project",
            ),
            models.CheckConstraint(
                condition=~models.Q(is_primary=True) | models.Q(kind="outcome"),
                name="primary_measure_is_outcome",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("measures:detail", args=[self.project.partnership.slug, self.pk])

    def suggested_chart(self) -> str:
        """The chart that fits the kind of data.

        >>> Measure(data_type="proportion").suggested_chart()
        'p'
        """
        return str(self.SUGGESTED_CHART[self.data_type])

    @property
    def chart_type(self) -> str:
        return self.chart or self.suggested_chart()

    @property
    def chart_label(self) -> str:
        return str(self.Chart(self.chart_type).label)

    @property
    def needs_denominator(self) -> bool:
        return self.data_type in (self.DataType.PROPORTION, self.DataType.RATE)

    @property
    def has_subgroups(self) -> bool:
        return self.data_type == self.DataType.SUBGROUPS

    @property
    def must_be_whole(self) -> bool:
        """Counts of events and of cases are whole numbers."""
        return self.data_type in (
            self.DataType.PROPORTION,
            self.DataType.COUNT,
            self.DataType.CASES_BETWEEN,
        )

    @property
    def may_be_negative(self) -> bool:
        return self.data_type in (self.DataType.CONTINUOUS, self.DataType.SUBGROUPS)

    @property
    def scale_top(self) -> float | None:
        """The largest value a proportion can show on its scale (1, or 100 in percent)."""
        if self.data_type == self.DataType.PROPORTION:
            return self.multiply
        return None

    def target_problem(self) -> str:
        """Why the target cannot be reached on the measure's scale, or "" when it can.

        >>> Measure(data_type="proportion", multiply=1, target=10).target_problem()[:40]
        'A target of 10 cannot be reached: this p'
        """
        target = self.target
        if target is None:
            return ""
        top = self.scale_top
        if target < 0 and not self.may_be_negative:
            return str(_("The target cannot be negative: this measure counts or times events."))
        if top is not None and target > top:
            if top == 100:
                return str(
                    _("A target of %(target)s cannot be reached: a percentage is at most 100.")
                    % {"target": _fmt(target)}
                )
            return str(
                _(
                    "A target of %(target)s cannot be reached: this proportion runs from 0 to "
                    "%(top)s. Set the multiplier to 100 to enter the target in percent."
                )
                % {"target": _fmt(target), "top": _fmt(top)}
            )
        return ""

    def problems(self, value, denominator=None, values=()) -> dict[str, str]:
        """What is wrong with one period's numbers, by field; empty when they are fine.

        Shared by the entry form and the import, so both reject the same data.

        >>> m = Measure(data_type="proportion")
        >>> m.problems(12, 10)["value"]
        'The numerator (12) cannot be larger than the denominator (10).'
        """
        found: dict[str, str] = {}
        numbers = list(values) if self.has_subgroups else [value]
        field = "values" if self.has_subgroups else "value"
        if self.has_subgroups and not numbers:
            found[field] = str(_("Enter at least one value."))
        for number in numbers:
            if number is None:
                found[field] = str(_("This value is required."))
            elif number < 0 and not self.may_be_negative:
                found[field] = str(_("This cannot be negative."))
            elif self.must_be_whole and number != int(number):
                found[field] = str(_("This must be a whole number (a count)."))
        if self.needs_denominator:
            if denominator is None:
                found["denominator"] = str(_("The denominator is required for this measure."))
            elif denominator <= 0:
                found["denominator"] = str(_("The denominator must be more than zero."))
            elif (
                self.data_type == self.DataType.PROPORTION
                and "value" not in found
                and value is not None
                and value > denominator
            ):
                found["value"] = str(
                    _("The numerator (%(num)s) cannot be larger than the denominator (%(den)s).")
                    % {"num": _fmt(value), "den": _fmt(denominator)}
                )
        return found

    def period_for(self, day: date) -> date:
        """The first day of the period holding `day`: Monday of its week, or the 1st.

        >>> Measure(frequency="weekly").period_for(date(2025, 3, 6))
        datetime.date(2025, 3, 3)
        """
        if self.frequency == self.Frequency.WEEKLY:
            return day - timedelta(days=day.weekday())
        if self.frequency == self.Frequency.MONTHLY:
            return day.replace(day=1)
        return day

    def next_period(self, period: date) -> date:
        if self.frequency == self.Frequency.WEEKLY:
            return period + timedelta(days=7)
        if self.frequency == self.Frequency.MONTHLY:
            year, month = divmod(period.month, 12)
            return date(period.year + year, month + 1, 1)
        return period + timedelta(days=1)

    def previous_period(self, period: date) -> date:
        """The period before `period` (which must be a period start).

        >>> Measure(frequency="monthly").previous_period(date(2025, 1, 1))
        datetime.date(2024, 12, 1)
        """
        return self.period_for(period - timedelta(days=1))

    def recent_periods(self, today: date) -> list[date]:
        """The current period and the `RECENT_PERIODS - 1` before it, oldest first."""
        periods = [self.period_for(today)]
        for _step in range(RECENT_PERIODS - 1):
            periods.insert(0, self.previous_period(periods[0]))
        return periods

    def entry_period(self, entered, today: date) -> date | None:
        """The period the entry form offers; never one of `entered` (periods with a value).

        A team entering week by week that missed a recent period is offered the oldest
        missing one; a new measure, or one with nothing in the recent periods, is offered
        the current period (the numbers being typed are this period's, not those of the
        period after a value entered a year ago). None when every recent period has a
        value: the form then leaves the period empty rather than propose a future one.

        >>> m = Measure(frequency="weekly")
        >>> m.entry_period({date(2025, 3, 10)}, today=date(2025, 3, 26))
        datetime.date(2025, 3, 17)
        >>> m.entry_period({date(2024, 1, 1)}, today=date(2025, 3, 26))
        datetime.date(2025, 3, 24)
        """
        entered = set(entered)
        recent = self.recent_periods(today)
        if not entered.intersection(recent):
            return recent[-1]
        return next((p for p in recent if p not in entered), None)

    def last_period_due(self, today: date) -> date:
        """The latest period whose data can be complete: the one before the current."""
        return self.previous_period(self.period_for(today))

    def stale_since(self, latest: date | None, today: date) -> date | None:
        """The latest period with data when more than `STALE_PERIODS` periods since it have
        none (the current period, still in progress, is not counted); else None.

        >>> m = Measure(frequency="weekly")
        >>> m.stale_since(date(2025, 2, 24), today=date(2025, 3, 26))
        datetime.date(2025, 2, 24)
        >>> m.stale_since(date(2025, 3, 3), today=date(2025, 3, 26)) is None
        True
        """
        if latest is None:
            return None
        period, missing = self.last_period_due(today), 0
        while period > latest and missing <= STALE_PERIODS:
            missing += 1
            period = self.previous_period(period)
        return latest if missing > STALE_PERIODS else None

    def period_label(self, period: date) -> str:
        if self.frequency == self.Frequency.MONTHLY:
            return formats.date_format(period, "F Y")
        if self.frequency == self.Frequency.WEEKLY:
            return _("week of %(date)s") % {"date": formats.date_format(period)}
        return f"{formats.date_format(period, 'l')} {formats.date_format(period)}"


def _fmt(number: float) -> str:
    return str(int(number)) if number == int(number) else str(number)


class DataPoint(models.Model):
    """One period's value of a measure: a numerator over a denominator, or one value.

    For measures with several values per period (Xbar and S charts), `values` holds them
    and `value` their mean, so lists and exports always have one number to show.
    """

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="points")
    period = models.DateField(_("period"))
    value = models.FloatField(_("numerator or value"))
    denominator = models.FloatField(_("denominator"), null=True, blank=True)
    values = models.JSONField(_("values"), default=list, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    partnership_path = "measure__project__partnership"

    class Meta:
        verbose_name = _("data point")
        verbose_name_plural = _("data points")
        ordering = ["measure", "period"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="one_point_per_period")
        ]

    def __str__(self):
        return f"{self.measure}: {self.period}"

    def ratio(self, multiply: float = 1) -> float | None:
        """The plotted value: numerator / denominator (times the multiplier), or the value."""
        if self.denominator is None:
            return self.value * multiply
        if self.denominator == 0:
            return None
        return self.value / self.denominator * multiply


class ChartMark(models.Model):
    """Something the team marks on a measure's chart at one period."""

    class Kind(models.TextChoices):
        BASELINE = "baseline", _("End of the baseline (freeze the limits here)")
        PHASE = "phase", _("New phase starts here (the process changed)")
        EXCLUDE = "exclude", _("Exclude this point from the calculations")
        ANNOTATION = "annotation", _("Annotation")

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="marks")
    kind = models.CharField(_("kind of mark"), max_length=12, choices=Kind.choices)
    period = models.DateField(_("period"))
    reason = models.CharField(_("reason or text"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    partnership_path = "measure__project__partnership"

    class Meta:
        verbose_name = _("chart mark")
        verbose_name_plural = _("chart marks")
        ordering = ["measure", "period", "kind"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period}"
