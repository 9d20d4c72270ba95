from qicommons.audits.models import ActionItem, Audit, CaseReview, Feedback, Meeting, Results
from qicommons.core.demo import load_demo


def test_the_demo_has_an_improving_partograph_audit_and_peer_review(db):
    load_demo()
    audit = Audit.objects.get(title="Partograph use in labour")
    results = Results(audit)
    assert [c.cases.count() for c in results.cycles] == [40, 40]
    [(_cycle, rows)] = results.comparisons()
    overall = rows[-1][1]
    assert overall.estimate > 0 and overall.lower > 0  # a real, not chance, improvement
    assert sum(a.is_overdue for a in ActionItem.objects.filter(audit=audit)) == 1
    assert Meeting.objects.get().reviews.count() == 2
    assert CaseReview.objects.filter(died=True, avoidability__isnull=False).count() == 1
    assert Feedback.objects.get().clinician.email == "member@demo.qicommons.org"
