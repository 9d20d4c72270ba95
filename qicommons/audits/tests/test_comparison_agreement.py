"""The words, the table's marker and its p for every re-audit table with 20 cases each."""

import re

from django.template.loader import render_to_string
from django.utils import translation

from qicommons.audits import stats
from qicommons.audits.summary import comparison_sentence


class _Cycle:
    label = "Re-audit"


def _rendered_row(diff):
    html = render_to_string(
        "audits/_comparison.html", {"comparisons": [(_Cycle(), [(None, diff)])]}
    )
    marker = re.search(r'class="aud-sig aud-sig-(\w+)">([^<]+)<', html)
    p_cell = re.search(r'class="aud-p">([^<]+)<', html).group(1)
    return marker.group(1), marker.group(2).strip(), p_cell.replace("&lt;", "<").strip()


def test_every_table_of_20_says_the_same_in_words_marker_and_p():
    words = {
        "up": ("chance alone is an unlikely explanation", "Improved"),
        "down": ("this needs attention", "Fell"),
        "chance": ("could be chance", "Could be chance"),
    }
    disagree = []
    with translation.override("en"):
        for a in range(21):
            for b in range(21):
                diff = stats.compare_proportions((a, 20), (b, 20))
                expected = "up" if diff.lower > 0 else "down" if diff.upper < 0 else "chance"
                sentence = comparison_sentence("criterion 1", diff)
                css, marker, p_cell = _rendered_row(diff)
                p_below = p_cell.startswith("<") or float(p_cell) < 0.05
                phrase, label = words[expected]
                if not (
                    phrase in sentence
                    and css == expected
                    and marker == label
                    and p_below == (expected != "chance")
                ):
                    disagree.append((a, b))
    assert disagree == []
