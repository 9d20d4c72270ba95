"""The door's child lookups on real models: the parent filter comes from the foreign key."""

import pytest
from django.http import Http404

from qicommons.measures.models import DataPoint
from qicommons.partnerships.access import children_of, get_child_or_404
from qicommons.partnerships.models import Invitation

from .helpers import add_points, make_measure

pytestmark = pytest.mark.django_db


def test_children_are_only_the_parents_own(world):
    mine, other = make_measure(world), make_measure(world)
    add_points(mine, [3, 4], [20, 20])
    DataPoint.objects.create(measure=mine, period="2024-06-03", value=4, denominator=19)
    (theirs,) = add_points(other, [5], [20])
    assert set(children_of(mine, DataPoint).values_list("measure", flat=True)) == {mine.pk}
    history = children_of(mine, DataPoint.history)
    assert history.count() >= 1 and {h.measure_id for h in history} == {mine.pk}
    with pytest.raises(Http404):
        get_child_or_404(mine, DataPoint, pk=theirs.pk)
    assert get_child_or_404(other, other.points, pk=theirs.pk) == theirs


def test_two_possible_parent_links_are_refused(world):
    # An invitation names two people (who invited, who accepted): guessing which one is
    # meant could show one person's rows to another, so it is a programming error.
    with pytest.raises(TypeError, match="2 links"):
        children_of(world.users["lead"], Invitation)
