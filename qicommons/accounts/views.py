"""Sign-in, the invitation accept page, and the language switcher."""

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import check_for_language, get_language
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST

from qicommons.partnerships import actions
from qicommons.partnerships.models import Invitation

from . import throttle
from .forms import RegisterForm, SignInForm
from .http import SignedInRequest


def remember_language(response: HttpResponse, language: str) -> None:
    """Set the cookie LocaleMiddleware reads, as Django's set_language does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class SignInView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if not form.cleaned_data.get("remember"):
            self.request.session.set_expiry(0)  # ends when the browser closes
        user = form.get_user()
        chosen = self.request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if user.language:
            remember_language(response, user.language)
        elif chosen in dict(settings.LANGUAGES):
            # Chosen on the sign-in page before the account had a preference: keep it.
            user.language = chosen
            user.save(update_fields=["language"])
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's, with the emailed link built from SITE_URL, not from the request's Host
    header, which whoever asks for the reset controls (see the README on SITE_URL)."""

    # Each request sends an e-mail: a few per address stop anyone flooding one inbox, and
    # a limit per client stops one machine spraying addresses (and our mail reputation).
    PER_ADDRESS, PER_CLIENT, WINDOW_SECONDS = 3, 10, 3600

    def form_valid(self, form):
        client = throttle.client_ip(self.request) or "unknown"
        if not throttle.within_limit(
            "reset-client", client, limit=self.PER_CLIENT, seconds=self.WINDOW_SECONDS
        ):
            form.add_error(
                None,
                _(
                    "Too many password reset requests from this connection. "
                    "Wait an hour, or ask your partnership lead for help."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        address = form.cleaned_data["email"].strip().casefold()
        if not throttle.within_limit(
            "reset-address", address, limit=self.PER_ADDRESS, seconds=self.WINDOW_SECONDS
        ):
            # The same page as a sent link, so the limit reveals nothing about the
            # address; the links already sent still work.
            return HttpResponseRedirect(self.get_success_url())
        self.extra_email_context = {"site_url": settings.SITE_URL.rstrip("/")}
        return super().form_valid(form)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (cookie and redirect), and saved on the account too."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if (
        user.is_authenticated
        and language in dict(settings.LANGUAGES)
        and check_for_language(language)
        and user.language != language
    ):
        user.language = language
        user.save(update_fields=["language"])
    return response


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The link in an invitation email. Public: it may have to create the account."""
    invitation = Invitation.find(token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    if not invitation.is_pending:
        return render(
            request, "accounts/invitation_invalid.html", {"invitation": invitation}, status=410
        )
    if request.user.is_authenticated:
        return _accept_signed_in(cast(SignedInRequest, request), invitation)
    if get_user_model().objects.filter(email__iexact=invitation.email).exists():
        return render(
            request, "accounts/invitation.html", {"invitation": invitation, "sign_in": True}
        )
    return _register(request, invitation)


def _accept_signed_in(request: SignedInRequest, invitation: Invitation) -> HttpResponse:
    context = {"invitation": invitation}
    if request.user.email.lower() != invitation.email.lower():
        return render(request, "accounts/invitation.html", {**context, "wrong_user": True})
    if request.method == "POST":
        try:
            actions.accept_invitation(invitation=invitation, user=request.user)
        except actions.MembershipError as error:
            messages.error(request, str(error))
        else:
            return _welcome(request, invitation)
    return render(request, "accounts/invitation.html", context)


def _register(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    form = RegisterForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.register_and_accept(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                language=get_language() or "",
            )
        except actions.MembershipError as error:
            messages.error(request, str(error))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return _welcome(request, invitation)
    return render(request, "accounts/invitation.html", {"invitation": invitation, "form": form})


def _welcome(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    messages.success(
        request,
        _("Welcome to %(partnership)s. You joined as %(role)s.")
        % {"partnership": invitation.partnership, "role": invitation.get_role_display()},
    )
    return redirect("core:home")
