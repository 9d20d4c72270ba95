from datetime import date

import pytest

from qicommons.projects.models import ChangeIdea, Driver, PDSACycle, Project


@pytest.fixture
def project(world):
    return Project.objects.create(
        partnership=world.alpha,
        organisation=world.org_alpha,
        title="Reducing neonatal hypothermia",
        clinical_area="Neonatal unit",
        start_date=date(2024, 2, 1),
    )


@pytest.fixture
def diagram(project):
    """A small diagram: two primary drivers, two secondaries under the first, three ideas."""
    warm = Driver.objects.create(project=project, kind="primary", text="Warm chain", order=0)
    staff = Driver.objects.create(project=project, kind="primary", text="Staff", order=1)
    skin = Driver.objects.create(
        project=project, kind="secondary", parent=warm, text="Skin-to-skin", order=0
    )
    transfer = Driver.objects.create(
        project=project, kind="secondary", parent=warm, text="Transfer", order=1
    )
    hats = ChangeIdea.objects.create(project=project, driver=transfer, text="Hats", order=0)
    wraps = ChangeIdea.objects.create(project=project, driver=transfer, text="Wraps", order=1)
    towels = ChangeIdea.objects.create(project=project, driver=skin, text="Towels", order=0)
    return {
        "warm": warm,
        "staff": staff,
        "skin": skin,
        "transfer": transfer,
        "hats": hats,
        "wraps": wraps,
        "towels": towels,
    }


@pytest.fixture
def cycle(project, diagram):
    return PDSACycle.objects.create(
        project=project,
        change_idea=diagram["hats"],
        number=1,
        title="Hats in theatre",
        start_date=date(2024, 4, 8),
        objective="Hats on every baby from theatre",
        prediction="8 of 10",
    )


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
