"""Signals and verdicts in plain words, in the user's language.

The SPC engine describes each signal as data (kind, side, length, first and last point);
here each kind has whole-sentence templates, so translators see complete sentences and
plural forms come from ngettext.
"""

from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Measure

__all__ = [
    "describe_chart",
    "describe_reference",
    "describe_signal",
    "describe_signals",
    "explain_verdict",
]


def _shift(side: str, count: int, later_phase: bool) -> str:
    # In a later phase the engine judges runs against the previous phase's centre line.
    params = {"count": count}
    if later_phase and side == "above":
        return (
            ngettext(
                "%(count)d point in a row above the previous phase's centre line: a shift upwards",
                "%(count)d points in a row above the previous phase's centre line: a shift upwards",
                count,
            )
            % params
        )
    if later_phase:
        return (
            ngettext(
                "%(count)d point in a row below the previous phase's centre line: "
                "a shift downwards",
                "%(count)d points in a row below the previous phase's centre line: "
                "a shift downwards",
                count,
            )
            % params
        )
    if side == "above":
        return (
            ngettext(
                "%(count)d point in a row above the centre line: a shift upwards",
                "%(count)d points in a row above the centre line: a shift upwards",
                count,
            )
            % params
        )
    return (
        ngettext(
            "%(count)d point in a row below the centre line: a shift downwards",
            "%(count)d points in a row below the centre line: a shift downwards",
            count,
        )
        % params
    )


def _trend(side: str, count: int) -> str:
    if side == "up":
        return ngettext(
            "%(count)d point in a row going up: a trend upwards",
            "%(count)d points in a row going up: a trend upwards",
            count,
        ) % {"count": count}
    return ngettext(
        "%(count)d point in a row going down: a trend downwards",
        "%(count)d points in a row going down: a trend downwards",
        count,
    ) % {"count": count}


def _sigma(side: str, count: int) -> str:
    if side == "above":
        return ngettext(
            "%(count)d point above the upper control limit",
            "%(count)d points above the upper control limit",
            count,
        ) % {"count": count}
    return ngettext(
        "%(count)d point below the lower control limit",
        "%(count)d points below the lower control limit",
        count,
    ) % {"count": count}


def _held(side: str, count: int) -> str:
    if side == "above":
        return ngettext(
            "%(count)d point in a row above the baseline's upper limit: a held change",
            "%(count)d points in a row above the baseline's upper limit: a held change",
            count,
        ) % {"count": count}
    return ngettext(
        "%(count)d point in a row below the baseline's lower limit: a held change",
        "%(count)d points in a row below the baseline's lower limit: a held change",
        count,
    ) % {"count": count}


def _two_of_three(side: str) -> str:
    if side == "above":
        return _("Two out of three points close to the upper control limit")
    return _("Two out of three points close to the lower control limit")


def _crossings(count: int, later_phase: bool) -> str:
    if later_phase:
        return ngettext(
            "Only %(count)d crossing of the previous phase's centre line, fewer than chance "
            "would give: the process has changed",
            "Only %(count)d crossings of the previous phase's centre line, fewer than chance "
            "would give: the process has changed",
            count,
        ) % {"count": count}
    return ngettext(
        "Only %(count)d crossing of the centre line, fewer than chance would give: "
        "the process has changed",
        "Only %(count)d crossings of the centre line, fewer than chance would give: "
        "the process has changed",
        count,
    ) % {"count": count}


def missing_between(measure: Measure, first: date, last: date, observed: int) -> int:
    """How many of the measure's periods from `first` to `last` have no point, given that
    `observed` of them have one.

    >>> missing_between(Measure(frequency="weekly"), date(2025, 1, 6), date(2025, 2, 3), 3)
    2
    """
    expected, period = 1, first
    while period < last:
        period = measure.next_period(period)
        expected += 1
    return max(expected - observed, 0)


def _across(measure: Measure, missing: int) -> str:
    params = {"count": missing}
    if measure.frequency == Measure.Frequency.MONTHLY:
        return (
            ngettext("across %(count)d missing month", "across %(count)d missing months", missing)
            % params
        )
    if measure.frequency == Measure.Frequency.WEEKLY:
        return (
            ngettext("across %(count)d missing week", "across %(count)d missing weeks", missing)
            % params
        )
    return (
        ngettext("across %(count)d missing day", "across %(count)d missing days", missing) % params
    )


def describe_signal(signal: dict, measure: Measure, periods: list) -> str:
    """One signal as a sentence.

    `periods` are the chart's periods in order; the signal's positions count from 1.
    For example: "8 points in a row below the centre line: a shift downwards (week of
    3 Mar 2025 to week of 21 Apr 2025), in the desired direction."
    """
    kind, side, length = signal["kind"], signal.get("side") or "", int(signal.get("length") or 0)
    later_phase = int(signal.get("part") or 1) > 1
    if kind == "shift":
        text = _shift(side, length, later_phase)
    elif kind == "trend":
        text = _trend(side, length)
    elif kind == "sigma":
        text = _sigma(side, length or 1)
    elif kind == "held":
        text = _held(side, length)
    elif kind == "two_of_three":
        text = _two_of_three(side)
    else:
        text = _crossings(length, later_phase)
    start, end = signal.get("start"), signal.get("end")
    if periods and start and end and kind not in ("crossings", "sigma") and end > start:
        # The runs rules (Anhøj; NHS Making Data Count, as in qicharts2) count consecutive
        # points, not consecutive periods, and this app applies them as those references
        # do: a run is not split at a gap. Splitting would make the same data give other
        # signals than the published rules, and would hide nothing the gap itself does not
        # already say. But a run that spans periods with no data is a data-quality problem
        # to show, not hide: the sentence says how many periods are missing within it.
        missing = missing_between(measure, periods[start - 1], periods[end - 1], end - start + 1)
        if missing:
            text += ", " + _across(measure, missing)
    if periods and start and end and kind != "crossings":
        first = measure.period_label(periods[start - 1])
        if start == end:
            text += " " + _("(%(period)s)") % {"period": first}
        else:
            last = measure.period_label(periods[end - 1])
            text += " " + _("(%(first)s to %(last)s)") % {"first": first, "last": last}
    favourable = signal.get("favourable")
    if favourable is True:
        text += _(", in the desired direction")
    elif favourable is False:
        text += _(", in the undesired direction")
    return text + "."


def describe_signals(result: dict | None, measure: Measure) -> list[str]:
    if not result:
        return []
    periods = _periods(result)
    return [describe_signal(s, measure, periods) for s in result["verdict"]["signals"]]


def _periods(result: dict) -> list:
    out = []
    for point in result["points"]:
        x = point["x"]
        out.append(date.fromisoformat(x) if isinstance(x, str) else x)
    return out


def explain_verdict(result: dict | None, error: str = "") -> str:
    """Why the measure has its verdict, in one or two sentences."""
    if result is None:
        return error or _("No data yet.")
    verdict = result["verdict"]
    status = verdict["status"]
    if status == "improvement":
        return _(
            "Sustained improvement: the latest shift or trend is in the desired direction, "
            "and no lasting change the other way has followed."
        )
    if status == "deterioration":
        return _(
            "Sustained deterioration: the latest shift or trend is in the undesired direction."
        )
    if status == "too_little_data":
        reference = verdict.get("reference") or {}
        useful = int(reference.get("n_useful") or 0)
        if useful < 12:
            return ngettext(
                "The baseline has only %(count)d useful point: at least 12 are needed "
                "before a change can be judged.",
                "The baseline has only %(count)d useful points: at least 12 are needed "
                "before a change can be judged.",
                useful,
            ) % {"count": useful}
        return _("Too few points after the baseline to judge a change yet.")
    if "rare_events" in (verdict.get("cautions") or []) or "ties" in (
        verdict.get("cautions") or []
    ):
        return _(
            "Events are too rare (or values too often equal) for runs and limits to judge: "
            "chart the days or cases between events instead."
        )
    if verdict["signals"]:
        return _(
            "No sustained signal yet: the signals below do not show a lasting change in one "
            "direction."
        )
    return _(
        "No sustained signal yet: the variation in the latest phase is consistent with chance."
    )


def _number(value: float | None) -> str:
    return "" if value is None else formats.number_format(round(value, 2))


def _describe_latest(result: dict, measure: Measure, periods: list) -> str:
    """What a sighted reader reads off the chart's right edge: the latest value, the
    centre line and the limits around it."""
    latest = next((p for p in reversed(result["points"]) if p["y"] is not None), None)
    if latest is None:
        return ""
    params = {
        "value": _number(latest["y"]),
        "period": measure.period_label(periods[result["points"].index(latest)]),
        "centre": _number(latest["cl"]),
        "lower": _number(latest["lcl"]),
        "upper": _number(latest["ucl"]),
    }
    if latest["cl"] is None:
        return _("Latest value %(value)s (%(period)s).") % params
    if result["chart"] == "run":
        return _("Latest value %(value)s (%(period)s); median %(centre)s.") % params
    if latest["lcl"] is None and latest["ucl"] is None:
        return _("Latest value %(value)s (%(period)s); centre line %(centre)s.") % params
    if latest["lcl"] is None:
        return (
            _(
                "Latest value %(value)s (%(period)s); centre line %(centre)s, "
                "upper control limit %(upper)s."
            )
            % params
        )
    return (
        _(
            "Latest value %(value)s (%(period)s); centre line %(centre)s, "
            "control limits %(lower)s to %(upper)s."
        )
        % params
    )


def describe_reference(result: dict | None, measure: Measure, *, before_first_cycle: bool) -> str:
    """What the verdict judged the latest points against, as one sentence.

    `before_first_cycle` says the app chose the data before the project's first PDSA
    cycle as the baseline (see `charts.qic_arguments`); the engine only sees positions.
    """
    reference = (result or {}).get("verdict", {}).get("reference")
    if not result or not reference:
        return ""
    periods = _periods(result)
    params = {
        "first": measure.period_label(periods[reference["start"] - 1]),
        "last": measure.period_label(periods[reference["end"] - 1]),
        "centre": _number(reference["centre"]),
    }
    kind = reference["kind"]
    if kind == "previous_phase":
        text = _("Judged against the previous phase (%(first)s to %(last)s, centre %(centre)s).")
    elif kind == "baseline":
        text = _("Judged against the frozen baseline (%(first)s to %(last)s, centre %(centre)s).")
    elif before_first_cycle:
        text = _(
            "Judged against the data before the first PDSA cycle (%(first)s to %(last)s, "
            "centre %(centre)s)."
        )
    else:
        text = _(
            "Judged against the first points (%(first)s to %(last)s, centre %(centre)s), "
            "as no baseline, phase or PDSA cycle marks where the change began."
        )
    return text % params


def describe_chart(result: dict, measure: Measure, *, before_first_cycle: bool) -> str:
    """The chart for screen readers (its SVG's description): the points it spans, then
    the verdict, its reference and the signals in the words the page shows beside it."""
    periods = _periods(result)
    count = len(periods)
    span = ngettext(
        "Chart of %(count)d point (%(first)s to %(last)s).",
        "Chart of %(count)d points (%(first)s to %(last)s).",
        count,
    ) % {
        "count": count,
        "first": measure.period_label(periods[0]),
        "last": measure.period_label(periods[-1]),
    }
    sentences = [
        span,
        _describe_latest(result, measure, periods),
        explain_verdict(result),
        describe_reference(result, measure, before_first_cycle=before_first_cycle),
        *describe_signals(result, measure),
    ]
    return " ".join(s for s in sentences if s)
