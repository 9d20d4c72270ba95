"""Who signs in and from which address, for django-axes' lockouts.

Behind reverse proxies (a load balancer, nginx), REMOTE_ADDR is the proxy's address for
everyone: an attacker's five wrong passwords would lock the account for the whole
hospital. With ``TRUSTED_PROXIES=n`` in the environment, the address is read from
X-Forwarded-For instead, counting n entries from the right: each proxy appends the
address it saw, so the entries on the right are the trusted proxies' own and cannot be
forged by the client (who can only add entries on the left).
"""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, e.g. with TRUSTED_PROXIES=1 and a header
    ``X-Forwarded-For: 6.6.6.6, 203.0.113.7`` (the first is forged), 203.0.113.7."""
    count = settings.TRUSTED_PROXIES
    if count:
        header = request.META.get("HTTP_X_FORWARDED_FOR", "")
        forwarded = [part.strip() for part in header.split(",") if part.strip()]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")


def username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    """The typed e-mail as the account it names: sign-in ignores case and spaces around
    the address, so the failure count must too, or ``VIEWER@…`` guesses on after
    ``viewer@…`` is locked.

    >>> username(HttpRequest(), {"username": "  Nurse@Example.ORG "})
    'nurse@example.org'
    """
    source = credentials if credentials is not None else request.POST
    typed = source.get(settings.AXES_USERNAME_FORM_FIELD)
    return typed.strip().casefold() if isinstance(typed, str) else None


def within_limit(kind: str, who: str, *, limit: int, seconds: int) -> bool:
    """Count one more request of ``kind`` by ``who`` in a fixed window of ``seconds``;
    False once more than ``limit`` have come. The count lives in the cache, which
    production shares between workers (see the README on caches)."""
    key = f"qi:limit:{kind}:{who}"
    if cache.add(key, 1, seconds):
        return True
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the window ended between add and incr
        cache.add(key, 1, seconds)
        return True
