import io

import pytest
from django.core.management import CommandError, call_command

from qicommons.accounts.models import User
from qicommons.core.demo import DEMO_ADMIN, DEMO_PASSWORD, DEMO_PEOPLE
from qicommons.partnerships.models import Invitation, Partnership, Role


@pytest.fixture
def demo(db, settings):
    settings.DEBUG = True
    call_command("load_demo", "--if-empty", stdout=io.StringIO())


def test_it_loads_two_partnerships_of_two_countries_each(demo):
    for partnership in Partnership.objects.all():
        countries = {org.country.code for org in partnership.organisations.all()}
        assert len(countries) == 2, partnership
    assert set(Partnership.objects.values_list("slug", flat=True)) == {
        "zomba-northshire",
        "mbale-bristol",
    }


def test_it_has_a_user_for_every_role_and_programme_staff(demo):
    zomba = Partnership.objects.get(slug="zomba-northshire")
    assert set(zomba.memberships.values_list("role", flat=True)) == set(Role.values)
    assert User.objects.filter(is_programme_staff=True, memberships=None).exists()
    for email, *_ in DEMO_PEOPLE:
        assert User.objects.get(email=email).check_password(DEMO_PASSWORD)
    assert User.objects.get(email=DEMO_ADMIN[0]).is_superuser


def test_it_has_a_history_and_a_pending_invitation(demo):
    zomba = Partnership.objects.get(slug="zomba-northshire")
    phases = [record.phase for record in zomba.history.order_by("history_date", "history_id")]
    assert phases[0] == "development"
    assert phases[-1] == "improvement"
    assert Invitation.objects.pending().count() == 1


def test_it_loads_only_into_an_empty_database(demo):
    call_command("load_demo", "--if-empty", stdout=io.StringIO())
    assert Partnership.objects.count() == 2
    with pytest.raises(CommandError, match="already has partnerships"):
        call_command("load_demo")


def test_it_refuses_to_load_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo", "--if-empty")
    assert not Partnership.objects.exists()


def test_every_change_in_the_demo_names_who_made_it(demo):
    from qicommons.lib.history import tracked_models

    for model in tracked_models():
        history = getattr(model, model._meta.simple_history_manager_attribute)
        assert not history.filter(history_user=None).exists(), model.__name__
