"""The array types the package's annotations share."""

from collections.abc import Sequence
from typing import Any, Literal, TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = [
    "ArrayLike",
    "BoolArray",
    "Column",
    "FloatArray",
    "IntArray",
    "Keys",
    "XKind",
]

FloatArray: TypeAlias = NDArray[np.float64]
BoolArray: TypeAlias = NDArray[np.bool_]
# numpy's stubs give arange, bincount and friends a platform-dependent integer type.
IntArray: TypeAlias = NDArray[np.signedinteger[Any]]
#: A column of data as given: a list or tuple of numbers, text, dates or None, or an array.
Column: TypeAlias = Sequence[object] | NDArray[Any]
#: What x is, once read.
XKind: TypeAlias = Literal["number", "date", "text"]
#: Sorted x keys: floats, datetime64 or text, by kind.
Keys: TypeAlias = NDArray[Any]
