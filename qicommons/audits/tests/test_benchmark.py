from benchmarks.audit_compliance import aggregate, all_or_none, build, python_loop, remove
from qicommons.audits.models import Answer, Audit, CaseRecord


def test_the_benchmark_aggregate_matches_the_python_loop_in_one_query(
    db, django_assert_num_queries
):
    audit = build(2_000)
    with django_assert_num_queries(2):  # the audit's cycle ids, then the one aggregate
        counts = aggregate(audit)
    assert counts == python_loop(audit)
    assert sum(eligible for _met, eligible in counts.values()) > 1_500
    met, eligible = all_or_none(audit)[audit.cycles.first().pk]
    assert 0 < met < eligible <= 250
    remove(audit)
    assert not (Answer.objects.exists() or CaseRecord.objects.exists() or Audit.objects.exists())


def test_the_benchmark_ends_with_one_table_of_every_database():
    from benchmarks.audit_compliance import _table

    rows = [
        {"database": "SQLite", "aggregate": 0.25, "loop": 1.5, "all_or_none": 0.9},
        {"database": "PostgreSQL 15.0", "aggregate": 0.2, "loop": 1.6, "all_or_none": 1.5},
    ]
    lines = _table(rows).splitlines()
    assert lines[0].startswith("| database | aggregate (one query) | rows into Python")
    assert lines[2] == "| SQLite | 250 ms | 1,500 ms | 6.0x | 900 ms |"
    assert lines[3] == "| PostgreSQL 15.0 | 200 ms | 1,600 ms | 8.0x | 1,500 ms |"


def test_the_benchmark_skips_postgresql_without_its_server_binaries(tmp_path):
    from benchmarks.audit_compliance import ThrowawayPostgres

    assert "no PostgreSQL server binaries" in ThrowawayPostgres.available(str(tmp_path))
