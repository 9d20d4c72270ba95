"""The request type of views that only signed-in people reach."""

from django.http import HttpRequest

from .models import User


class SignedInRequest(HttpRequest):
    """A request behind `login_required`: its user is a `User`, never anonymous.

    Only for annotations: it tells the type checker what the decorator guarantees.
    """

    user: User  # type: ignore[assignment]  # HttpRequest's user may be anonymous
