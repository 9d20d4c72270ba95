"""A copy of the database alone cannot match a case reference: the per-partnership key
is stored only wrapped under CASE_REFERENCE_SECRET, which lives in the environment."""

import base64
import hashlib
import hmac

import pytest
from django.core.management import call_command

from qicommons.audits.models import (
    CaseRecord,
    PartnershipSecret,
    hash_case_reference,
    normalise_reference,
)
from qicommons.lib import keywrap

from .factories import add_case, make_audit, make_cycle

REFERENCE = "IP-20231187"


@pytest.fixture
def recorded(world, settings):
    settings.CASE_REFERENCE_SECRET = "the environment's secret"
    settings.CASE_REFERENCE_SECRET_FALLBACKS = []
    PartnershipSecret.objects.filter(partnership=world.alpha).delete()
    add_case(make_cycle(make_audit(world.alpha)), REFERENCE, ["met", "met", "met"])
    return world.alpha


def test_everything_the_database_holds_fails_to_match_a_known_reference(recorded):
    stored = CaseRecord.objects.get().reference_hash
    wrapped = PartnershipSecret.objects.get(partnership=recorded).wrapped_key
    blob = base64.urlsafe_b64decode(wrapped.partition("$")[2])
    # Every 32-byte window of what is stored, tried as the key.
    guesses = [blob[i : i + 32] for i in range(len(blob) - 31)] + [wrapped.encode()]
    message = normalise_reference(REFERENCE).encode()
    assert all(hmac.new(guess, message, hashlib.sha256).hexdigest() != stored for guess in guesses)
    # ...while the app, holding the environment's secret as well, still matches it.
    assert hash_case_reference(recorded, REFERENCE) == stored


def test_without_the_secret_the_key_cannot_be_unwrapped(recorded, settings):
    settings.CASE_REFERENCE_SECRET = "a thief's guess"
    with pytest.raises(keywrap.WrongSecret):
        hash_case_reference(recorded, REFERENCE)


def test_a_rotated_secret_keeps_every_reference_matching(recorded, settings, capsys):
    stored = CaseRecord.objects.get().reference_hash
    settings.CASE_REFERENCE_SECRET = "the new secret"
    settings.CASE_REFERENCE_SECRET_FALLBACKS = ["the environment's secret"]
    assert hash_case_reference(recorded, REFERENCE) == stored

    call_command("rewrap_case_keys")
    assert "1 of" in capsys.readouterr().out
    settings.CASE_REFERENCE_SECRET_FALLBACKS = []
    assert hash_case_reference(recorded, REFERENCE) == stored
    settings.CASE_REFERENCE_SECRET = "the environment's secret"
    with pytest.raises(keywrap.WrongSecret):
        hash_case_reference(recorded, REFERENCE)
