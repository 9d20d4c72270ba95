"""Statistical process control for quality improvement: run charts and Shewhart charts.

Computes as the R packages qicharts2 0.8.1 (Jacob Anhøj) and, for the NHS "Making
Data Count" rules, NHSRplotthedots 0.2.2, and judges whether a series shows sustained
improvement. Pure Python and numpy: importing ``spc`` loads neither matplotlib nor
Django (drawing lives in ``spc.draw``, imported only when asked for).

>>> import spc
>>> r = spc.qic([5, 7, 6, 8, 7, 9, 8, 10, 9, 11, 10, 12], chart="run", direction="up")
>>> r.parts[0].n_useful, r.verdict.status
(12, 'too_little_data')
"""

from .charts import qic
from .errors import SPCError
from .limits import CHARTS
from .result import Part, Point, Result, Signal, Verdict

__version__ = "1.0.0"

__all__ = [
    "CHARTS",
    "Part",
    "Point",
    "Result",
    "SPCError",
    "Signal",
    "Verdict",
    "__version__",
    "qic",
]
