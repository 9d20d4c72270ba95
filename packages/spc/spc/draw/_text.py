"""The chart in words for screen readers: the SVG's built-in English ``<desc>``."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ._series import Series, fmt, varies

_VERDICTS = {
    "improvement": "improvement",
    "deterioration": "deterioration",
    "no_signal": "no signal",
    "too_little_data": "too little data to judge",
}

_SIGNAL_WORDS = (
    ("special_cause_improvement", "improvement"),
    ("special_cause_concern", "concern"),
    ("special_cause_neutral", "special cause"),
)


def describe(chart: Series, notes: list[tuple[int, Any, str]]) -> str:
    """A plain-language summary for screen readers: what a sighted reader takes in."""
    parts = []
    finite = np.isfinite(chart.y)
    count = int(finite.sum())
    span = ""
    texts = [t for t, ok in zip(chart.x_text, finite, strict=True) if ok and t]
    if texts:
        span = f" from {texts[0]} to {texts[-1]}"
    parts.append(f"{chart.name} of {_points(chart.n)}{span}.")
    if count < chart.n:
        missing = chart.n - count
        parts.append(f"{_points(missing)} {'has' if missing == 1 else 'have'} no value.")
    last = int(np.flatnonzero(finite)[-1]) if count else None
    if last is not None:
        centre = chart.cl[last]
        if math.isfinite(centre):
            word = "Median" if chart.chart == "run" else "Centre line"
            parts.append(f"{word} {fmt(centre)}.")
        lcl, ucl = chart.lcl[last], chart.ucl[last]
        if math.isfinite(lcl) or math.isfinite(ucl):
            varying = varies(chart.lcl) or varies(chart.ucl)
            lead = "Control limits vary with each point; latest" if varying else "Control limits"
            parts.append(f"{lead} {fmt(lcl) or 'none'} to {fmt(ucl) or 'none'}.")
        if math.isfinite(chart.target[last]):
            parts.append(f"Target {fmt(chart.target[last])}.")
        at = f" ({chart.x_text[last]})" if chart.x_text[last] else ""
        parts.append(f"Latest value {fmt(chart.y[last])}{at}.")
    counts = dict.fromkeys(chart.classes, 0)
    for cls, ok, inc in zip(chart.classes, finite, chart.include, strict=True):
        if ok and inc:
            counts[cls] += 1
    signals = [f"{counts[cls]} {word}" for cls, word in _SIGNAL_WORDS if counts.get(cls)]
    if signals:
        parts.append("Special-cause points: " + ", ".join(signals) + ".")
    parts += _describe_verdict(chart)
    n_parts = len(dict.fromkeys(chart.part))
    if n_parts > 1:
        parts.append(f"{n_parts} phases.")
    excluded = int((~chart.include).sum())
    if excluded:
        parts.append(f"{_points(excluded)} excluded from the calculations.")
    status = chart.verdict.get("status")
    if status:
        verdict = f"Verdict: {_VERDICTS.get(str(status), str(status).replace('_', ' '))}"
        reasons = chart.verdict.get("reasons") or []
        if reasons:
            verdict += " (" + "; ".join(str(r).rstrip(".") for r in reasons) + ")"
        parts.append(verdict + ".")
    if notes:
        said = [f"{number}. {text} at {chart.label_x(x)}" for number, x, text in notes]
        parts.append("Marked: " + "; ".join(said) + ".")
    return " ".join(parts)


def _describe_verdict(chart: Series) -> list[str]:
    out = []
    ref = chart.reference()
    if ref is not None:
        centre, lower, upper, (first, last) = ref
        limits = ""
        if math.isfinite(lower) or math.isfinite(upper):
            limits = f", limits {fmt(lower) or 'none'} to {fmt(upper) or 'none'}"
        out.append(
            f"Baseline line (the verdict's reference) {fmt(centre)}{limits},"
            f" drawn across points {first + 1}-{last + 1}."
        )
    decided = chart.decisive_points()
    if decided is not None:
        meaning, picked = decided
        kind = chart.verdict["decisive"].get("kind") or "signal"
        where = ", ".join(str(i + 1) for i in picked)
        out.append(f"The {meaning} signal behind the verdict ({kind}) is marked at points {where}.")
    return out


def _points(n: int) -> str:
    return "1 point" if n == 1 else f"{n} points"
