"""Organisations, the partnerships they form, who belongs to each with what role, and the
invitations that bring people in."""

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
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
    members: models.ManyToManyField = models.ManyToManyField(
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


def hash_token(token: str) -> str:
    """Invitation tokens are kept only as a SHA-256 hash: a stolen database row is no key.

    The token itself is 32 random bytes, so a fast hash is enough (there is nothing to
    guess); it travels only in the email.
    """
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at=None, revoked_at=None, expires__gt=timezone.now())


class Invitation(models.Model):
    """An offer, sent by email, to join a partnership with a role.

    Create and accept invitations through `partnerships.actions` (`invite_member`,
    `accept_invitation`): they send the email, check the last-lead rule and keep history.
    """

    VALID_FOR = timedelta(days=7)
    # The raw token, set only on the instance `invite_member` has just created: the
    # database keeps its hash alone.
    token: str

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Revoked")
        EXPIRED = "expired", _("Expired")

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("partnership"),
    )
    email = models.EmailField(_("email address"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invited by"),
    )
    created = models.DateTimeField(_("sent"), default=timezone.now)
    expires = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["token_hash"])

    objects = InvitationQuerySet.as_manager()

    partnership_path = "partnership"
    # Invitations name people who have not joined: the dashboard's activity, which every
    # member sees, leaves them out; leads see them on the membership history page.
    in_activity = False

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created"]
        indexes = [models.Index(fields=["partnership", "email"])]

    def __str__(self):
        return f"{self.email} ({self.get_role_display()})"

    @property
    def state(self) -> str:
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.revoked_at:
            return self.State.REVOKED
        if self.expires <= timezone.now():
            return self.State.EXPIRED
        return self.State.PENDING

    def get_state_display(self) -> str:
        return str(self.State(self.state).label)

    @property
    def is_pending(self) -> bool:
        return self.state == self.State.PENDING

    @classmethod
    def find(cls, token: str) -> "Invitation | None":
        """The invitation a token opens, whatever its state; None for an unknown token."""
        if not token or len(token) > 100:
            return None
        return (
            cls.objects.select_related("partnership", "invited_by")
            .filter(token_hash=hash_token(token))
            .first()
        )
