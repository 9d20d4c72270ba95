"""A PDSA cycle studies one of its project's measures: the form offers only those, and the
Study stage shows that measure's chart and verdict next to the prediction and results."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import spc
import spc.draw
from qicommons.measures.tests.helpers import add_points, make_measure, make_project
from qicommons.projects.models import PDSACycle

from .test_cycles import plan

# Cold babies out of 60 a week: about 17 for 14 weeks, then about 7 after the change.
BEFORE = [17, 18, 16, 17, 19, 16, 17, 18, 16, 17, 18, 17, 16, 18]
AFTER = [7, 6, 8, 7, 6, 7, 8, 6, 7, 7]


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


@pytest.fixture
def measure(world, project):
    m = make_measure(world, project=project, name="Babies cold on admission")
    values = BEFORE + AFTER
    add_points(m, values, [60] * len(values))
    return m


def svg(response) -> str:
    page = response.content.decode()
    return page[page.index("<svg") : page.index("</svg>")]


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


class TestTheForm:
    def test_it_links_a_measure_of_the_project(self, client, world, project, diagram, measure):
        client.force_login(world.users["member"])
        client.post(project.url("cycle_create"), plan(diagram["hats"], measure=measure.pk))
        assert PDSACycle.objects.get().measure == measure

    def test_it_offers_only_the_projects_own_measures(self, client, world, project, measure):
        make_measure(world, project=make_project(world, "Another project"), name="Other")
        client.force_login(world.users["member"])
        form = client.get(project.url("cycle_create")).context["form"]
        assert list(form.fields["measure"].queryset) == [measure]

    @pytest.mark.parametrize("where", ["another project", "another partnership"])
    def test_it_refuses_a_measure_from_elsewhere(self, client, world, project, diagram, where):
        if where == "another project":
            other = make_project(world, "Another project")
        else:
            other = make_project(world, "Beta's project")
            other.partnership, other.organisation = world.beta, world.org_beta
            other.save()
        foreign = make_measure(world, project=other, name="Not ours")
        client.force_login(world.users["member"])

        response = client.post(
            project.url("cycle_create"), plan(diagram["hats"], measure=foreign.pk)
        )

        assert "measure" in response.context["form"].errors
        assert not PDSACycle.objects.exists()

    def test_it_refuses_a_measure_from_elsewhere_on_edit(
        self, client, world, project, diagram, cycle
    ):
        foreign = make_measure(world, project=make_project(world, "Another project"))
        client.force_login(world.users["member"])
        data = plan(diagram["hats"], measure=foreign.pk)
        data.pop("change_idea")

        response = client.post(project.url("cycle_edit", cycle=cycle.pk), data)

        assert "measure" in response.context["form"].errors
        cycle.refresh_from_db()
        assert cycle.measure is None and cycle.title == "Hats in theatre"

    def test_deleting_the_measure_keeps_the_cycle(self, cycle, measure):
        cycle.measure = measure
        cycle.save()
        measure.delete()
        cycle.refresh_from_db()
        assert cycle.measure is None


class TestTheStudy:
    def test_it_shows_the_chart_and_verdict_next_to_the_prediction(
        self, client, world, cycle, measure
    ):
        cycle.measure, cycle.results = measure, "Fewer cold babies, as predicted"
        cycle.save()
        client.force_login(world.users["viewer"])

        page = client.get(cycle.get_absolute_url()).content.decode()

        study = page[page.index('id="study"') : page.index(">Act<")]
        assert "8 of 10" in study and "Fewer cold babies, as predicted" in study
        assert "<svg" in study and "<title" in study
        assert "m-verdict m-improvement" in study and "Improvement" in study
        assert f'href="{measure.get_absolute_url()}"' in study
        assert "<script" not in study

    def test_without_a_measure_it_links_to_the_dashboard(self, client, world, project, cycle):
        client.force_login(world.users["viewer"])

        page = client.get(cycle.get_absolute_url()).content.decode()

        assert reverse("measures:dashboard", args=["alpha", project.pk]) in page
        assert "Link a measure to this cycle to see its chart here" in page
        assert "<svg" not in page

    def test_a_measure_with_no_data_yet_says_so(self, client, world, project, cycle):
        cycle.measure = make_measure(world, project=project, name="Not counted yet")
        cycle.save()
        client.force_login(world.users["viewer"])

        page = client.get(cycle.get_absolute_url()).content.decode()

        assert "No chart yet." in page and "Too little data" in page

    def test_the_cycle_start_is_an_annotation_on_the_chart(self, client, world, cycle, measure):
        cycle.measure = measure
        cycle.save()
        client.force_login(world.users["viewer"])

        page = client.get(cycle.get_absolute_url()).content.decode()

        assert "PDSA 1: Hats in theatre" in page[page.index("<svg") :]

    def test_its_queries_do_not_grow_with_the_data(self, client, world, project, cycle, measure):
        long = make_measure(world, project=project, name="Three years", kind="process")
        add_points(long, [20] * 156, [60] * 156)
        client.force_login(world.users["viewer"])
        counts = []
        for linked in (measure, long):
            cycle.measure = linked
            cycle.save()
            counts.append(_queries(client, cycle.get_absolute_url()))
        assert counts == [QUERIES, QUERIES], counts

    def test_a_second_view_reuses_the_cached_chart(self, client, world, cycle, measure):
        cycle.measure = measure
        cycle.save()
        client.force_login(world.users["viewer"])
        with (
            mock.patch("spc.qic", wraps=spc.qic) as qic,
            mock.patch("spc.draw.render", wraps=spc.draw.render) as render,
        ):
            first = svg(client.get(cycle.get_absolute_url()))
            second = svg(client.get(cycle.get_absolute_url()))
            assert (qic.call_count, render.call_count) == (1, 1)
            # The measure page shows the same drawing: it reuses it too.
            on_measure_page = svg(client.get(measure.get_absolute_url()))
            assert (qic.call_count, render.call_count) == (1, 1)
        assert first == second == on_measure_page

    def test_it_shows_only_a_measure_of_the_cycles_own_project(self, client, world, project, cycle):
        # The form never allows this; a link made behind its back (the admin, a script)
        # must still not show another project's data on this page.
        other = make_measure(world, project=make_project(world, "Another"), name="Elsewhere")
        add_points(other, BEFORE, [60] * len(BEFORE))
        PDSACycle.objects.filter(pk=cycle.pk).update(measure=other)
        client.force_login(world.users["viewer"])

        page = client.get(cycle.get_absolute_url()).content.decode()

        assert "Elsewhere" not in page and "<svg" not in page


# Session, user, project, roles, the cycle (with its idea, driver and measure), the project's
# cycles (the chart's annotations), the measure's points, its marks, the project's first
# cycle (the verdict's baseline), the partnerships of the navigation and the ramp: the same
# eleven however many points the measure has.
QUERIES = 11
