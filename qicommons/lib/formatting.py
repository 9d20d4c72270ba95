"""Numbers written as people read them, in any app's pages."""

from decimal import Decimal


def format_amount(value: Decimal | None, unit: str) -> str:
    """A value with its unit as people write it: "42%", "3.5 days", "12".

    >>> format_amount(Decimal("42.00"), "%")
    '42%'
    """
    if value is None:
        return ""
    number = f"{Decimal(value).normalize():f}"
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"
