from decimal import Decimal

from qicommons.lib.formatting import format_amount


def test_it_writes_amounts_as_people_do():
    assert format_amount(Decimal("42.00"), "%") == "42%"
    assert format_amount(Decimal("3.50"), "days") == "3.5 days"
    assert format_amount(Decimal("100"), "") == "100"
    assert format_amount(None, "%") == ""


def test_its_examples_hold():
    import doctest

    from qicommons.lib import formatting

    assert doctest.testmod(formatting).failed == 0
