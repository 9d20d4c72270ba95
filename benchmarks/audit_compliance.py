"""Audit compliance over 1,000,000 case-criterion answers: one aggregate query vs Python.

Builds one audit (4 criteria, a baseline and a re-audit of 125,000 cases each) with
`bulk_create` in batches, then times compliance per cycle and criterion two ways in the
same process:

- aggregate: ONE query, GROUP BY cycle and criterion with conditional COUNTs
  (qicommons.audits.models.criterion_counts, what the pages use);
- baseline: every answer fetched into Python and counted in a loop.

Both must give the same counts. The all-or-none (per case) figure is timed too.

    python -m benchmarks.audit_compliance          # temporary SQLite file
    DATABASE_URL=postgres://... python -m benchmarks.audit_compliance

On PostgreSQL, point DATABASE_URL at a THROWAWAY database: the benchmark migrates it and
removes its rows at the end. AUDIT_BENCH_ANSWERS changes the size (default 1,000,000).
"""

import os
import shutil
import statistics
import tempfile
import time
import uuid

CRITERIA = 4
BATCH = 5_000
RUNS = 5


def _setup() -> str | None:
    """Configure Django; returns the temporary directory of the SQLite file, if any."""
    directory = None
    if not os.environ.get("DATABASE_URL"):
        directory = tempfile.mkdtemp(prefix="qicommons-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{os.path.join(directory, 'bench.sqlite3')}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qicommons.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return directory


def remove(audit) -> None:
    """Delete the benchmark's rows fast: a plain delete() would load a million answers
    into Python to write their history rows one by one."""
    from qicommons.audits.models import Answer, CaseRecord

    ids = _cycle_ids(audit)
    Answer.objects.filter(cycle_id__in=ids)._raw_delete(Answer.objects.db)
    CaseRecord.objects.filter(cycle_id__in=ids)._raw_delete(CaseRecord.objects.db)
    partnership = audit.partnership
    members = list(partnership.members.all())
    organisations = list(partnership.organisations.all())
    audit.delete()
    partnership.delete()
    for obj in members + organisations:
        obj.delete()


def build(n_answers: int):
    """An audit with n_answers answers (rounded down to whole cases) and its partnership."""
    import hashlib
    import random

    from qicommons.accounts.models import User
    from qicommons.audits.models import Answer, Audit, AuditCycle, CaseRecord, Criterion
    from qicommons.partnerships.models import Membership, Organisation, Partnership

    rng = random.Random(1998)
    org = Organisation.objects.create(name="Bench Hospital", country="MW", kind="hospital")
    tag = uuid.uuid4().hex[:12]  # a rerun on the same database must not collide
    partnership = Partnership.objects.create(name="Bench", slug=f"bench-{tag}")
    partnership.organisations.add(org)
    clinicians = []
    for i in range(5):
        user = User.objects.create_user(email=f"bench{i}-{tag}@bench.test")
        Membership.objects.create(user=user, partnership=partnership, role="member")
        clinicians.append(user)
    audit = Audit.objects.create(
        partnership=partnership, organisation=org, title="Bench", guideline_name="Bench"
    )
    criteria = [
        Criterion.objects.create(
            audit=audit, number=n, statement=f"C{n}", numerator="x", denominator="y"
        )
        for n in range(1, CRITERIA + 1)
    ]
    from datetime import date

    cycles = [
        AuditCycle.objects.create(
            audit=audit,
            kind=kind,
            label=kind,
            period_start=date(2025, m, 1),
            period_end=date(2025, m, 28),
        )
        for kind, m in (("baseline", 1), ("re_audit", 6))
    ]
    per_cycle = n_answers // CRITERIA // len(cycles)
    rates = {cycles[0].pk: 0.55, cycles[1].pk: 0.8}
    results = ["met", "not_met", "na", "exception"]
    for cycle in cycles:
        for start in range(0, per_cycle, BATCH):
            stop = min(start + BATCH, per_cycle)
            cases = CaseRecord.objects.bulk_create(
                CaseRecord(
                    cycle=cycle,
                    reference_hash=hashlib.sha256(f"{cycle.pk}-{i}".encode()).hexdigest(),
                    clinician=clinicians[i % 5],
                )
                for i in range(start, stop)
            )
            answers = []
            for case in cases:
                for criterion in criteria:
                    roll = rng.random()
                    if roll < 0.05:
                        result, reason = results[2], ""
                    elif roll < 0.07:
                        result, reason = results[3], "bench"
                    else:
                        met = rng.random() < rates[cycle.pk]
                        result, reason = results[0] if met else results[1], ""
                    answers.append(
                        Answer(
                            case=case,
                            cycle=cycle,
                            criterion=criterion,
                            result=result,
                            reason=reason,
                        )
                    )
            Answer.objects.bulk_create(answers, batch_size=BATCH)
    return audit


def _cycle_ids(audit) -> list[int]:
    return list(audit.cycles.values_list("pk", flat=True))


def aggregate(audit):
    """What the audit pages run: models.criterion_counts (one query once ids are known)."""
    from qicommons.audits.models import Answer, criterion_counts

    return criterion_counts(Answer.objects.filter(cycle_id__in=_cycle_ids(audit)))


def python_loop(audit):
    """The baseline: fetch every answer and count in Python."""
    from qicommons.audits.models import Answer

    counts: dict[tuple[int, int], list[int]] = {}
    rows = Answer.objects.filter(cycle_id__in=_cycle_ids(audit)).values_list(
        "cycle_id", "criterion_id", "result"
    )
    for cycle_id, criterion_id, result in rows.iterator(chunk_size=20_000):
        cell = counts.setdefault((cycle_id, criterion_id), [0, 0])
        if result == "met":
            cell[0] += 1
            cell[1] += 1
        elif result == "not_met":
            cell[1] += 1
    return {key: tuple(value) for key, value in counts.items()}


def all_or_none(audit):
    from qicommons.audits.models import CaseRecord, case_counts

    return case_counts(CaseRecord.objects.filter(cycle__audit=audit))


def _time(func, audit, runs=RUNS):
    times, value = [], None
    for _ in range(runs):
        started = time.perf_counter()
        value = func(audit)
        times.append(time.perf_counter() - started)
    return statistics.median(times), value


def run():
    directory = _setup()
    from django.db import connection

    n = int(os.environ.get("AUDIT_BENCH_ANSWERS", "1000000"))
    vendor = f"{connection.vendor} {connection.Database.__name__}"
    print(f"   database: {vendor}; building {n:,} answers...")
    started = time.perf_counter()
    audit = build(n)
    from qicommons.audits.models import Answer

    total = Answer.objects.filter(cycle__audit=audit).count()
    print(f"   built {total:,} answers in {time.perf_counter() - started:.1f} s")
    if connection.vendor == "postgresql":
        # What autovacuum would have done to a table this size long before anyone read
        # it: fresh statistics and a visibility map, so index-only scans are possible.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE audits_answer")
            cursor.execute("VACUUM ANALYZE audits_caserecord")
    try:
        fast, counts = _time(aggregate, audit)
        slow, expected = _time(python_loop, audit, runs=3)
        cases, _value = _time(all_or_none, audit)
        assert counts == expected, "the aggregate and the Python loop disagree"
        print(f"   aggregate query (per cycle x criterion): {fast * 1000:9.1f} ms (median)")
        print(f"   baseline, rows into Python and a loop:   {slow * 1000:9.1f} ms (median)")
        print(f"   ratio baseline / aggregate:              {slow / fast:9.1f} x")
        print(f"   all-or-none per case (one query):        {cases * 1000:9.1f} ms (median)")
    finally:
        if directory:  # a temporary SQLite file: throw the whole file away
            connection.close()
            shutil.rmtree(directory, ignore_errors=True)
        else:
            remove(audit)


if __name__ == "__main__":
    run()
