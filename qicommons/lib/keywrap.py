"""Keys kept in the database only wrapped (encrypted and authenticated) under a secret
that is not in the database, so a copy of the database alone unlocks nothing.

Encrypt-then-MAC from the standard library: HMAC-SHA256 as the pseudo-random function of
a one-block counter-mode stream (NIST SP 800-108's key derivation from one secret into
an encryption and an authentication key, then SP 800-38A's counter mode with a fresh
random salt per wrap), and an HMAC-SHA256 tag over the salt and ciphertext.

>>> secret = b"an environment secret"
>>> key = bytes(range(32))
>>> unwrap(wrap(key, secret), [secret]) == key
True
>>> unwrap(wrap(key, secret), [b"another secret"])
Traceback (most recent call last):
...
qicommons.lib.keywrap.WrongSecret: the key was wrapped under none of the secrets given
"""

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable

VERSION = "w1"
KEY_BYTES, SALT_BYTES, TAG_BYTES = 32, 16, 16


class WrongSecret(ValueError):
    pass


def _derive(secret: bytes, purpose: bytes) -> bytes:
    return hmac.new(secret, b"qicommons key wrap\x00" + purpose, hashlib.sha256).digest()


def _stream(secret: bytes, salt: bytes) -> bytes:
    return hmac.new(_derive(secret, b"encrypt"), salt, hashlib.sha256).digest()


def _tag(secret: bytes, body: bytes) -> bytes:
    return hmac.new(_derive(secret, b"authenticate"), body, hashlib.sha256).digest()[:TAG_BYTES]


def wrap(key: bytes, secret: bytes) -> str:
    """The 32-byte key as text to store, unreadable without `secret`."""
    if len(key) != KEY_BYTES:
        raise ValueError("only 32-byte keys are wrapped")
    salt = secrets.token_bytes(SALT_BYTES)
    body = salt + bytes(a ^ b for a, b in zip(key, _stream(secret, salt), strict=True))
    return f"{VERSION}${base64.urlsafe_b64encode(body + _tag(secret, body)).decode()}"


def unwrap(wrapped: str, candidates: Iterable[bytes]) -> bytes:
    """The key, under the first of the candidate secrets (the current one, then older
    ones while a rotation is under way) whose tag matches."""
    version, _, text = wrapped.partition("$")
    raw = base64.urlsafe_b64decode(text.encode()) if version == VERSION else b""
    if len(raw) != SALT_BYTES + KEY_BYTES + TAG_BYTES:
        raise WrongSecret("not a wrapped key")
    body, tag = raw[:-TAG_BYTES], raw[-TAG_BYTES:]
    salt, sealed = body[:SALT_BYTES], body[SALT_BYTES:]
    for secret in candidates:
        if hmac.compare_digest(tag, _tag(secret, body)):
            return bytes(a ^ b for a, b in zip(sealed, _stream(secret, salt), strict=True))
    raise WrongSecret("the key was wrapped under none of the secrets given")
