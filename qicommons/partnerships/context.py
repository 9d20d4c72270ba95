"""Template context every page needs: the partnerships the user may switch between."""

from .access import roles_of, visible_partnerships


def partnership_nav(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    current_slug = (match.kwargs.get("slug") if match else None) or ""
    return {
        "nav_partnerships": visible_partnerships(user).only("name", "slug"),
        "nav_current_slug": current_slug,
        "nav_roles": roles_of(user),
    }
