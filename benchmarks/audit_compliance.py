"""Audit compliance over 1,000,000 case-criterion answers: one aggregate query vs Python.

Builds one audit (4 criteria, a baseline and a re-audit of 125,000 cases each) and times
compliance per cycle and criterion two ways in the same process:

- aggregate: ONE query, GROUP BY cycle and criterion with conditional COUNTs
  (qicommons.audits.models.criterion_counts, what the pages use);
- baseline: every answer fetched into Python and counted in a loop.

Both must give the same counts. The all-or-none (per case) figure is timed too.

    python -m benchmarks audit_compliance     # or: python -m benchmarks.audit_compliance

runs it on a temporary SQLite file and then on PostgreSQL, and ends with one table.
PostgreSQL is, in order: DATABASE_URL if it points at PostgreSQL (a THROWAWAY database,
please: the benchmark migrates it and removes its rows at the end); else a throwaway
cluster the benchmark starts itself from the PostgreSQL 15 server binaries (PG_BIN,
default /usr/lib/postgresql/15/bin; as root it runs them as the `postgres` user, as
.ci/run does) and stops and deletes at the end, whatever happens; else it is skipped.
Each database is measured in a child process, since Django is set up once per process.
AUDIT_BENCH_ANSWERS changes the size (default 1,000,000).
"""

import json
import os
import pwd
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

CRITERIA = 4
BATCH = 5_000
RUNS = 5


def _setup() -> None:
    """Configure Django on the DATABASE_URL the parent process chose, and migrate."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qicommons.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


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
    from qicommons.audits.models import Audit, AuditCycle, CaseRecord, Criterion
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
            rows = []
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
                    rows.append((case.pk, cycle.pk, criterion.pk, result, reason))
            _insert_answers(rows)
    return audit


def _insert_answers(rows) -> None:
    """Plain rows straight into the answers table: a million model instances through
    bulk_create took most of the benchmark's time, and only the reading is measured.
    COPY on PostgreSQL, a prepared INSERT run for every row elsewhere."""
    from django.db import connection

    from qicommons.audits.models import Answer

    table = connection.ops.quote_name(Answer._meta.db_table)
    columns = "case_id, cycle_id, criterion_id, result, reason"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s)", rows)


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


def measure() -> dict:
    """In a child process: build, time and check on DATABASE_URL; returns the figures."""
    _setup()
    from django.db import connection

    n = int(os.environ.get("AUDIT_BENCH_ANSWERS", "1000000"))
    vendor = f"{connection.vendor} {connection.Database.__name__}"  # type: ignore[attr-defined]
    print(f"   database: {vendor}; building {n:,} answers...", flush=True)
    started = time.perf_counter()
    from django.db import transaction

    # One transaction: in autocommit, SQLite would sync the file to disk after every row.
    with transaction.atomic():
        audit = build(n)
    from qicommons.audits.models import Answer

    try:
        total = Answer.objects.filter(cycle__audit=audit).count()
        print(f"   built {total:,} answers in {time.perf_counter() - started:.1f} s", flush=True)
        if connection.vendor == "postgresql":
            # What autovacuum would have done to a table this size long before anyone
            # read it: fresh statistics and a visibility map, so index-only scans are
            # possible.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE audits_answer")
                cursor.execute("VACUUM ANALYZE audits_caserecord")
        else:
            # SQLite's planner statistics, for the same reason.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        fast, counts = _time(aggregate, audit)
        slow, expected = _time(python_loop, audit, runs=3)
        cases, _value = _time(all_or_none, audit)
        assert counts == expected, "the aggregate and the Python loop disagree"
        print(f"   aggregate query (per cycle x criterion): {fast * 1000:9.1f} ms (median)")
        print(f"   baseline, rows into Python and a loop:   {slow * 1000:9.1f} ms (median)")
        print(f"   ratio baseline / aggregate:              {slow / fast:9.1f} x")
        print(f"   all-or-none per case (one query):        {cases * 1000:9.1f} ms (median)")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                version = cursor.fetchone()[0].split()[0]
            name = f"PostgreSQL {version}"
        else:
            name = f"SQLite {connection.Database.sqlite_version} (file)"  # type: ignore[attr-defined]
        return {
            "database": name,
            "answers": total,
            "aggregate": fast,
            "loop": slow,
            "all_or_none": cases,
        }
    finally:
        if os.environ.get("AUDIT_BENCH_THROWAWAY") != "1":
            remove(audit)
        connection.close()


# --- The parent process: one child per database, then one table ----------------------

RESULT = "AUDIT_BENCH_RESULT "


def _child(label: str, database_url: str, throwaway: bool) -> dict:
    """Run measure() in a child process on database_url, echoing what it prints."""
    env = dict(os.environ, DATABASE_URL=database_url, AUDIT_BENCH_THROWAWAY=str(int(throwaway)))
    print(f"   -- {label}", flush=True)
    child = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.audit_compliance", "--measure"],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
    )
    figures = None
    assert child.stdout is not None  # stdout=PIPE
    try:
        for line in child.stdout:
            if line.startswith(RESULT):
                figures = json.loads(line[len(RESULT) :])
            else:
                print(line, end="", flush=True)
        if child.wait() != 0 or figures is None:
            raise RuntimeError(f"the benchmark on {label} failed (exit {child.returncode})")
    finally:
        if child.poll() is None:  # interrupted while the child still runs
            child.kill()
            child.wait()
    return figures


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ThrowawayPostgres:
    """A PostgreSQL cluster in a temporary folder, on a free port, with trust auth, the
    way .ci/run starts one. initdb refuses to run as root, so as root every server
    command runs as the `postgres` user through runuser."""

    def __init__(self, bin_dir: str):
        self.bin_dir = bin_dir
        self.folder = ""
        self.started = False
        self.prefix: list[str] = []
        self.owner = None
        if os.geteuid() == 0:
            self.owner = pwd.getpwnam("postgres")
            self.prefix = ["runuser", "-u", "postgres", "--"]

    @staticmethod
    def available(bin_dir: str) -> str | None:
        """Why the cluster cannot be started here, or None if it can."""
        if not os.path.exists(os.path.join(bin_dir, "initdb")):
            return f"no PostgreSQL server binaries in {bin_dir}"
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                return "running as root and there is no `postgres` user to run the server"
        return None

    def _run(self, *args: str) -> None:
        command = [*self.prefix, os.path.join(self.bin_dir, args[0]), *args[1:]]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, timeout=120)

    def start(self) -> str:
        self.folder = tempfile.mkdtemp(prefix="qicommons-bench-pg-")
        if self.owner:
            os.chown(self.folder, self.owner.pw_uid, self.owner.pw_gid)
        data, port = os.path.join(self.folder, "data"), _free_port()
        self._run("initdb", "-D", data, "-U", "bench", "--auth=trust", "-E", "UTF8")
        options = f"-p {port} -k {self.folder} -c listen_addresses=127.0.0.1"
        # Durability off, as in CI: it only speeds up building the rows, not reading them.
        options += " -c fsync=off -c full_page_writes=off"
        self.started = True  # from here on, stop() must try pg_ctl stop
        log = os.path.join(self.folder, "server.log")
        self._run("pg_ctl", "-D", data, "-l", log, "-w", "-o", options, "start")
        self._run("createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "bench", "bench")
        return f"postgres://bench@127.0.0.1:{port}/bench"

    def stop(self) -> None:
        try:
            if self.started:
                data = os.path.join(self.folder, "data")
                try:
                    self._run("pg_ctl", "-D", data, "-m", "fast", "-w", "stop")
                except (subprocess.SubprocessError, OSError):
                    self._run("pg_ctl", "-D", data, "-m", "immediate", "-w", "stop")
        finally:
            if self.folder:
                shutil.rmtree(self.folder, ignore_errors=True)


def _table(rows: list[dict]) -> str:
    lines = [
        "| database | aggregate (one query) | rows into Python + loop | ratio "
        "| all-or-none per case |",
        "|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['database']} | {r['aggregate'] * 1000:,.0f} ms | {r['loop'] * 1000:,.0f} ms "
            f"| {r['loop'] / r['aggregate']:.1f}x | {r['all_or_none'] * 1000:,.0f} ms |"
        )
    return "\n".join(lines)


def _interrupted(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def run():
    rows, skipped = [], []
    # A plain `kill` must still stop the cluster and delete the folders: turn SIGTERM
    # into an exception, so the `finally` below runs.
    previous = signal.signal(signal.SIGTERM, _interrupted)
    sqlite_folder = tempfile.mkdtemp(prefix="qicommons-bench-")
    cluster = None
    try:
        url = f"sqlite:///{os.path.join(sqlite_folder, 'bench.sqlite3')}"
        rows.append(_child("SQLite, temporary file", url, throwaway=True))

        given = os.environ.get("DATABASE_URL", "")
        bin_dir = os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin")
        if given.startswith(("postgres://", "postgresql://")):
            rows.append(_child("PostgreSQL from DATABASE_URL", given, throwaway=False))
        elif (why := ThrowawayPostgres.available(bin_dir)) is None:
            cluster = ThrowawayPostgres(bin_dir)
            print("   -- starting a throwaway PostgreSQL cluster", flush=True)
            url = cluster.start()
            rows.append(_child("PostgreSQL, throwaway cluster", url, throwaway=True))
        else:
            skipped.append(f"PostgreSQL skipped: {why}")
    finally:
        try:
            if cluster:
                cluster.stop()
        finally:
            shutil.rmtree(sqlite_folder, ignore_errors=True)
            signal.signal(signal.SIGTERM, previous)
    print()
    print(f"   {rows[0]['answers']:,} answers; medians of 5 runs (loop: 3 runs)")
    print("   " + _table(rows).replace("\n", "\n   "))
    for line in skipped:
        print(f"   ({line})")


if __name__ == "__main__":
    if sys.argv[1:] == ["--measure"]:
        figures = measure()
        print(RESULT + json.dumps(figures), flush=True)
    else:
        run()
