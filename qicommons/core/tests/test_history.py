from django.db import connection
from django.test.utils import CaptureQueriesContext

from qicommons.lib.history import (
    history_entries,
    history_rows,
    latest,
    object_history,
    recent_activity,
    render_history,
    tracked_models,
    with_related,
)
from qicommons.partnerships import actions
from qicommons.partnerships.models import Invitation, Membership, Partnership, Role
from qicommons.testing import make_invitation


def edit(partnership, by, **fields):
    for name, value in fields.items():
        setattr(partnership, name, value)
    partnership._history_user = by
    partnership.save()


class TestHistoryRows:
    def test_it_lists_who_changed_which_field_from_what_to_what(self, world):
        lead = world.users["lead"]
        edit(world.alpha, lead, phase="evaluation", description="Now evaluating")

        rows = object_history(world.alpha)

        changed = [row for row in rows if row.who == lead]
        assert {(row.field, row.old, row.new) for row in changed} == {
            ("twinning phase", "Improvement", "Evaluation"),
            ("description", "", "Now evaluating"),
        }
        assert all(row.who == lead for row in changed)
        assert [row.first for row in changed] == [True, False]

    def test_it_shows_newest_first_and_the_creation_last(self, world):
        edit(world.alpha, world.users["lead"], status="paused")

        rows = object_history(world.alpha)

        assert rows[0].new == "Paused"
        assert rows[-1].action == "created"

    def test_it_names_related_objects_and_choices(self, world):
        membership = world.alpha.memberships.get(user=world.users["member"])
        actions.change_role(membership=membership, role=Role.COACH, by=world.users["lead"])

        rows = object_history(membership)

        assert (rows[0].field, rows[0].old, rows[0].new) == ("role", "Member", "Coach")
        assert rows[0].object == "Alpha Member (Coach) in Alpha link"
        created = {row.field: row.new for row in rows if row.action == "created"}
        assert created["user"] == "Alpha Member"
        assert created["partnership"] == "Alpha link"

    def test_it_diffs_many_to_many_fields(self, world):
        actions.update_partnership(
            partnership=world.alpha,
            organisations=[world.org_alpha, world.org_beta],
            by=world.users["lead"],
        )

        [row] = [row for row in object_history(world.alpha) if row.field == "organisations"][:1]

        assert row.old == "Alpha District Hospital, Northshire NHS Trust"
        assert row.new == "Alpha District Hospital, Beta Regional Hospital"

    def test_it_shows_a_deletion_as_one_row(self, world):
        membership = world.alpha.memberships.get(user=world.users["viewer"])
        pk = membership.pk
        actions.remove_member(membership=membership, by=world.users["lead"])

        rows = history_rows(with_related(Membership.history.filter(id=pk)))

        assert rows[0].action == "deleted"
        assert rows[0].field == ""
        assert rows[0].object == "Alpha Viewer (Viewer) in Alpha link"

    def test_it_leaves_out_saves_that_changed_nothing_and_excluded_fields(self, world):
        edit(world.alpha, world.users["lead"])
        edit(world.alpha, world.users["lead"], description="New")

        entries = history_entries(world.alpha.history.all(), exclude=["description"])

        # Created, then its organisations added; the two later saves show nothing.
        assert [entry.kind for entry in entries] == ["~", "+"]
        assert entries[0].fields == ["organisations"]

    def test_it_never_shows_the_invitation_token(self, world):
        invitation, token = make_invitation(world.alpha)

        rows = object_history(invitation)

        assert all(token not in str(row) and invitation.token_hash not in str(row) for row in rows)

    def test_it_costs_the_same_queries_for_long_and_short_histories(self, world):
        def queries():
            with CaptureQueriesContext(connection) as ctx:
                object_history(world.alpha)
            return len(ctx.captured_queries)

        short = queries()
        for phase in ["evaluation", "improvement", "situational"] * 5:
            edit(world.alpha, world.users["lead"], phase=phase)

        assert queries() == short


class TestRecentActivity:
    def test_it_shows_only_the_given_partnerships(self, world):
        edit(world.beta, world.users["outsider"], description="Beta news")
        edit(world.alpha, world.users["lead"], description="Alpha news")

        entries = recent_activity([world.alpha.pk])

        assert entries[0].object == "Alpha link"
        assert entries[0].fields == ["description"]
        assert "Beta link" not in {entry.object for entry in entries}

    def test_it_leaves_out_invitations(self, world):
        make_invitation(world.alpha, "secret.person@example.org")

        entries = recent_activity(None, limit=50)

        assert Invitation not in tracked_models()
        assert not any("secret.person" in entry.object for entry in entries)

    def test_it_returns_nothing_for_no_partnership(self, world):
        assert recent_activity([]) == []

    def test_its_query_count_does_not_grow_with_history(self, world):
        def queries():
            with CaptureQueriesContext(connection) as ctx:
                entries = recent_activity(None, limit=10)
            return len(ctx.captured_queries), len(entries)

        few, _ = queries()
        for index in range(30):
            partnership = Partnership.objects.create(name=f"P{index}", slug=f"p{index}")
            partnership.organisations.add(world.org_uk, world.org_beta)
            edit(partnership, world.users["lead"], phase="evaluation")
            Membership.objects.create(partnership=partnership, user=world.users["lead"])

        many, shown = queries()
        assert shown == 10
        # A few queries per model, whatever the number of records.
        assert many <= few


class TestLatest:
    def test_it_merges_models_newest_first_up_to_the_limit(self, world):
        lead = world.users["lead"]
        member = world.alpha.memberships.get(user=world.users["member"])
        actions.change_role(membership=member, role=Role.COACH, by=lead)
        edit(world.alpha, lead, status="paused")

        records = latest(
            [Membership.history.filter(partnership_id=world.alpha.pk), world.alpha.history.all()],
            limit=2,
        )

        assert [type(r).__name__ for r in records] == [
            "HistoricalPartnership",
            "HistoricalMembership",
        ]
        assert records[0].status == "paused"

    def test_object_history_shows_the_latest_changes_only(self, world):
        for index in range(5):
            edit(world.alpha, world.users["lead"], description=f"v{index}")

        rows = object_history(world.alpha, limit=3)

        assert [row.new for row in rows] == ["v4", "v3", "v2"]


def test_render_history_makes_a_page_for_any_object(rf, world):
    membership = world.alpha.memberships.get(user=world.users["member"])
    actions.change_role(membership=membership, role=Role.VIEWER, by=world.users["lead"])
    request = rf.get("/")
    request.user = world.users["lead"]

    response = render_history(
        request, membership.history.all(), title="Membership of Alpha Member", back_url="/x/"
    )

    html = response.content.decode()
    assert "<h1>Membership of Alpha Member</h1>" in html
    assert '<a href="/x/">Back</a>' in html
    assert "<del>Member</del>" in html
    assert "<ins>Viewer</ins>" in html
