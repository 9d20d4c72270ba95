"""The hypothermia demo measure on a 360 px phone: its chart shows the verdict's
reference line and the points that decided it, its marks are numbered and listed under
it, and no chart text is smaller than 10 CSS px as the phone draws it."""

from playwright.sync_api import expect

from e2e.conftest import sign_in
from qicommons.accounts.models import User
from qicommons.core.demo import load_demo
from qicommons.measures.demo import HYPOTHERMIA
from qicommons.measures.models import Measure

PASSWORD = "pass-word-1"


def test_the_hypothermia_chart_shows_why_on_a_phone(phone):
    load_demo()
    member = User.objects.get(email="member@demo.qicommons.org")
    member.set_password(PASSWORD)
    member.save(update_fields=["password"])
    measure = Measure.objects.filter(project__title=HYPOTHERMIA, kind="outcome").first()
    sign_in(phone, member.email, PASSWORD)
    phone.goto(measure.get_absolute_url())

    chart = phone.locator("figure.chart svg")
    expect(chart).to_be_visible()
    expect(chart.locator("#reference-centre path")).to_have_count(1)
    assert chart.locator("#decisive-improvement use").count() >= 1
    expect(chart.locator("text", has_text="baseline")).to_have_count(1)
    expect(phone.locator(".m-verdict").first).to_contain_text("✓")

    expect(chart.locator("#annotation-1 text")).to_have_text("1")
    expect(phone.locator(".m-chart-notes li").first).to_be_visible()

    smallest = chart.evaluate(
        """svg => {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            return Math.min(...[...svg.querySelectorAll('text')].map(
                t => parseFloat(getComputedStyle(t).fontSize) * scale));
        }"""
    )
    assert smallest >= 10, smallest
