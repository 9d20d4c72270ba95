import pytest

from qicommons.lib import keywrap

KEY = bytes(range(32))


def test_a_wrapped_key_comes_back_only_under_its_secret():
    wrapped = keywrap.wrap(KEY, b"current")
    assert keywrap.unwrap(wrapped, [b"older", b"current"]) == KEY
    with pytest.raises(keywrap.WrongSecret):
        keywrap.unwrap(wrapped, [b"older", b"guess"])


def test_the_stored_text_holds_no_trace_of_the_key():
    wrapped = keywrap.wrap(KEY, b"current")
    assert KEY.hex() not in wrapped
    assert keywrap.wrap(KEY, b"current") != wrapped  # a fresh salt each time


def test_a_changed_byte_is_refused_rather_than_giving_another_key():
    wrapped = keywrap.wrap(KEY, b"current")
    flipped = wrapped[:10] + ("A" if wrapped[10] != "A" else "B") + wrapped[11:]
    with pytest.raises(keywrap.WrongSecret):
        keywrap.unwrap(flipped, [b"current"])
    with pytest.raises(keywrap.WrongSecret):
        keywrap.unwrap("not a key", [b"current"])
