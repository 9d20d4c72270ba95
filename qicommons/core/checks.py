"""Deployment checks of our own, run by `manage.py check --deploy` beside Django's."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "0.0.0.0"}  # noqa: S104 (names, not a bind)


@register(Tags.security, deploy=True)
def check_site_url(app_configs=None, **kwargs) -> list[Warning]:
    """Emailed invitation and password-reset links start with SITE_URL: on a real site
    it must be its public https address, or every link would point at the wrong place
    (or send a token over plain http)."""
    url = urlsplit(settings.SITE_URL)
    problems = []
    if url.scheme != "https":
        problems.append("does not start with https://")
    if (url.hostname or "") in LOCAL_HOSTS or not url.hostname:
        problems.append("names no public host")
    if not problems:
        return []
    return [
        Warning(
            f"SITE_URL ({settings.SITE_URL!r}) {' and '.join(problems)}.",
            hint="Set SITE_URL to the address people use, for example https://qi.example.org.",
            id="qicommons.W001",
        )
    ]
