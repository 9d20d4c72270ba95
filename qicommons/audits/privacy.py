"""Spotting text that looks like it identifies a patient, so a form can warn before saving.

Deliberately simple and over-cautious: a warning costs a click, an identifier in the
clear costs a patient's privacy. These are warnings, not refusals, because "Mr" can
start a consultant's name and a long number can be a drug batch.

>>> identifier_warnings("Seen by Mrs Banda, MRN 00123456, born 03/04/1988")  # doctest: +ELLIPSIS
['...name...', '...number...', '...date of birth...']
>>> identifier_warnings("Partograph started late; no CTG available")
[]
"""

import re

from django.utils.translation import gettext as _

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
