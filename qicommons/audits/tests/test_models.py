from datetime import date, timedelta

import pytest
from django.db import IntegrityError, models

from qicommons.audits.actions import DuplicateCase
from qicommons.audits.models import (
    ActionItem,
    Answer,
    AuditCycle,
    CaseRecord,
    PartnershipSecret,
    Results,
    hash_case_reference,
    overdue_actions,
)

from .factories import add_case, make_action, make_audit, make_cycle


class TestCaseReferenceHash:
    def test_it_makes_one_key_per_partnership_on_first_use(self, world):
        assert not PartnershipSecret.objects.exists()
        first = hash_case_reference(world.alpha, "REG-123")
        assert PartnershipSecret.objects.count() == 1
        assert hash_case_reference(world.alpha, "REG-123") == first
        assert PartnershipSecret.objects.count() == 1

    def test_it_ignores_case_spacing_and_punctuation(self, world):
        assert hash_case_reference(world.alpha, "reg 123") == hash_case_reference(
            world.alpha, "REG-123"
        )

    def test_it_differs_between_partnerships(self, world):
        assert hash_case_reference(world.alpha, "REG-123") != hash_case_reference(
            world.beta, "REG-123"
        )

    def test_it_is_not_a_plain_hash_of_the_reference(self, world):
        import hashlib

        digest = hash_case_reference(world.alpha, "REG123")
        assert digest != hashlib.sha256(b"REG123").hexdigest()
        assert len(digest) == 64

    def test_it_stores_no_reference_in_the_clear_even_in_history(self, world):
        audit = make_audit(world.alpha)
        cycle = make_cycle(audit)
        add_case(cycle, "HOSP-99887766", ["met", "met", "met"])
        for model in (CaseRecord, CaseRecord.history.model, Answer, Answer.history.model):
            for row in model.objects.values():
                assert "99887766" not in repr(row)

    def test_it_catches_the_same_case_twice_in_a_cycle(self, world):
        cycle = make_cycle(make_audit(world.alpha))
        add_case(cycle, "REG-1", ["met", "met", "met"])
        with pytest.raises(DuplicateCase):
            add_case(cycle, "reg 1", ["met", "met", "met"])
        assert cycle.cases.count() == 1

    def test_the_database_refuses_a_duplicate_too(self, world):
        cycle = make_cycle(make_audit(world.alpha))
        CaseRecord.objects.create(cycle=cycle, reference_hash="b" * 64)
        with pytest.raises(IntegrityError):
            CaseRecord.objects.create(cycle=cycle, reference_hash="b" * 64)


class TestCompliance:
    def test_it_leaves_not_applicable_and_exceptions_out_of_the_denominator(self, world):
        audit = make_audit(world.alpha, n_criteria=1)
        cycle = make_cycle(audit)
        for i, result in enumerate(["met", "met", "not_met", "na", "exception"]):
            add_case(cycle, f"R{i}", [result])
        results = Results(audit)
        p = results.proportion(cycle, audit.criteria.get())
        assert (p.successes, p.trials) == (2, 3)

    def test_overall_counts_a_case_only_if_every_applicable_criterion_is_met(self, world):
        audit = make_audit(world.alpha, n_criteria=3)
        cycle = make_cycle(audit)
        add_case(cycle, "A", ["met", "met", "met"])  # compliant
        add_case(cycle, "B", ["met", "na", "exception"])  # compliant: only C1 applied
        add_case(cycle, "C", ["met", "not_met", "met"])  # not compliant
        add_case(cycle, "D", ["na", "na", "exception"])  # nothing applied: not counted
        overall = Results(audit).proportion(cycle)
        assert (overall.successes, overall.trials) == (2, 3)

    def test_it_computes_every_cycle_and_criterion_in_two_queries(
        self, world, django_assert_num_queries
    ):
        audit = make_audit(world.alpha)
        for label in ("Baseline", "Re-audit 1", "Re-audit 2"):
            kind = "baseline" if label == "Baseline" else "re_audit"
            cycle = make_cycle(audit, kind=kind, label=label)
            for i in range(5):
                add_case(cycle, f"{label}{i}", ["met", "not_met", "met"])
        cycles, criteria = list(audit.cycles.all()), list(audit.criteria.all())
        with django_assert_num_queries(2):
            results = Results(audit, cycles=cycles, criteria=criteria)
            table = results.table()
        assert len(table) == 4 and all(len(cells) == 3 for _c, _t, cells in table)

    def test_it_compares_each_re_audit_with_the_baseline(self, world):
        audit = make_audit(world.alpha, n_criteria=1)
        base = make_cycle(audit)
        again = make_cycle(audit, kind="re_audit", label="Re-audit", start=date(2025, 6, 1))
        for i in range(10):
            add_case(base, f"b{i}", ["met" if i < 3 else "not_met"])
            add_case(again, f"a{i}", ["met" if i < 9 else "not_met"])
        [(cycle, rows)] = Results(audit).comparisons()
        criterion, diff = rows[0]
        assert cycle == again
        assert round(diff.estimate, 2) == 0.6
        # Newcombe 1998b, Table II example (b): 9/10 vs 3/10 -> 0.1705 to 0.8090
        assert (round(diff.lower, 4), round(diff.upper, 4)) == (0.1705, 0.8090)
        assert diff.p_value < 0.05


class TestOverdue:
    def test_an_open_action_past_its_due_date_is_overdue(self, world):
        late = make_action(world.alpha, due=date.today() - timedelta(days=1))
        done = make_action(
            world.alpha, due=date.today() - timedelta(days=9), status=ActionItem.Status.DONE
        )
        future = make_action(world.alpha, due=date.today() + timedelta(days=9))
        assert late.is_overdue and not done.is_overdue and not future.is_overdue
        assert list(overdue_actions(ActionItem.objects.all())) == [late]

    def test_an_audit_past_its_planned_completion_is_overdue_until_closed(self, world):
        audit = make_audit(world.alpha, planned_end=date.today() - timedelta(days=1))
        assert audit.is_overdue
        audit.status = audit.Status.COMPLETED
        assert not audit.is_overdue


def test_an_exception_without_a_reason_is_refused_by_the_database(world):
    cycle = make_cycle(make_audit(world.alpha, n_criteria=1))
    case = CaseRecord.objects.create(cycle=cycle, reference_hash="c" * 64)
    with pytest.raises(IntegrityError):
        Answer.objects.create(
            case=case,
            cycle=cycle,
            criterion=cycle.audit.criteria.get(),
            result="exception",
            reason="",
        )


def test_every_answer_carries_its_cases_cycle(world):
    cycle = make_cycle(make_audit(world.alpha))
    add_case(cycle, "R1", ["met", "na", "not_met"])
    assert set(Answer.objects.values_list("cycle_id", flat=True)) == {cycle.pk}
    assert not Answer.objects.exclude(cycle_id=models.F("case__cycle_id")).exists()


def test_a_cycle_kind_is_baseline_or_re_audit():
    assert {k for k, _ in AuditCycle.Kind.choices} == {"baseline", "re_audit"}
