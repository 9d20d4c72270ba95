from qicommons.testing import Case, make_invitation, manage_page, programme_page, view_page


def _slug(world):
    return {"slug": world.alpha.slug}


def _membership(who):
    def kwargs(world):
        membership = world.alpha.memberships.get(user=world.users[who])
        return {"slug": world.alpha.slug, "pk": membership.pk}

    return kwargs


def _invitation(world):
    invitation, _token = make_invitation(world.alpha, invited_by=world.users["lead"])
    return {"slug": world.alpha.slug, "pk": invitation.pk}


def _edit_data(world):
    return {
        "description": "Changed",
        "phase": "evaluation",
        "status": "active",
        "start_date": "2024-01-01",
        "organisations": [world.org_alpha.pk, world.org_uk.pk],
    }


CASES = [
    Case("partnerships:list", programme_page()),
    Case("partnerships:list", programme_page(), query="phase=improvement", note=" (filtered)"),
    Case("organisations:list", programme_page()),
    Case("partnerships:detail", view_page(), kwargs=_slug),
    Case("partnerships:edit", manage_page(), kwargs=_slug),
    Case("partnerships:edit", manage_page(302), kwargs=_slug, method="post", data=_edit_data),
    Case("partnerships:history", manage_page(), kwargs=_slug),
    # Everyone who can see the partnership sees its members; only leads change them.
    Case("partnerships:members", view_page(), kwargs=_slug),
    Case("partnerships:members_history", manage_page(), kwargs=_slug),
    Case("partnerships:invite", manage_page(), kwargs=_slug),
    Case(
        "partnerships:invite",
        manage_page(302),
        kwargs=_slug,
        method="post",
        data=lambda w: {"email": "new.person@example.org", "role": "member"},
    ),
    Case(
        "partnerships:change_role",
        manage_page(302),
        kwargs=_membership("member"),
        method="post",
        data=lambda w: {"role": "coach"},
    ),
    Case(
        "partnerships:remove_member", manage_page(302), kwargs=_membership("viewer"), method="post"
    ),
    Case("partnerships:revoke_invitation", manage_page(302), kwargs=_invitation, method="post"),
]
