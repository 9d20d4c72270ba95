"""Spotting text that looks like it identifies a patient, so a form can warn before saving.

One mechanism for every free-text field: the pure `identifier_warnings` function, the
`WarnsAboutIdentifiers` form mixin, the `confirming` view helper and the
"partials/identifier_warnings.html" template.

Deliberately simple and over-cautious: a warning costs a click, an identifier in the
clear costs a patient's privacy. These are warnings, not refusals, because "Mr" can
start a consultant's name and a long number can be a drug batch.

>>> identifier_warnings("Seen by Mrs Banda, MRN 00123456, born 03/04/1988")  # doctest: +ELLIPSIS
['...name...', '...number...', '...date of birth...']
>>> identifier_warnings("Partograph started late; no CTG available")
[]
"""

import re

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

TITLE_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Master|Madam)\.?\s+[A-Z][a-z]+")
LONG_NUMBER = re.compile(r"\d(?:[\s/-]?\d){5,}")
DATE = re.compile(
    r"\b(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{2}|\d{4})|"
    r"(?:d\.?o\.?b\.?|born)\b)",
    re.IGNORECASE,
)


def identifier_warnings(text: str) -> list[str]:
    if not text:
        return []
    found = []
    if TITLE_NAME.search(text):
        found.append(_("It seems to contain a name (a title such as Mr or Mrs and a name)."))
    if LONG_NUMBER.search(text):
        found.append(_("It contains a long number, which may be a hospital or phone number."))
    if DATE.search(text):
        found.append(_("It contains a date that may be a date of birth."))
    return found


class WarnsAboutIdentifiers:
    """Free text that looks like a patient identifier stops the save ONCE with a warning.

    The form is shown again with the warning beside the field and a "save anyway" box;
    ticking it saves. It is a warning, not a rule, because the patterns are crude.
    """

    # Provided by the form class this is mixed into.
    cleaned_data: dict
    fields: dict

    identifier_fields: tuple[str, ...] = ()

    def add_confirm_field(self):
        # Hidden until a warning shows; then it becomes the "save anyway" tick box.
        self.fields["confirm_no_identifiers"] = forms.BooleanField(
            required=False,
            label=gettext_lazy("I have checked: this text identifies no patient. Save anyway."),
            widget=forms.HiddenInput,
        )

    def identifier_warnings(self) -> dict[str, list[str]]:
        data = getattr(self, "cleaned_data", {}) or {}
        found = {}
        for name in self.identifier_fields:
            warnings = identifier_warnings(str(data.get(name) or ""))
            if warnings:
                found[name] = warnings
        return found

    def needs_confirmation(self) -> bool:
        """True when the text looks identifying and the user has not said otherwise."""
        if self.cleaned_data.get("confirm_no_identifiers"):
            return False
        self.warnings = self.identifier_warnings()
        if self.warnings:
            self.fields["confirm_no_identifiers"].widget = forms.CheckboxInput()
        return bool(self.warnings)

    def warning_list(self):
        return [
            (self.fields[name].label, text)
            for name, texts in getattr(self, "warnings", {}).items()
            for text in texts
        ]


def confirming(form) -> bool:
    """Valid, and either free of identifier-like text or confirmed by the user."""
    return form.is_valid() and not form.needs_confirmation()
