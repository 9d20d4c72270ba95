from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from .models import Organisation, Partnership, Role

DESCRIPTION_MAX = 5000


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        initial=Role.MEMBER,
        help_text=_(
            "Viewers read; members also enter data and run projects; coaches also give "
            "feedback and reviews; leads also manage members and the partnership."
        ),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class PartnershipForm(forms.ModelForm):
    """What a lead may change. The name and short name (in every URL) stay with the admin."""

    description = forms.CharField(
        label=_("Description"),
        max_length=DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    class Meta:
        model = Partnership
        fields = ["description", "phase", "status", "start_date", "organisations"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "organisations": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        # Only organisations the lead may choose: a form posted with another
        # partnership's organisation ids fails validation ("not one of the choices").
        self.fields["organisations"].queryset = organisations
        self.fields["organisations"].help_text = _(
            "A partnership links two or more organisations. Ask programme staff to add "
            "an organisation that is not listed."
        )

    def clean_organisations(self):
        organisations = self.cleaned_data["organisations"]
        if len(organisations) < 2:
            raise forms.ValidationError(_("Choose at least two organisations."))
        return organisations


def _blank(label):
    return [("", label)]


def _country_choices():
    """The countries that have an organisation, by name in the user's language."""
    codes = set(Organisation.objects.values_list("country", flat=True).distinct())
    return _blank(_("Any country")) + [(code, name) for code, name in countries if code in codes]


class PartnershipFilterForm(forms.Form):
    """Filters of the programme's list of partnerships; an unknown value is ignored."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    phase = forms.ChoiceField(
        label=_("Twinning phase"),
        required=False,
        choices=_blank(_("Any phase")) + list(Partnership.Phase.choices),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_blank(_("Any status")) + list(Partnership.Status.choices),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _country_choices()

    def filter(self, partnerships):
        if not self.is_valid():
            return partnerships
        data = self.cleaned_data
        if data["country"]:
            partnerships = partnerships.filter(organisations__country=data["country"]).distinct()
        if data["phase"]:
            partnerships = partnerships.filter(phase=data["phase"])
        if data["status"]:
            partnerships = partnerships.filter(status=data["status"])
        return partnerships


class OrganisationFilterForm(forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=_blank(_("Any kind")) + list(Organisation.Kind.choices),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = _country_choices()

    def filter(self, organisations):
        if not self.is_valid():
            return organisations
        if self.cleaned_data["country"]:
            organisations = organisations.filter(country=self.cleaned_data["country"])
        if self.cleaned_data["kind"]:
            organisations = organisations.filter(kind=self.cleaned_data["kind"])
        return organisations
