"""Improvement projects run with the Model for Improvement."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

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


class PDSACycle(models.Model):
    """One Plan-Do-Study-Act cycle; its start date annotates the project's charts."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="cycles")
    title = models.CharField(_("title"), max_length=200)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    history = HistoricalRecords()

    partnership_path = "project__partnership"

    class Meta:
        verbose_name = _("PDSA cycle")
        verbose_name_plural = _("PDSA cycles")
        ordering = ["start_date", "pk"]

    def __str__(self):
        return self.title


def chart_annotations(project: Project) -> list[tuple]:
    """(date, label) pairs the project's measure charts mark: each PDSA cycle's start."""
    return [
        (cycle.start_date, cycle.title)
        for cycle in project.cycles.exclude(start_date=None).order_by("start_date")
    ]
