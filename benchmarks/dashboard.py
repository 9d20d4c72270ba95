"""A project dashboard of 12 measures with 260 weekly points each, cold and warm cache.

Cold: the cache is emptied before each view, so every chart is computed by the SPC
engine and drawn. Warm: the same page again, every chart read from the cache. The
ratio warm/cold is how much of the cost the content-hash cache removes.

Runs on a private in-memory SQLite database and the local-memory cache.
"""

import os
import statistics
import time

MEASURES, POINTS = 12, 260
COLD_RUNS, WARM_RUNS = 3, 20


def _setup():
    from django.conf import settings

    if settings.configured and settings.DATABASES["default"]["NAME"] != ":memory:":
        # Another benchmark set Django up on a real database: never fill that with data.
        raise SystemExit("dashboard: Django is already set up on a real database")
    os.environ["DATABASE_URL"] = "sqlite://:memory:"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qicommons.settings")
    os.environ["CACHE_BACKEND"] = "django.core.cache.backends.locmem.LocMemCache"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _world():
    from datetime import date, timedelta

    import numpy as np

    from qicommons.accounts.models import User
    from qicommons.measures.models import DataPoint, Measure
    from qicommons.partnerships.models import Membership, Organisation, Partnership
    from qicommons.projects.models import Project

    org = Organisation.objects.create(name="Bench Hospital", country="MW", kind="hospital")
    partnership = Partnership.objects.create(name="Bench", slug="bench")
    partnership.organisations.add(org)
    user = User.objects.create_user(email="bench@example.org")
    Membership.objects.create(user=user, partnership=partnership, role="viewer")
    project = Project.objects.create(partnership=partnership, organisation=org, title="Bench")
    rng = np.random.default_rng(260)
    start = date(2021, 1, 4)
    for i in range(MEASURES):
        measure = Measure.objects.create(
            project=project,
            name=f"Measure {i + 1}",
            kind=("outcome", "process", "balancing")[i % 3],
            data_type="proportion",
            numerator="events",
            denominator="cases",
            frequency="weekly",
            direction="down",
            multiply=100,
        )
        sizes = rng.integers(20, 60, POINTS)
        rate = np.where(np.arange(POINTS) < POINTS // 2, 0.3, 0.22)
        events = rng.binomial(sizes, rate)
        DataPoint.objects.bulk_create(
            DataPoint(
                measure=measure,
                period=start + timedelta(weeks=k),
                value=float(events[k]),
                denominator=float(sizes[k]),
            )
            for k in range(POINTS)
        )
    return user, project


def _time_view(client, url) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    assert response.content.count(b"<svg") == MEASURES
    return elapsed


def run() -> None:
    _setup()
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    user, project = _world()
    client = Client()
    client.force_login(user)
    url = reverse("measures:dashboard", args=[project.partnership.slug, project.pk])
    _time_view(client, url)  # imports matplotlib and warms Django, outside the figures
    cold = []
    for _ in range(COLD_RUNS):
        cache.clear()
        cold.append(_time_view(client, url))
    warm = [_time_view(client, url) for _ in range(WARM_RUNS)]
    cold_ms, warm_ms = statistics.median(cold) * 1000, statistics.median(warm) * 1000
    print(f"   dashboard of {MEASURES} measures x {POINTS} weekly points")
    print(f"   cold cache: {cold_ms:8.1f} ms per dashboard (median of {COLD_RUNS})")
    print(f"   warm cache: {warm_ms:8.1f} ms per dashboard (median of {WARM_RUNS})")
    print(f"   ratio warm/cold: {warm_ms / cold_ms:.4f} ({cold_ms / warm_ms:.0f}x faster warm)")
