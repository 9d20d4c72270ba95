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
