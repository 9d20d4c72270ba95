from qicommons.testing import Case, public_page

CASES = [
    # Signed-in people are sent on to their dashboard.
    Case("accounts:login", {**public_page(302), "anonymous": 200}),
    Case("accounts:logout", public_page(302), method="post"),
    Case("accounts:password_reset", public_page()),
    Case("accounts:password_reset_done", public_page()),
    Case(
        "accounts:password_reset_confirm",
        public_page(),
        kwargs=lambda w: {"uidb64": "MQ", "token": "not-a-token"},
        note=" (bad token)",
    ),
    Case("accounts:password_reset_complete", public_page()),
]
