from django import forms
from django.db import transaction
from django.utils import formats
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from qicommons.lib.privacy import WarnsAboutIdentifiers

from .imports import COLUMN_LABELS, column_keys, column_name, parse_values
from .models import ChartMark, DataPoint, Measure

NEEDS_DENOMINATOR_CHARTS = {"p", "pp", "u", "up"}
SUBGROUP_CHARTS = {"xbar", "s"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MeasureForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new measure's multiplier follows its kind of data (100 for a proportion, so
        # it shows in percent) unless the team types one.
        multiply = self.fields["multiply"]
        multiply.required = False
        if not self.instance.pk:
            multiply.initial = None
            multiply.help_text = _(
                "Leave empty for 100 with a proportion (shown in percent), 1 otherwise."
            )

    def clean_multiply(self):
        multiply = self.cleaned_data.get("multiply")
        if multiply is None and self.instance.pk:
            raise forms.ValidationError(_("Enter a multiplier (1 to show values as entered)."))
        if multiply is not None and multiply <= 0:
            raise forms.ValidationError(_("The multiplier must be more than zero."))
        return multiply

    def save(self, commit=True):
        # Choosing a new primary measure moves the choice: the old one is released first
        # so the one-primary-per-project constraint holds.
        if commit and self.instance.is_primary:
            with transaction.atomic():
                others = Measure.objects.filter(project_id=self.instance.project_id)
                others.exclude(pk=self.instance.pk).update(is_primary=False)
                return super().save(commit)
        return super().save(commit)

    class Meta:
        model = Measure
        fields = [
            "name",
            "kind",
            "definition",
            "data_type",
            "numerator",
            "denominator",
            "unit",
            "frequency",
            "direction",
            "target",
            "chart",
            "multiply",
            "rules",
            "is_primary",
        ]
        widgets = {"definition": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        if data.get("is_primary") and data.get("kind") != Measure.Kind.OUTCOME:
            self.add_error(
                "is_primary", _("Only an outcome measure can be the project's primary measure.")
            )
        data_type, chart, rules = data.get("data_type"), data.get("chart"), data.get("rules")
        if not data_type:
            return data
        measure = Measure(data_type=data_type, chart=chart or "")
        effective = measure.chart_type
        if effective in NEEDS_DENOMINATOR_CHARTS and not measure.needs_denominator:
            self.add_error(
                "chart", _("This chart needs a denominator: choose a proportion or a rate.")
            )
        if effective in SUBGROUP_CHARTS and not measure.has_subgroups:
            self.add_error("chart", _("This chart needs several measured values per period."))
        if measure.has_subgroups and effective not in SUBGROUP_CHARTS | {"run"}:
            self.add_error(
                "chart", _("Several values per period are shown on Xbar, S or run charts.")
            )
        if rules == Measure.Rules.MDC and effective != "i":
            self.add_error("rules", _("The Making Data Count rules apply to I charts only."))
        if measure.needs_denominator and not data.get("denominator"):
            self.add_error("denominator", _("Say what the denominator counts."))
        if "multiply" in data and data["multiply"] is None:
            percent = data_type == Measure.DataType.PROPORTION
            data["multiply"] = self.instance.multiply = 100.0 if percent else 1.0
            if percent and not data.get("unit"):
                data["unit"] = self.instance.unit = "%"
        if data.get("multiply") is not None and "target" not in self.errors:
            scale = Measure(
                data_type=data_type, multiply=data["multiply"], target=data.get("target")
            )
            problem = scale.target_problem()
            if problem:
                self.add_error("target", problem)
        return data


class DataPointForm(WarnsAboutIdentifiers, forms.ModelForm):
    """One period's numbers; the period is moved to the start of its week or month."""

    identifier_fields = ("note",)

    values_text = forms.CharField(
        label=_("Values"),
        required=False,
        help_text=_("Each measurement of the period, separated by spaces."),
    )

    class Meta:
        model = DataPoint
        fields = ["period", "value", "denominator", "note"]
        widgets = {"period": DateInput()}

    def __init__(self, *args, measure: Measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.instance.measure = measure
        help_texts: dict[str, object] = {
            Measure.Frequency.WEEKLY: _("Any day of the week: it is saved as its Monday."),
            Measure.Frequency.MONTHLY: _("Any day of the month: it is saved as the 1st."),
            Measure.Frequency.DAILY: "",
        }
        self.fields["period"].help_text = help_texts[measure.frequency]
        if measure.needs_denominator:
            self.fields["value"].label = measure.numerator or _("Numerator")
            self.fields["denominator"].label = measure.denominator or _("Denominator")
            self.fields["denominator"].required = True
        else:
            del self.fields["denominator"]
            self.fields["value"].label = measure.numerator or _("Value")
        if measure.has_subgroups:
            del self.fields["value"]
            self.fields["values_text"].required = True
            if self.instance.pk:
                self.initial["values_text"] = " ".join(f"{v:g}" for v in self.instance.values)
        else:
            del self.fields["values_text"]
        for name in ("value", "denominator"):
            if name in self.fields:
                self.fields[name].widget.attrs.update(inputmode="decimal", step="any")
        self.fields["note"].required = False
        self.add_confirm_field()

    def clean_period(self):
        period = self.measure.period_for(self.cleaned_data["period"])
        clash = DataPoint.objects.filter(measure=self.measure, period=period)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(
                _("There is already a value for %(period)s: edit it instead."),
                params={"period": self.measure.period_label(period)},
            )
        return period

    def clean_values_text(self):
        try:
            return parse_values(
                self.cleaned_data.get("values_text", ""),
                decimal_comma=formats.get_format("DECIMAL_SEPARATOR") == ",",
            )
        except ValueError as exc:
            raise forms.ValidationError(
                _("“%(item)s” is not a number."), params={"item": exc.args[0]}
            ) from None

    def clean(self):
        data = super().clean()
        values = data.get("values_text") or []
        if self.measure.has_subgroups:
            data["value"] = sum(values) / len(values) if values else None
            self.instance.values = values
        if "value" in self.errors or "denominator" in self.errors or "values_text" in self.errors:
            return data
        problems = self.measure.problems(data.get("value"), data.get("denominator"), values)
        for field, message in problems.items():
            self.add_error("values_text" if field == "values" else field, message)
        if self.measure.has_subgroups and data.get("value") is not None:
            self.instance.value = data["value"]
        return data


class ChartMarkForm(WarnsAboutIdentifiers, forms.ModelForm):
    identifier_fields = ("reason",)

    class Meta:
        model = ChartMark
        fields = ["kind", "period", "reason"]
        widgets = {"period": DateInput()}

    def __init__(self, *args, measure: Measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.measure = measure
        self.instance.measure = measure
        self.add_confirm_field()

    def clean(self):
        data = super().clean()
        kind, period = data.get("kind"), data.get("period")
        if not kind or not period:
            return data
        period = data["period"] = self.measure.period_for(period)
        self.instance.period = period
        if kind != ChartMark.Kind.BASELINE and not data.get("reason"):
            self.add_error("reason", _("Say why (it is shown on the chart)."))
        if kind == ChartMark.Kind.BASELINE and self.measure.marks.filter(kind=kind).exists():
            self.add_error("kind", _("The chart already has a baseline: delete that mark first."))
        if (
            kind == ChartMark.Kind.EXCLUDE
            and not self.measure.points.filter(period=period).exists()
        ):
            self.add_error("period", _("There is no data point in this period to exclude."))
        return data


class ImportForm(forms.Form):
    MAX_BYTES = 2 * 1024 * 1024

    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "A CSV or XLSX file with a header row: period, value or numerator, denominator, note."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload


class ColumnsForm(forms.Form):
    """Which column of the uploaded file holds what: one choice per column the measure
    reads, offering only the columns the file has (a posted number outside them is
    refused, as is one column chosen twice)."""

    def __init__(self, *args, header: list, measure: Measure, **kwargs):
        super().__init__(*args, **kwargs)
        needed, optional = column_keys(measure)
        choices = [("", _("(none)"))] + [
            (str(index), f"{index + 1}. {column_name(header, index)}")
            for index in range(len(header))
        ]
        for key in needed + optional:
            self.fields[key] = forms.TypedChoiceField(
                label=capfirst(COLUMN_LABELS[key]),
                choices=choices,
                coerce=int,
                empty_value=None,
                required=key in needed,
                error_messages={
                    "required": _("Choose the column that holds this."),
                    "invalid_choice": _(
                        "“%(value)s” is not one of the file's columns: choose one from the list."
                    ),
                },
            )
        self.header = header

    def clean(self):
        data = super().clean()
        chosen: dict[int, str] = {}
        for key in list(self.fields):
            index = data.get(key)
            if index is None:
                continue
            if index in chosen:
                self.add_error(
                    key,
                    _("“%(column)s” is already chosen for the %(other)s: choose another column.")
                    % {
                        "column": column_name(self.header, index),
                        "other": COLUMN_LABELS[chosen[index]],
                    },
                )
            else:
                chosen[index] = key
        return data

    def columns(self) -> dict[str, int]:
        return {key: index for key, index in self.cleaned_data.items() if index is not None}
