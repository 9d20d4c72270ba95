from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, SetPasswordMixin
from django.utils.translation import gettext_lazy as _


class SignInForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    remember = forms.BooleanField(
        label=_("Keep me signed in on this device for two weeks"),
        required=False,
        help_text=_(
            "Leave this unticked on a shared computer: you are signed out when the browser closes."
        ),
    )


class RegisterForm(SetPasswordMixin, forms.Form):
    """The account an invitation creates: the email is the invitation's, not a field."""

    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    password1, password2 = SetPasswordMixin.create_password_fields()

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        self.validate_passwords()
        # Validated against the person to be, so "password = my name" is refused.
        self.validate_password_for_user(
            get_user_model()(email=self.email, full_name=self.cleaned_data.get("full_name", ""))
        )
        return super().clean()
