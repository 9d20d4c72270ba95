"""Improvement projects run with the Model for Improvement.

A project has an aim (kept as its parts, so it can be checked for being measurable), a
team, a driver diagram (aim -> primary drivers -> secondary drivers -> change ideas), PDSA
cycles testing the change ideas in ramps, and attachments. Every model names the path to
its partnership (`partnership_path`) for the access door, and keeps its history.
"""

import uuid
from datetime import date
from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from qicommons.lib.formatting import format_amount
from qicommons.lib.storage import PrivateStorage  # noqa: F401 (migration 0002 names it here)
from qicommons.partnerships.models import Organisation, Partnership


class Project(models.Model):
    class Status(models.TextChoices):
        PLANNING = "planning", _("Planning")
        ACTIVE = "active", _("Active")
        SUSTAINING = "sustaining", _("Sustaining")
        COMPLETED = "completed", _("Completed")
        STOPPED = "stopped", _("Stopped")

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="projects")
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("organisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    clinical_area = models.CharField(_("clinical area"), max_length=120, blank=True)
    problem = models.TextField(_("problem statement"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNING
    )
    phase = models.CharField(
        _("twinning phase"),
        max_length=20,
        choices=Partnership.Phase.choices,
        default=Partnership.Phase.IMPROVEMENT,
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    # The aim statement, in its parts: "Reduce <what> for <who> from <baseline> to <goal>
    # <unit> by <date>". Kept apart so it can be checked and shown in any language.
    aim_what = models.CharField(
        _("what will improve"),
        max_length=200,
        blank=True,
        help_text=_("For example: hypothermia on admission (temperature below 36.5 °C)"),
    )
    aim_who = models.CharField(
        _("for whom"),
        max_length=200,
        blank=True,
        help_text=_("For example: babies admitted to the neonatal unit"),
    )
    aim_baseline = models.DecimalField(
        _("baseline value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    aim_goal = models.DecimalField(
        _("goal value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    aim_unit = models.CharField(
        _("unit"), max_length=40, blank=True, help_text=_("For example: %, days, per 1,000 births")
    )
    aim_by = models.DateField(_("by when"), null=True, blank=True)

    history = HistoricalRecords()

    partnership_path = "partnership"

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:detail", args=[self.partnership.slug, self.pk])

    def url(self, name: str, **extra) -> str:
        """The URL of one of this project's pages, e.g. project.url("aim")."""
        return reverse(
            f"projects:{name}", kwargs={"slug": self.partnership.slug, "pk": self.pk, **extra}
        )

    def aim_problems(self) -> dict[str, str | Promise]:
        """Why the aim is not yet measurable, by field name; empty when it is measurable."""
        problems: dict[str, str | Promise] = {}
        if not self.aim_what.strip():
            problems["aim_what"] = _("Say what will improve.")
        if not self.aim_who.strip():
            problems["aim_who"] = _("Say for whom it will improve.")
        if self.aim_goal is None:
            problems["aim_goal"] = _("A measurable aim needs a goal value.")
        if self.aim_by is None:
            problems["aim_by"] = _("A measurable aim needs a date to reach the goal by.")
        elif self.start_date and self.aim_by <= self.start_date:
            problems["aim_by"] = _("The date must be after the project's start.")
        if (
            self.aim_goal is not None
            and self.aim_baseline is not None
            and Decimal(self.aim_goal) == Decimal(self.aim_baseline)
        ):
            problems["aim_goal"] = _("The goal must differ from the baseline.")
        return problems

    @property
    def aim_baseline_text(self) -> str:
        return format_amount(self.aim_baseline, self.aim_unit)

    @property
    def aim_goal_text(self) -> str:
        return format_amount(self.aim_goal, self.aim_unit)

    @property
    def has_aim(self) -> bool:
        return bool(self.aim_what) and not self.aim_problems()

    @property
    def aim_direction(self) -> str:
        """ "reduce", "increase" or "reach" (when there is no baseline to compare with)."""
        if self.aim_baseline is None or self.aim_goal is None:
            return "reach"
        return "reduce" if self.aim_goal < self.aim_baseline else "increase"


class ProjectMember(models.Model):
    """A member of the partnership on this project's team, with a project role."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Project lead")
        MEMBER = "member", _("Team member")
        SPONSOR = "sponsor", _("Sponsor")
        DATA_LEAD = "data_lead", _("Data lead")
        COACH = "coach", _("QI coach")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="project_roles",
        verbose_name=_("person"),
    )
    role = models.CharField(_("project role"), max_length=20, choices=Role.choices)
    history = HistoricalRecords()

    partnership_path = "project__partnership"

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="one_team_place_each")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class Driver(models.Model):
    """A primary driver (its parent is the aim) or a secondary driver (under a primary)."""

    class Kind(models.TextChoices):
        PRIMARY = "primary", _("Primary driver")
        SECONDARY = "secondary", _("Secondary driver")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="drivers")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    text = models.CharField(_("text"), max_length=300)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    partnership_path = "project__partnership"

    class Meta:
        verbose_name = _("driver")
        verbose_name_plural = _("drivers")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text

    @property
    def node_key(self) -> str:
        return f"driver-{self.pk}"

    def siblings(self) -> models.QuerySet:
        if self.kind == self.Kind.PRIMARY:
            return Driver.objects.filter(project_id=self.project_id, kind=self.Kind.PRIMARY)
        return Driver.objects.filter(parent_id=self.parent_id)


class ChangeIdea(models.Model):
    """A change to test, under a secondary driver (or, less often, a primary one)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="change_ideas")
    driver = models.ForeignKey(Driver, on_delete=models.CASCADE, related_name="ideas")
    text = models.CharField(_("text"), max_length=300)
    order = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    partnership_path = "project__partnership"

    class Meta:
        verbose_name = _("change idea")
        verbose_name_plural = _("change ideas")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text

    @property
    def node_key(self) -> str:
        return f"idea-{self.pk}"

    def siblings(self) -> models.QuerySet:
        return ChangeIdea.objects.filter(driver_id=self.driver_id)


class PDSACycle(models.Model):
    """One Plan-Do-Study-Act cycle; its start date annotates the project's charts.

    Cycles testing one change idea form a ramp, numbered in order (`number`). The stage a
    cycle has reached follows from which of its parts are written (`stage`).
    """

    class Decision(models.TextChoices):
        ADOPT = "adopt", _("Adopt")
        ADAPT = "adapt", _("Adapt")
        ABANDON = "abandon", _("Abandon")

    class Stage(models.TextChoices):
        PLAN = "plan", _("Being planned")
        DO = "do", _("Planned, ready to run")
        STUDY = "study", _("Run, to be studied")
        ACT = "act", _("Studied, awaiting a decision")
        DONE = "done", _("Decided")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cycles")
    # A cycle outlives the change idea it tested: deleting an idea keeps its learning.
    change_idea = models.ForeignKey(
        ChangeIdea,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cycles",
        verbose_name=_("change idea"),
    )
    number = models.PositiveIntegerField(_("cycle number"), default=1)
    title = models.CharField(_("title"), max_length=200)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    # The measure whose chart the Study stage reads the results from; one of the project's
    # own (the form offers no other). Deleting the measure keeps the cycle.
    measure = models.ForeignKey(
        "measures.Measure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="cycles",
        verbose_name=_("measure"),
        help_text=_("The measure whose chart shows whether the change worked."),
    )
    # Plan
    objective = models.TextField(_("objective"), blank=True)
    questions = models.TextField(_("questions"), blank=True)
    prediction = models.TextField(_("prediction"), blank=True)
    plan_details = models.TextField(
        _("who, what, when, where"),
        blank=True,
        help_text=_("Who will do what, when and where."),
    )
    data_to_collect = models.TextField(_("data to collect"), blank=True)
    # Do
    what_happened = models.TextField(_("what happened"), blank=True)
    observations = models.TextField(_("observations"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    # Study
    results = models.TextField(
        _("results against the prediction"),
        blank=True,
        help_text=_("What the data showed, and how it compares with the prediction."),
    )
    # Act
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    next_cycle = models.TextField(_("what the next cycle tests"), blank=True)
    history = HistoricalRecords()

    partnership_path = "project__partnership"

    class Meta:
        verbose_name = _("PDSA cycle")
        verbose_name_plural = _("PDSA cycles")
        ordering = ["start_date", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.project.url("cycle", cycle=self.pk)

    @property
    def stage(self) -> str:
        if self.decision:
            return self.Stage.DONE
        if self.results.strip():
            return self.Stage.ACT
        if self.what_happened.strip():
            return self.Stage.STUDY
        if self.objective.strip() and self.prediction.strip():
            return self.Stage.DO
        return self.Stage.PLAN

    def get_stage_display(self) -> str:
        return str(self.Stage(self.stage).label)

    @property
    def label(self) -> str:
        """How charts and lists name the cycle: "PDSA 2: Skin-to-skin in theatre"."""
        return _("PDSA %(number)s: %(title)s") % {"number": self.number, "title": self.title}


def chart_annotations(project: Project) -> list[tuple]:
    """(date, label) pairs the project's measure charts mark: each PDSA cycle's start."""
    return [
        (cycle.start_date, str(cycle.label))
        for cycle in project.cycles.exclude(start_date=None).order_by("start_date", "pk")
    ]


def first_cycle_starts(project_ids) -> dict[int, date]:
    """Project id -> the start of its first PDSA cycle, for projects with a dated cycle:
    the data before it are the baseline the measures' verdicts judge change against."""
    rows = (
        PDSACycle.objects.filter(project_id__in=list(project_ids))
        .exclude(start_date=None)
        .values("project_id")
        .annotate(first=models.Min("start_date"))
    )
    return {row["project_id"]: row["first"] for row in rows}


def attachment_path(instance, filename: str) -> str:
    # A random name: the uploader's file name is kept in the database, never in the path.
    return f"private/projects/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()[:8]}"


class Attachment(models.Model):
    class Kind(models.TextChoices):
        PROCESS_MAP = "process_map", _("Process map")
        FISHBONE = "fishbone", _("Fishbone (cause and effect) diagram")
        DATA_SHEET = "data_sheet", _("Data collection sheet")
        OTHER = "other", _("Other")

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    # Django's default storage, so FILE_STORAGE decides where files go; never a file path,
    # which only the app server that received the upload could open.
    file = models.FileField(_("file"), upload_to=attachment_path)
    filename = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    partnership_path = "project__partnership"

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["kind", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return self.project.url("attachment", attachment=self.pk)
