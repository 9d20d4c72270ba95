"""A team member on a phone starts a project, writes its aim, builds the driver diagram in
place (htmx, no page loads) and logs the first PDSA cycle of a change idea; then links a
cycle to the measure it tests and studies the results beside that measure's chart."""

from datetime import date

from e2e.conftest import sign_in


def node(page, kind: str, text: str):
    """The box of the diagram of this kind whose own text (not a descendant's) is `text`."""
    own_text = page.locator(":scope > .dd-cell > .dd-text", has_text=text)
    return page.locator(f".dd-{kind}").filter(has=own_text)


def test_it_runs_a_project_from_aim_to_first_pdsa_cycle_on_a_phone(phone, world):
    page = phone
    world.users["member"].set_password("pass-word-1")
    world.users["member"].save(update_fields=["password"])
    sign_in(page, "member@alpha.test", "pass-word-1")

    page.goto("/p/alpha/projects/")
    page.get_by_role("link", name="Start a project").click()
    page.get_by_label("Title").fill("Reducing neonatal hypothermia on admission")
    page.get_by_label("Organisation").select_option(label="Alpha District Hospital")
    page.get_by_label("Clinical area").fill("Neonatal unit")
    page.get_by_label("Start date").fill("2025-01-06")
    page.get_by_role("button", name="Save").click()

    # The aim, in its parts; first without a date, which a measurable aim must have.
    page.get_by_label("What will improve").fill("hypothermia on admission")
    page.get_by_label("For whom").fill("babies admitted to the neonatal unit")
    page.get_by_label("Baseline value").fill("58")
    page.get_by_label("Goal value").fill("20")
    page.get_by_label("Unit").fill("%")
    page.get_by_role("button", name="Save the aim").click()
    # The message sits next to its field (and again in the summary at the top).
    assert page.locator(".field-error").get_by_text("A measurable aim needs a date").is_visible()
    page.get_by_label("By when").fill("2026-06-30")
    page.get_by_role("button", name="Save the aim").click()
    assert page.get_by_text(
        "Reduce hypothermia on admission for babies admitted to the neonatal unit "
        "from 58% to 20% by 30 June 2026."
    ).first.is_visible()

    page.get_by_role("link", name="Edit the driver diagram").click()
    # Edits are swapped in place by htmx: a page load would lose this marker.
    page.evaluate("window.stillHere = true")

    page.get_by_text("Add a primary driver").click()
    page.get_by_label("Primary driver", exact=True).fill("Warm chain at birth")
    page.get_by_role("button", name="Add", exact=True).click()
    primary = node(page, "primary", "Warm chain at birth")
    primary.locator(".dd-text").wait_for()

    primary.get_by_text("Add a secondary driver").click()
    primary.get_by_label("Secondary driver", exact=True).fill("Babies covered on transfer")
    primary.get_by_role("button", name="Add", exact=True).click()
    secondary = node(page, "secondary", "Babies covered on transfer")
    secondary.locator(".dd-text").wait_for()

    secondary.get_by_text("Add a change idea").click()
    secondary.get_by_label("Change idea", exact=True).fill("Hats in theatre")
    secondary.get_by_role("button", name="Add", exact=True).click()
    idea = node(page, "idea", "Hats in theatre")
    idea.locator(".dd-text").wait_for()

    idea.get_by_text("Rename").click()
    idea.get_by_label("New text").fill("Knitted hats in theatre and labour ward")
    idea.get_by_role("button", name="Save").click()
    renamed = page.locator(".dd-idea .dd-text", has_text="Knitted hats in theatre and labour ward")
    renamed.wait_for()
    # A second primary driver, moved up above the first, then deleted after confirming.
    page.locator("#dd-aim > .dd-row > .dd-cell").get_by_text("Add a primary driver").click()
    page.get_by_label("Primary driver", exact=True).fill("Staff measure temperature")
    page.get_by_role("button", name="Add", exact=True).click()
    second = node(page, "primary", "Staff measure temperature")
    second.get_by_role("button", name="Move up: Staff measure temperature").click()
    page.locator(".dd-primary > .dd-cell > .dd-text").first.filter(
        has_text="Staff measure temperature"
    ).wait_for()
    second.get_by_role("link", name="Delete…").click()
    second.get_by_role("button", name="Yes, delete").click()
    second.wait_for(state="detached")
    assert page.locator(".dd-primary").count() == 1
    assert page.evaluate("window.stillHere") is True
    # Secondary drivers and change ideas nest as an outline on the phone.
    assert page.locator(".dd-primary .dd-secondary .dd-idea").count() == 1

    # After a reload the diagram is still there: it was saved, not only drawn.
    page.reload()
    assert page.locator(".dd-idea .dd-text").inner_text() == (
        "Knitted hats in theatre and labour ward"
    )

    page.locator(".dd-idea").get_by_role("link", name="Log a PDSA cycle").click()
    page.get_by_label("Title").fill("Hats for theatre transfers, one week")
    page.get_by_label("Start date").fill("2025-02-03")
    page.get_by_role("textbox", name="Objective", exact=True).fill(
        "Every baby from theatre arrives with a hat"
    )
    page.get_by_role("textbox", name="Prediction", exact=True).fill(
        "8 of 10 babies arrive with a hat"
    )
    page.get_by_role("button", name="Save the cycle").click()
    assert page.get_by_role("heading", level=1).inner_text() == (
        "PDSA 1: Hats for theatre transfers, one week"
    )
    assert page.get_by_text("Planned, ready to run").is_visible()


def test_a_cycle_linked_to_a_measure_shows_its_chart_in_the_study_on_a_phone(phone, world):
    from qicommons.measures.models import DataPoint, Measure
    from qicommons.projects.models import ChangeIdea, Driver, PDSACycle, Project

    page = phone
    world.users["member"].set_password("pass-word-1")
    world.users["member"].save(update_fields=["password"])
    project = Project.objects.create(
        partnership=world.alpha, organisation=world.org_alpha, title="Warm babies"
    )
    driver = Driver.objects.create(project=project, kind="primary", text="Warm chain")
    idea = ChangeIdea.objects.create(project=project, driver=driver, text="Knitted hats")
    measure = Measure.objects.create(
        project=project,
        name="Babies cold on admission",
        kind="outcome",
        data_type="proportion",
        frequency="weekly",
        direction="down",
        multiply=100,
    )
    weeks = [date.fromordinal(date(2025, 1, 6).toordinal() + 7 * i) for i in range(20)]
    values = [17, 18, 16, 17, 19, 16, 17, 18, 16, 17, 18, 17, 7, 6, 8, 7, 6, 7, 8, 6]
    DataPoint.objects.bulk_create(
        DataPoint(measure=measure, period=w, value=v, denominator=60)
        for w, v in zip(weeks, values, strict=True)
    )
    cycle = PDSACycle.objects.create(
        project=project,
        change_idea=idea,
        title="Hats for every transfer",
        start_date=weeks[12],
        objective="Hats on every baby",
        prediction="Fewer than 1 in 5 babies cold on arrival",
    )
    sign_in(page, "member@alpha.test", "pass-word-1")

    page.goto(cycle.get_absolute_url())
    study = page.locator(".pj-pdsa")
    assert study.get_by_text("Link a measure to this cycle").is_visible()
    assert study.locator("svg").count() == 0

    page.get_by_role("link", name="Update this cycle").click()
    page.get_by_label("Measure", exact=True).select_option(label="Babies cold on admission")
    page.get_by_role("textbox", name="Results against the prediction").fill(
        "About 1 in 8 cold after the change, better than predicted"
    )
    page.get_by_role("button", name="Save the cycle").click()

    chart = page.locator(".pj-study-chart svg")
    chart.wait_for()
    assert chart.locator("title").first.text_content() == "Babies cold on admission"
    assert chart.is_visible() and chart.bounding_box()["width"] <= 360
    assert page.locator(".pj-study-chart .m-verdict").is_visible()
    assert page.get_by_text("better than predicted").is_visible()
    assert page.get_by_role("link", name="Babies cold on admission").is_visible()
