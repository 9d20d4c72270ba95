from qicommons.core.demo import load_demo
from qicommons.projects.demo import NEONATAL, PARTOGRAPH, SSI
from qicommons.projects.models import Project, chart_annotations


def test_the_demo_has_three_whole_projects(db):
    load_demo()
    for title, slug in [
        (NEONATAL, "zomba-northshire"),
        (PARTOGRAPH, "zomba-northshire"),
        (SSI, "mbale-bristol"),
    ]:
        project = Project.objects.get(title=title)
        assert project.partnership.slug == slug
        assert project.has_aim
        assert project.team.count() >= 2
        assert project.drivers.filter(kind="primary").count() == 3
        assert project.drivers.filter(kind="secondary").count() >= 5
        assert project.change_ideas.count() >= 6
        ramp = max(idea.cycles.count() for idea in project.change_ideas.all())
        assert 2 <= ramp <= 4
        dates = [when for when, _label in chart_annotations(project)]
        assert min(dates).year >= 2024 and max(dates).year <= 2026
