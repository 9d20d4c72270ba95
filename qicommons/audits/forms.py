from django import forms
from django.utils.translation import gettext_lazy as _

from qicommons.accounts.models import User
from qicommons.lib.privacy import WarnsAboutIdentifiers

from .models import ActionItem, Answer, Audit, AuditCycle, CaseReview, Criterion, Feedback, Meeting

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def members_of(partnership):
    return User.objects.filter(memberships__partnership=partnership).order_by("full_name", "email")


class AuditForm(forms.ModelForm):
    guideline_url = forms.URLField(
        label=_("link to the guideline"), required=False, assume_scheme="https"
    )

    class Meta:
        model = Audit
        fields = [
            "title",
            "organisation",
            "clinical_area",
            "guideline_name",
            "guideline_body",
            "guideline_year",
            "guideline_url",
            "aim",
            "lead",
            "status",
            "planned_start",
            "planned_end",
        ]
        widgets = {"planned_start": DATE, "planned_end": DATE, "aim": forms.Textarea({"rows": 3})}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partnership.organisations.all()
        self.fields["lead"].queryset = members_of(partnership)

    def clean(self):
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("The planned completion is before the start."))
        return data


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["number", "statement", "numerator", "denominator", "exceptions", "target"]
        widgets = {
            name: forms.Textarea({"rows": 2})
            for name in ("statement", "numerator", "denominator", "exceptions")
        }


class CycleForm(forms.ModelForm):
    class Meta:
        model = AuditCycle
        fields = ["kind", "label", "period_start", "period_end", "sampling_note"]
        widgets = {
            "period_start": DATE,
            "period_end": DATE,
            "sampling_note": forms.Textarea({"rows": 2}),
        }

    def __init__(self, *args, audit, **kwargs):
        super().__init__(*args, **kwargs)
        self.audit = audit
        if not audit.cycles.filter(kind=AuditCycle.Kind.BASELINE).exists():
            self.initial.setdefault("kind", AuditCycle.Kind.BASELINE)
        else:
            self.initial.setdefault("kind", AuditCycle.Kind.RE_AUDIT)

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        baseline = self.audit.cycles.filter(kind=AuditCycle.Kind.BASELINE)
        if data.get("kind") == AuditCycle.Kind.BASELINE and baseline.exists():
            self.add_error("kind", _("This audit already has a baseline; add a re-audit."))
        if data.get("kind") == AuditCycle.Kind.RE_AUDIT and not baseline.exists():
            self.add_error("kind", _("Record the baseline before any re-audit."))
        return data


class CaseForm(WarnsAboutIdentifiers, forms.Form):
    """One screen per case: the reference, who was responsible, and every criterion."""

    identifier_fields = ("note",)

    reference = forms.CharField(
        label=_("Case reference"),
        max_length=100,
        help_text=_(
            "The register or file number you will use to find the notes again. It is "
            "stored only as a scrambled code; nobody can read it back."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    clinician = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        label=_("Responsible clinician (optional)"),
        help_text=_("Only this clinician will see their own results."),
    )
    note = forms.CharField(
        label=_("Note (no names or numbers)"), required=False, widget=forms.Textarea({"rows": 2})
    )

    def __init__(self, *args, criteria, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        self.fields["clinician"].queryset = members_of(partnership)
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}"] = forms.ChoiceField(
                label=str(criterion),
                choices=Answer.Result.choices,
                widget=forms.RadioSelect(attrs={"class": "answer"}),
            )
            self.fields[f"r{criterion.pk}"] = forms.CharField(
                label=_("Reason for the exception"), required=False, max_length=250
            )
        self.add_confirm_field()

    def criterion_fields(self):
        return [(c, self[f"c{c.pk}"], self[f"r{c.pk}"]) for c in self.criteria]

    def clean(self):
        data = super().clean()
        for criterion in self.criteria:
            if (
                data.get(f"c{criterion.pk}") == Answer.Result.EXCEPTION
                and not (data.get(f"r{criterion.pk}") or "").strip()
            ):
                self.add_error(f"r{criterion.pk}", _("Give the reason for the exception."))
        return data

    def answers(self) -> dict[int, tuple[str, str]]:
        out = {}
        for c in self.criteria:
            result = self.cleaned_data[f"c{c.pk}"]
            reason = self.cleaned_data.get(f"r{c.pk}", "") if result == "exception" else ""
            out[c.pk] = (result, reason.strip())
        return out


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_(
            "One row per case. Columns: reference, clinician (email, optional), then one "
            "column per criterion headed C1, C2... with met, not met, n/a or exception, "
            "and C1 reason... for exceptions."
        ),
    )


class ActionItemForm(WarnsAboutIdentifiers, forms.ModelForm):
    identifier_fields = ("title", "detail")

    class Meta:
        model = ActionItem
        fields = ["title", "detail", "organisation", "owner", "due_date", "status", "criterion"]
        widgets = {"due_date": DATE, "detail": forms.Textarea({"rows": 2})}

    def __init__(self, *args, partnership, audit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partnership.organisations.all()
        self.fields["owner"].queryset = members_of(partnership)
        audit = audit or self.instance.audit
        if audit is not None:
            self.fields["criterion"].queryset = audit.criteria.all()
            self.initial.setdefault("organisation", audit.organisation_id)
        else:
            del self.fields["criterion"]
        self.add_confirm_field()


class ActionItemStatusForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["status"]


PHASE_FIELDS = [
    f"{key}_{part}" for key, _label in CaseReview.PHASES[:-1] for part in ("rating", "judgement")
]


class ReviewForm(WarnsAboutIdentifiers, forms.ModelForm):
    identifier_fields = ("summary", "overall_judgement") + tuple(
        f for f in PHASE_FIELDS if f.endswith("judgement")
    )
    reference = forms.CharField(
        label=_("Case reference"),
        max_length=100,
        help_text=_("Stored only as a scrambled code."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    class Meta:
        model = CaseReview
        fields = [
            "organisation",
            "review_date",
            "clinician",
            "summary",
            "died",
            *PHASE_FIELDS,
            "overall_rating",
            "overall_judgement",
            "avoidability",
        ]
        widgets = {"review_date": DATE, "summary": forms.Textarea({"rows": 3})}

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partnership.organisations.all()
        self.fields["clinician"].queryset = members_of(partnership)
        labels = dict(CaseReview.PHASES)
        for key, _label in CaseReview.PHASES[:-1]:
            self.fields[f"{key}_rating"].label = labels[key]
            self.fields[f"{key}_rating"].help_text = _("Leave empty if this phase did not apply.")
            self.fields[f"{key}_judgement"].label = _("Judgement: %(phase)s") % {
                "phase": labels[key]
            }
            self.fields[f"{key}_judgement"].widget = forms.Textarea({"rows": 2})
        self.fields["overall_judgement"].widget = forms.Textarea({"rows": 3})
        self.add_confirm_field()

    def clean(self):
        data = super().clean()
        for key, _label in CaseReview.PHASES[:-1]:
            if data.get(f"{key}_rating") and not (data.get(f"{key}_judgement") or "").strip():
                self.add_error(
                    f"{key}_judgement", _("Write a short judgement to go with the rating.")
                )
        if data.get("died") and not data.get("avoidability"):
            self.add_error("avoidability", _("For a death, score its avoidability (1-6)."))
        if not data.get("died") and data.get("avoidability"):
            self.add_error("avoidability", _("Avoidability is scored only for deaths."))
        return data


class MeetingForm(WarnsAboutIdentifiers, forms.ModelForm):
    identifier_fields = ("cases_discussed", "learning_points")

    class Meta:
        model = Meeting
        fields = [
            "title",
            "organisation",
            "date",
            "attendees",
            "other_attendees",
            "reviews",
            "cases_discussed",
            "learning_points",
        ]
        widgets = {
            "date": DATE,
            "attendees": forms.CheckboxSelectMultiple,
            "reviews": forms.CheckboxSelectMultiple,
            "other_attendees": forms.Textarea({"rows": 2}),
            "cases_discussed": forms.Textarea({"rows": 3}),
            "learning_points": forms.Textarea({"rows": 4}),
        }

    def __init__(self, *args, partnership, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = partnership.organisations.all()
        self.fields["attendees"].queryset = members_of(partnership)
        self.fields["reviews"].queryset = CaseReview.objects.filter(partnership=partnership)
        self.add_confirm_field()


class FeedbackForm(WarnsAboutIdentifiers, forms.ModelForm):
    identifier_fields = ("text",)

    class Meta:
        model = Feedback
        fields = ["clinician", "audit", "text"]
        widgets = {"text": forms.Textarea({"rows": 5})}

    def __init__(self, *args, partnership, coach, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["clinician"].queryset = members_of(partnership).exclude(pk=coach.pk)
        self.fields["audit"].queryset = Audit.objects.filter(partnership=partnership)
        self.add_confirm_field()
