"""The one error type of the package."""

__all__ = ["SPCError"]


class SPCError(ValueError):
    """Bad input to the SPC engine: the message says what is wrong and where.

    >>> raise SPCError("y is empty")
    Traceback (most recent call last):
    ...
    spc.errors.SPCError: y is empty
    """
