"""The shared test world (conftest.py): built once per test database, each test rolling
back to it, so what one test changes can never reach another."""

import pytest

from qicommons.accounts.models import User
from qicommons.partnerships.models import Partnership
from qicommons.testing import EMAILS, PEOPLE, load_world


def test_a_test_that_does_not_ask_for_the_world_starts_from_an_empty_database(db):
    assert not Partnership.objects.exists()
    assert not User.objects.exists()


@pytest.mark.parametrize("attempt", [1, 2])
def test_each_test_gets_the_world_as_built_whatever_the_last_one_did(world, attempt):
    assert world.alpha.name == "Alpha link"
    assert world.users["lead"].full_name == "Alpha Lead"
    assert set(world.users) == set(PEOPLE) - {"anonymous"}
    # Changed in the database and in memory; both attempts see the world unchanged.
    world.alpha.name = "Changed"
    world.alpha.save()
    User.objects.filter(email=EMAILS["lead"]).update(full_name="Changed")


def test_the_world_is_read_afresh_from_the_database(world):
    again = load_world()
    assert again.alpha == world.alpha and again.alpha is not world.alpha
    assert {who: user.pk for who, user in again.users.items()} == {
        who: user.pk for who, user in world.users.items()
    }
