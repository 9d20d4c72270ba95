from qicommons.testing import Case, make_invitation, public_page


def _token(world, **kwargs):
    return {"token": make_invitation(world.alpha, invited_by=world.users["lead"], **kwargs)[1]}


NEW_ACCOUNT = {
    "full_name": "Ama Mensah",
    "password1": "a-long-pass-phrase",
    "password2": "a-long-pass-phrase",
}

CASES = [
    # Signed-in people are sent on to their dashboard.
    Case("accounts:login", {**public_page(302), "anonymous": 200}),
    Case("accounts:logout", public_page(302), method="post"),
    Case("accounts:language", public_page(302), method="post", data=lambda w: {"language": "fr"}),
    Case("accounts:password_reset", public_page()),
    Case("accounts:password_reset_done", public_page()),
    Case(
        "accounts:password_reset_confirm",
        public_page(),
        kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-token"},
        note=" (bad token)",
    ),
    Case("accounts:password_reset_complete", public_page()),
    # The accept page is public: a stranger with the link creates their account there.
    # Signed-in people with another email are told to sign out first (200).
    Case("accounts:accept_invitation", public_page(), kwargs=_token),
    Case(
        "accounts:accept_invitation",
        {**public_page(200), "anonymous": 302},
        kwargs=_token,
        method="post",
        data=lambda w: NEW_ACCOUNT,
        note=" (create the account)",
    ),
    Case(
        "accounts:accept_invitation",
        public_page(404),
        kwargs=lambda w: {"token": "not-a-token"},
        note=" (bad token)",
    ),
    Case(
        "accounts:accept_invitation",
        public_page(410),
        kwargs=lambda w: _token(w, expired=True),
        note=" (expired)",
    ),
]
