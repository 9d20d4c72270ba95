import doctest

import pytest

from qicommons.lib import privacy
from qicommons.lib.privacy import identifier_warnings


@pytest.mark.parametrize(
    "text",
    [
        "Mrs Banda was admitted",
        "seen with Mr. Phiri",
        "MRN 1234567",
        "phone 0999 123 456",
        "DOB 12/03/1990",
        "born 1990",
    ],
)
def test_it_warns_about_text_that_looks_identifying(text):
    assert identifier_warnings(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Partograph started 2 hours after admission",
        "No oxytocin in stock on the ward",
        "Criterion 3 not met: BP chart missing",
    ],
)
def test_it_lets_ordinary_clinical_text_through(text):
    assert identifier_warnings(text) == []


def test_the_docstring_example_runs(settings):
    assert doctest.testmod(privacy).failed == 0
