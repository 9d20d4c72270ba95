"""Server-rendered SVG charts: matplotlib's object API (no pyplot, no global state).

Text stays text in the SVG (svg.fonttype "none") so the charts are small and readable
by screen readers, and each chart carries a <title> and <desc> that say what it shows.
"""

import io
import re
from typing import Any

import matplotlib
import numpy as np
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.typing import RcKeyType

from . import stats
from .feedback import peer_bands, position_words

STYLE: dict[RcKeyType, Any] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "qicommons",
    "font.size": 9,
    "font.family": "sans-serif",
    "axes.spines.top": False,
    "axes.spines.right": False,
}
COLOURS = ["#005eb8", "#a34400", "#1c7c54", "#6b3fa0", "#8a5a00", "#333333"]


def _svg(fig: Figure, title: str, desc: str) -> str:
    buf = io.StringIO()
    with matplotlib.rc_context(STYLE):
        FigureCanvasSVG(fig).print_svg(buf)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    head = '<svg role="img" aria-labelledby="{id}-t {id}-d"'  # filled below
    del head
    svg = svg.replace("<svg ", '<svg role="img" ', 1)
    end = svg.index(">") + 1
    svg = f"{svg[:end]}<title>{escape(title)}</title><desc>{escape(desc)}</desc>{svg[end:]}"
    return mark_safe(svg)  # noqa: S308 - built here from escaped text


def _figure(width=6.4, height=3.2) -> Figure:
    with matplotlib.rc_context(STYLE):
        fig = Figure(figsize=(width, height), layout="constrained")
    return fig


def compliance_chart(results) -> str:
    """Compliance per criterion (and all-or-none overall) across the audit's cycles."""
    with matplotlib.rc_context(STYLE):
        fig = _figure()
        ax = fig.add_subplot()
        labels = [c.label for c in results.cycles]
        x = list(range(len(labels)))
        lines = []
        for i, (criterion, target, cells) in enumerate(results.table()):
            name = _("C%(n)s") % {"n": criterion.number} if criterion else _("All criteria met")
            ys = [None if p.estimate is None else 100 * p.estimate for _c, p, _m in cells]
            colour = COLOURS[i % len(COLOURS)]
            style = "-" if criterion else "--"
            pts = [(xi, y) for xi, y in zip(x, ys, strict=True) if y is not None]
            if pts:
                ax.plot(
                    [p[0] for p in pts],
                    [p[1] for p in pts],
                    style,
                    marker="o",
                    color=colour,
                    label=name,
                    linewidth=2 if criterion is None else 1.5,
                )
            lines.append(
                f"{name}: "
                + ", ".join(
                    f"{lab} {'-' if y is None else f'{y:.0f}%'}"
                    for lab, y in zip(labels, ys, strict=True)
                )
                + (f" ({_('target')} {target}%)" if target is not None else "")
            )
        ax.set_xticks(x, labels)
        ax.set_ylim(0, 103)
        ax.set_ylabel(_("Compliance (%)"))
        if x:
            ax.set_xlim(-0.3, max(x) + 0.3)
        ax.legend(loc="lower right", fontsize=8, frameon=False)
    title = _("Compliance across audit cycles")
    return _svg(fig, title, "; ".join(lines))


def funnel_plots(items) -> list[tuple[Any, str]]:
    """Each comparable criterion's feedback with its funnel plot."""
    return [(item, funnel_plot(item, str(item.criterion))) for item in items if item.comparable]


def funnel_plot(item, title: str) -> str:
    """One clinician's point (highlighted) against peers counted in bands, and the limits.

    Peers are drawn only as shaded bands of cases and compliance with the number of
    colleagues in each (`feedback.peer_bands`), never as exact points. The limits step
    per denominator where the exact labels change (`stats.funnel_curve`), widened by the
    random-effects variance when results vary more than chance would give.
    """
    own = (item.own.successes, item.own.trials)
    target = item.group.estimate
    tau2 = item.dispersion.tau2 if item.dispersion else 0.0
    bands = peer_bands(item.peers)
    largest = max([own[1], *(b.cases_to for b in bands)])
    with matplotlib.rc_context(STYLE):
        fig = _figure(5.6, 3.2)
        ax = fig.add_subplot()
        for band in bands:
            ax.add_patch(
                Rectangle(
                    (band.cases_from - 0.5, band.percent_from),
                    band.cases_to - band.cases_from + 1,
                    band.percent_to - band.percent_from,
                    facecolor="#b7c2cc",
                    edgecolor="#5a6672",
                    alpha=min(0.9, 0.25 + 0.15 * band.count),
                )
            )
            ax.text(
                (band.cases_from + band.cases_to) / 2,
                (band.percent_from + band.percent_to) / 2,
                str(band.count),
                ha="center",
                va="center",
                fontsize=10,
            )
        xs = np.arange(1, max(largest, 10) + 2)
        curve = stats.funnel_curve(target, xs, tau2)
        for attr, style in (("95", "--"), ("998", ":")):
            for side in ("lower", "upper"):
                values = 100 * getattr(curve, f"{side}{attr}")
                ax.plot(xs, values, style, color="#5a6672", drawstyle="steps-mid")
        ax.axhline(100 * target, color="#5a6672", linewidth=1)
        ax.scatter(
            [own[1]],
            [100 * own[0] / own[1]],
            s=90,
            marker="D",
            color="#a34400",
            edgecolors="#1d2630",
            zorder=5,
            label=_("You"),
            gid="own-point",
        )
        ax.set_ylim(0, 103)
        ax.set_xlim(0, max(largest, 10) + 1.5)
        ax.set_xlabel(_("Cases the criterion applied to, per clinician"))
        ax.set_ylabel(_("Compliance (%)"))
        ax.legend(loc="lower right", fontsize=8, frameon=False)
    desc = _(
        "Your compliance %(you).0f%% in %(n)s cases; all clinicians together %(group).0f%%; "
        "%(peers)s colleagues counted in shaded bands of cases and compliance, without "
        "names or exact results; dashed lines are the 95%% and dotted the 99.8%% limits, "
        "stepped where a result becomes unlikely by chance alone. %(where)s"
    ) % {
        "you": 100 * own[0] / own[1],
        "n": own[1],
        "group": 100 * target,
        "peers": len(item.peers),
        "where": position_words(item),
    }
    return _svg(fig, title, desc)
