from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from qicommons.accounts.models import User
from qicommons.lib.privacy import WarnsAboutIdentifiers
from qicommons.partnerships.models import Partnership

from . import files
from .models import Attachment, PDSACycle, Project, ProjectMember

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})


class ProjectForm(WarnsAboutIdentifiers, forms.ModelForm):
    identifier_fields = ("problem",)

    class Meta:
        model = Project
        fields = [
            "title",
            "organisation",
            "clinical_area",
            "problem",
            "status",
            "phase",
            "start_date",
            "end_date",
        ]
        widgets = {"start_date": DATE, "end_date": DATE, "problem": TEXT}

    def __init__(self, *args, partnership: Partnership, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the partnership's own organisations: any other id is "not a valid choice".
        self.fields["organisation"].queryset = partnership.organisations.all()
        self.add_confirm_field()

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be after the start date."))
        return data


class AimForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["aim_what", "aim_who", "aim_baseline", "aim_goal", "aim_unit", "aim_by"]
        widgets = {"aim_by": DATE}

    def _post_clean(self):
        # The instance holds the new values only after the model form's own cleaning.
        super()._post_clean()
        for name, problem in self.instance.aim_problems().items():
            if name not in self.errors:
                self.add_error(name, problem)


class ProjectFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any"))] + Project.Status.choices
    )
    phase = forms.ChoiceField(
        label=_("Twinning phase"),
        required=False,
        choices=[("", _("Any"))] + Partnership.Phase.choices,
    )
    area = forms.ChoiceField(label=_("Clinical area"), required=False)
    verdict = forms.ChoiceField(label=_("Verdict"), required=False)

    def __init__(self, *args, areas: list[str], verdicts: list[tuple], **kwargs):
        """`verdicts` are the (value, label) choices of the verdict filter."""
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["area"]).choices = [
            ("", _("Any")),
            *((a, a) for a in areas),
        ]
        cast(forms.ChoiceField, self.fields["verdict"]).choices = [("", _("Any")), *verdicts]

    def apply(self, projects, verdicts: dict):
        """Narrow the projects (a queryset) to the chosen filters; returns a list."""
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("status"):
            projects = projects.filter(status=data["status"])
        if data.get("phase"):
            projects = projects.filter(phase=data["phase"])
        if data.get("area"):
            projects = projects.filter(clinical_area=data["area"])
        projects = list(projects)
        if data.get("verdict"):
            projects = [p for p in projects if verdicts.get(p.pk) == data["verdict"]]
        return projects


class TeamMemberForm(forms.ModelForm):
    class Meta:
        model = ProjectMember
        fields = ["user", "role"]

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.project = project
        # Only members of the partnership, and only those not yet on the team.
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = User.objects.filter(
            memberships__partnership_id=project.partnership_id
        ).exclude(project_roles__project=project)


class NodeForm(forms.Form):
    """Add (with `parent` and `kind`) or rename (text alone) a box of the driver diagram."""

    text = forms.CharField(label=_("Text"), max_length=300)
    parent = forms.CharField(required=False, widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        required=False,
        choices=[("primary", "primary"), ("secondary", "secondary"), ("idea", "idea")],
        widget=forms.HiddenInput,
    )


class MoveForm(forms.Form):
    direction = forms.ChoiceField(
        required=False, choices=[("up", "up"), ("down", "down")], widget=forms.HiddenInput
    )
    parent = forms.CharField(required=False, label=_("Move under"))


PLAN = ["objective", "questions", "prediction", "plan_details", "data_to_collect"]
DO = ["what_happened", "observations", "problems"]
STUDY = ["measure", "results"]
ACT = ["decision", "next_cycle"]


class CycleForm(WarnsAboutIdentifiers, forms.ModelForm):
    # Every free-text part of Plan, Do, Study and Act.
    identifier_fields = (*PLAN, *DO, "results", "next_cycle")

    class Meta:
        model = PDSACycle
        fields = ["change_idea", "title", "start_date", "end_date", *PLAN, *DO, *STUDY, *ACT]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            **dict.fromkeys([*PLAN, *DO, "results", "next_cycle"], TEXT),
        }

    def __init__(self, *args, project: Project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["change_idea"].queryset = project.change_ideas.all()
        # Only the project's own measures: any other id is "not a valid choice".
        self.fields["measure"].queryset = project.measures.order_by("kind", "name")
        self.fields["change_idea"].required = True
        # A plan is a plan only with an objective and a prediction to study against.
        self.fields["objective"].required = True
        self.fields["prediction"].required = True
        self.fields["start_date"].required = True
        if self.instance.pk:
            # The ramp a cycle belongs to is fixed once it exists (its number depends on it).
            del self.fields["change_idea"]
        self.add_confirm_field()

    def sections(self):
        """(heading, fields) for the form's four parts: Plan, Do, Study, Act."""
        first = ["title", "change_idea", "start_date", "end_date"]
        return [
            (_("Plan"), [self[n] for n in first + PLAN if n in self.fields]),
            (_("Do"), [self[n] for n in DO]),
            (_("Study"), [self[n] for n in STUDY]),
            (_("Act"), [self[n] for n in ACT]),
        ]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date must be after the start date."))
        if data.get("decision") and not (data.get("results") or "").strip():
            self.add_error("decision", _("Study the results before deciding."))
        return data


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = ["kind", "title", "file"]

    detected_type = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("PDF, PNG, JPEG, XLSX, DOCX, CSV or text; at most 5 MB.")
        self.fields["file"].widget.attrs["accept"] = ",".join(files.ALLOWED_EXTENSIONS)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > files.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        detected = files.detect_type(upload)
        if detected is None:
            raise forms.ValidationError(
                _(
                    "This kind of file is not accepted: upload a PDF, PNG, JPEG, XLSX, "
                    "DOCX, CSV or text file whose content matches its name."
                )
            )
        self.detected_type = detected
        return upload
