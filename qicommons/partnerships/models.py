"""Organisations, the partnerships they form, and who belongs to each with what role."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords


class Organisation(models.Model):
    class Kind(models.TextChoices):
        HOSPITAL = "hospital", _("Hospital")
        HEALTH_CENTRE = "health_centre", _("Health centre")
        UNIVERSITY = "university", _("University")
        NGO = "ngo", _("NGO")
        MINISTRY = "ministry", _("Ministry")

    name = models.CharField(_("name"), max_length=200)
    country = CountryField(_("country"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    city = models.CharField(_("city"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Partnership(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")

    class Phase(models.TextChoices):
        """The four phases of WHO Twinning Partnerships for Improvement."""

        DEVELOPMENT = "development", _("Partnership development")
        SITUATIONAL = "situational", _("Situational analysis")
        IMPROVEMENT = "improvement", _("Improvement")
        EVALUATION = "evaluation", _("Evaluation")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    phase = models.CharField(
        _("twinning phase"), max_length=20, choices=Phase.choices, default=Phase.DEVELOPMENT
    )
    organisations = models.ManyToManyField(
        Organisation, related_name="partnerships", verbose_name=_("organisations")
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="Membership",
        related_name="partnerships",
        verbose_name=_("members"),
    )
    history = HistoricalRecords(m2m_fields=[organisations])

    partnership_path = "pk"

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("partnerships:detail", args=[self.slug])


class Role(models.TextChoices):
    LEAD = "lead", _("Lead")
    COACH = "coach", _("Coach")
    MEMBER = "member", _("Member")
    VIEWER = "viewer", _("Viewer")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined = models.DateTimeField(_("joined"), auto_now_add=True)
    history = HistoricalRecords()

    partnership_path = "partnership"

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["partnership", "user__email"]
        constraints = [
            models.UniqueConstraint(fields=["user", "partnership"], name="one_membership_each")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}) in {self.partnership}"
