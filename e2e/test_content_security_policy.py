"""The pages run under their Content-Security-Policy: no violation on the main pages of
the demo, htmx included, so the policy can stay strict about scripts."""

from e2e.conftest import sign_in
from qicommons.accounts.models import User
from qicommons.audits.models import Audit
from qicommons.core.demo import load_demo
from qicommons.measures.models import Measure
from qicommons.projects.models import Project

PASSWORD = "pass-word-1"

RECORD_VIOLATIONS = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
    e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def test_the_main_pages_raise_no_policy_violation(page):
    load_demo()
    lead = User.objects.get(email="lead@demo.qicommons.org")
    lead.set_password(PASSWORD)
    lead.save(update_fields=["password"])
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)
    sign_in(page, lead.email, PASSWORD)
    mine = {"partnership__memberships__user": lead}
    urls = [
        "/",
        Project.objects.filter(**mine).first().get_absolute_url(),
        Measure.objects.filter(**{f"project__{k}": v for k, v in mine.items()})
        .first()
        .get_absolute_url(),
        Audit.objects.filter(**mine).first().get_absolute_url(),
    ]
    seen = {}
    for url in urls:
        response = page.goto(url)
        assert response.ok, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        seen[url] = page.evaluate("window.__violations")
    assert seen == {url: [] for url in urls}
    assert not [text for text in console if "Content Security Policy" in text]
