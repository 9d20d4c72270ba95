"""Server-rendered SVG charts: matplotlib's object API (no pyplot, no global state).

Text stays text in the SVG (svg.fonttype "none") so the charts are small and readable
by screen readers, and each chart carries a <title> and <desc> that say what it shows.
"""

import io
import re

import matplotlib
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

from . import stats

STYLE = {
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


def funnel_plot(own: tuple[int, int], peers: list[tuple[int, int]], title: str) -> str:
    """One clinician's point (highlighted) against unlabelled peers and funnel limits.

    `peers` must already be in a random order: the SVG keeps the order it is given.
    """
    all_points = [own, *peers]
    met = sum(m for m, _n in all_points)
    n = sum(n for _m, n in all_points)
    target = met / n if n else 0.0
    largest = max(p[1] for p in all_points)
    with matplotlib.rc_context(STYLE):
        fig = _figure(5.6, 3.2)
        ax = fig.add_subplot()
        xs = list(range(1, max(largest, 10) + 2))
        limits = [stats.funnel_limits(target, k) for k in xs]
        for attr, style in (("95", "--"), ("998", ":")):
            ax.plot(xs, [100 * getattr(f, f"lower{attr}") for f in limits], style, color="#5a6672")
            ax.plot(xs, [100 * getattr(f, f"upper{attr}") for f in limits], style, color="#5a6672")
        ax.axhline(100 * target, color="#5a6672", linewidth=1)
        if peers:
            ax.scatter(
                [p[1] for p in peers],
                [100 * p[0] / p[1] for p in peers],
                s=22,
                color="#b7c2cc",
                edgecolors="#5a6672",
                label=_("Colleagues"),
            )
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
        ax.set_xlabel(_("Cases the criterion applied to, per clinician"))
        ax.set_ylabel(_("Compliance (%)"))
        ax.legend(loc="lower right", fontsize=8, frameon=False)
    position = stats.funnel_position(own[0], own[1], target)
    desc = _(
        "Your compliance %(you).0f%% in %(n)s cases; all clinicians together %(group).0f%%; "
        "%(peers)s colleagues shown without names; dashed lines are 95%% and dotted "
        "99.8%% control limits. You are %(where)s."
    ) % {
        "you": 100 * own[0] / own[1],
        "n": own[1],
        "group": 100 * target,
        "peers": len(peers),
        "where": POSITION_WORDS[position](),
    }
    return _svg(fig, title, desc)


# The % in these sentences is a percent sign, not a placeholder ("95% li" would read
# as one): the comments tell xgettext, so translations are not checked as formats.
POSITION_WORDS = {
    "within": lambda: _("within the limits: your result is consistent with the group's"),
    # xgettext:no-python-format
    "high95": lambda: _("above the 95% limit: better than the group, probably not by chance"),
    # xgettext:no-python-format
    "high": lambda: _("above the 99.8% limit: clearly better than the group"),
    # xgettext:no-python-format
    "low95": lambda: _("below the 95% limit: worth a look, it may not be chance"),
    # xgettext:no-python-format
    "low": lambda: _("below the 99.8% limit: clearly below the group"),
}
