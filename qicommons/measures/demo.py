"""Demo measures: three projects' families of measures with two to three years of data.

The numbers come from a seeded random generator, so every `make run` shows the same
charts, and from simple models of what happens on a ward: admissions vary week to week,
and a change that works lowers the underlying rate for good. The three stories:

- neonatal hypothermia on admission falls after the warm-chain PDSA cycles: a real,
  sustained improvement (baseline frozen, a new phase where the bundle was adopted);
- partograph completion varies around where it was: no signal;
- surgical site infections fall, but theatre turnaround time, a balancing measure, gets
  worse as the new skin-preparation routine takes longer.
"""

from datetime import date

import numpy as np
from simple_history.utils import bulk_create_with_history

from qicommons.core.demo import demo_step
from qicommons.projects.models import PDSACycle, Project

from .models import ChartMark, DataPoint, Measure

# Seeds chosen so the stories read cleanly: with this one no week of the improved period
# happens by chance to fall beyond a 3-sigma limit (which would make the verdict "no signal").
HYPO_SEED = 20230108
START = date(2023, 1, 2)  # a Monday: weekly and monthly series both start here
WEEKS, MONTHS = 156, 36

HYPOTHERMIA = "Reducing neonatal hypothermia on admission"
PARTOGRAPH = "Increasing partograph completion"
SSI = "Reducing surgical site infections after caesarean section"

# Used only when the projects app's demo has not created the projects (this app alone).
FALLBACK_CYCLES = {
    HYPOTHERMIA: [
        (date(2024, 1, 8), "PDSA 1: hats and skin-to-skin in theatre"),
        (date(2024, 2, 19), "PDSA 2: warmed transport cot"),
    ],
    PARTOGRAPH: [(date(2024, 3, 4), "PDSA 1: partograph on the admission checklist")],
    SSI: [(date(2024, 4, 1), "PDSA 1: chlorhexidine-alcohol skin preparation")],
}


def _project(partnership, title: str) -> Project:
    project = Project.objects.filter(partnership=partnership, title=title).first()
    if project is None:
        project = Project.objects.create(
            partnership=partnership,
            organisation=partnership.organisations.order_by("pk").first(),
            title=title,
            status=Project.Status.ACTIVE,
            start_date=START,
        )
        for start, cycle in FALLBACK_CYCLES[title]:
            PDSACycle.objects.create(project=project, title=cycle, start_date=start)
    return project


def _periods(measure: Measure, count: int) -> list[date]:
    periods, period = [], measure.period_for(START)
    for _ in range(count):
        periods.append(period)
        period = measure.next_period(period)
    return periods


def _save(measure, periods, values, denominators=None, user=None):
    points = [
        DataPoint(
            measure=measure,
            period=period,
            value=float(values[i]),
            denominator=None if denominators is None else float(denominators[i]),
            entered_by=user,
        )
        for i, period in enumerate(periods)
    ]
    bulk_create_with_history(points, DataPoint, default_user=user)


def _proportions(rng, rates, sizes):
    """Numerators drawn from each period's underlying rate over its denominator."""
    return rng.binomial(sizes, rates)


def _step(count: int, changes: list[tuple[int, float]]) -> np.ndarray:
    """A level that changes at the given periods and stays changed."""
    level = np.empty(count)
    for start, value in changes:
        level[start:] = value
    return level


def _measure(project, **fields) -> Measure:
    return Measure.objects.create(project=project, **fields)


def _hypothermia(partnership, user):
    project = _project(partnership, HYPOTHERMIA)
    rng = np.random.default_rng(HYPO_SEED)
    outcome = _measure(
        project,
        name="Babies hypothermic on admission to the neonatal unit",
        kind=Measure.Kind.OUTCOME,
        is_primary=True,
        definition=(
            "Axillary temperature taken with the unit's digital thermometer within the first "
            "hour after admission; hypothermia is below 36.5 °C (WHO). All admissions, "
            "inborn and outborn, counted from the admission register each Monday."
        ),
        data_type=Measure.DataType.PROPORTION,
        numerator="Babies with a first temperature below 36.5 °C",
        denominator="Babies admitted with a temperature recorded",
        unit="%",
        frequency=Measure.Frequency.WEEKLY,
        direction=Measure.Direction.DOWN,
        target=20,
        multiply=100,
    )
    periods = _periods(outcome, WEEKS)
    admissions = rng.poisson(34, WEEKS) + 6
    # 44% for a year; the first cycles bring it to 33%; the adopted bundle to 19%.
    rate = _step(WEEKS, [(0, 0.44), (53, 0.33), (60, 0.19)])
    rate[99] = 0.6  # the week of the power cut, excluded from the calculations below
    _save(outcome, periods, _proportions(rng, rate, admissions), admissions, user)
    ChartMark.objects.create(
        measure=outcome,
        kind=ChartMark.Kind.PHASE,
        period=periods[60],
        reason="Warm-chain bundle adopted",
        created_by=user,
    )
    ChartMark.objects.create(
        measure=outcome,
        kind=ChartMark.Kind.EXCLUDE,
        period=periods[99],
        reason="Power cut: the unit's heaters off for three days",
        created_by=user,
    )

    process = _measure(
        project,
        name="Temperature recorded within an hour of admission",
        kind=Measure.Kind.PROCESS,
        definition="First temperature charted within 60 minutes of arrival on the unit.",
        data_type=Measure.DataType.PROPORTION,
        numerator="Admissions with a temperature charted within 60 minutes",
        denominator="Admissions",
        unit="%",
        frequency=Measure.Frequency.WEEKLY,
        direction=Measure.Direction.UP,
        target=95,
        multiply=100,
    )
    rate = _step(WEEKS, [(0, 0.62), (53, 0.78), (60, 0.9)])
    _save(process, periods, _proportions(rng, rate, admissions), admissions, user)
    ChartMark.objects.create(
        measure=process,
        kind=ChartMark.Kind.BASELINE,
        period=periods[51],
        reason="One year of baseline before the first PDSA cycle",
        created_by=user,
    )

    balancing = _measure(
        project,
        name="Babies above 37.5 °C on admission",
        kind=Measure.Kind.BALANCING,
        definition="Overheating from the new warming measures: first temperature above 37.5 °C.",
        data_type=Measure.DataType.PROPORTION,
        numerator="Babies with a first temperature above 37.5 °C",
        denominator="Babies admitted with a temperature recorded",
        unit="%",
        frequency=Measure.Frequency.WEEKLY,
        direction=Measure.Direction.DOWN,
        multiply=100,
    )
    _save(balancing, periods, _proportions(rng, np.full(WEEKS, 0.04), admissions), admissions, user)


def _partograph(partnership, user):
    project = _project(partnership, PARTOGRAPH)
    rng = np.random.default_rng(20230201)
    outcome = _measure(
        project,
        name="Partographs fully completed",
        kind=Measure.Kind.OUTCOME,
        is_primary=True,
        definition=(
            "A random sample of 40 case notes of women in active labour each month; a "
            "partograph is complete when cervical dilatation, fetal heart rate and "
            "contractions are plotted at the intervals in the WHO guideline."
        ),
        data_type=Measure.DataType.PROPORTION,
        numerator="Sampled notes with a fully completed partograph",
        denominator="Notes sampled",
        unit="%",
        frequency=Measure.Frequency.MONTHLY,
        direction=Measure.Direction.UP,
        target=80,
        multiply=100,
    )
    periods = _periods(outcome, MONTHS)
    sampled = np.full(MONTHS, 40) - rng.integers(0, 4, MONTHS)
    _save(outcome, periods, _proportions(rng, np.full(MONTHS, 0.52), sampled), sampled, user)

    started = _measure(
        project,
        name="Partograph started on admission",
        kind=Measure.Kind.PROCESS,
        definition="Partograph opened within 30 minutes of admission in active labour.",
        data_type=Measure.DataType.PROPORTION,
        numerator="Sampled notes with a partograph opened within 30 minutes",
        denominator="Notes sampled",
        unit="%",
        frequency=Measure.Frequency.MONTHLY,
        direction=Measure.Direction.UP,
        multiply=100,
    )
    _save(started, periods, _proportions(rng, np.full(MONTHS, 0.7), sampled), sampled, user)

    waiting = _measure(
        project,
        name="Minutes from arrival to first examination",
        kind=Measure.Kind.BALANCING,
        definition="Median for the month, from the triage book.",
        data_type=Measure.DataType.CONTINUOUS,
        numerator="Median minutes from arrival to first vaginal examination",
        unit="min",
        frequency=Measure.Frequency.MONTHLY,
        direction=Measure.Direction.DOWN,
    )
    _save(waiting, periods, np.round(rng.normal(42, 6, MONTHS), 1), None, user)


def _ssi(partnership, user):
    project = _project(partnership, SSI)
    rng = np.random.default_rng(20230301)
    outcome = _measure(
        project,
        name="Surgical site infection within 30 days of caesarean section",
        kind=Measure.Kind.OUTCOME,
        is_primary=True,
        definition=(
            "CDC definition of superficial or deep incisional SSI, found at the day-7 wound "
            "check or by telephone follow-up at day 30."
        ),
        data_type=Measure.DataType.PROPORTION,
        numerator="Women with an SSI within 30 days",
        denominator="Caesarean sections with 30-day follow-up",
        unit="%",
        frequency=Measure.Frequency.MONTHLY,
        direction=Measure.Direction.DOWN,
        target=5,
        multiply=100,
    )
    periods = _periods(outcome, MONTHS)
    sections = rng.poisson(150, MONTHS)
    rate = _step(MONTHS, [(0, 0.13), (15, 0.08)])
    _save(outcome, periods, _proportions(rng, rate, sections), sections, user)
    ChartMark.objects.create(
        measure=outcome,
        kind=ChartMark.Kind.PHASE,
        period=periods[15],
        reason="Chlorhexidine-alcohol skin preparation for every section",
        created_by=user,
    )

    antibiotics = _measure(
        project,
        name="Antibiotic prophylaxis within 60 minutes before incision",
        kind=Measure.Kind.PROCESS,
        definition="Cefazolin 2 g IV given 0-60 minutes before the skin incision.",
        data_type=Measure.DataType.PROPORTION,
        numerator="Sections with prophylaxis in the window",
        denominator="Caesarean sections",
        unit="%",
        frequency=Measure.Frequency.MONTHLY,
        direction=Measure.Direction.UP,
        target=95,
        multiply=100,
    )
    rate = _step(MONTHS, [(0, 0.71), (12, 0.88)])
    _save(antibiotics, periods, _proportions(rng, rate, sections), sections, user)

    turnaround = _measure(
        project,
        name="Theatre turnaround time",
        kind=Measure.Kind.BALANCING,
        definition=(
            "Mean minutes from one patient leaving theatre to the next skin incision, "
            "elective and emergency lists."
        ),
        data_type=Measure.DataType.CONTINUOUS,
        numerator="Mean turnaround minutes for the month",
        unit="min",
        frequency=Measure.Frequency.MONTHLY,
        direction=Measure.Direction.DOWN,
        target=30,
    )
    level = _step(MONTHS, [(0, 34.0), (15, 41.0)])
    _save(turnaround, periods, np.round(level + rng.normal(0, 2.5, MONTHS), 1), None, user)


# The measure each demo ramp tests, by project and change idea, so a cycle's Study shows
# its chart. The phone follow-up ramp tests reaching women, which no demo measure counts:
# its cycles stay unlinked and show the way to the dashboard instead.
CYCLE_MEASURES = {
    HYPOTHERMIA: {
        "Knitted hats and transfer wraps stocked in labour ward and theatre": (
            "Babies hypothermic on admission to the neonatal unit"
        ),
        "Skin-to-skin for every baby of 1.5 kg or more not needing resuscitation": (
            "Babies hypothermic on admission to the neonatal unit"
        ),
    },
    PARTOGRAPH: {
        "Weekly audit of 10 partographs shown on the ward notice board": (
            "Partographs fully completed"
        ),
        "Stock of 200 forms checked at the start of each night shift": (
            "Partographs fully completed"
        ),
    },
    SSI: {
        "Switch from povidone-iodine to chlorhexidine-alcohol": (
            "Surgical site infection within 30 days of caesarean section"
        ),
    },
}


def _link_cycles(partnerships) -> None:
    """Link the projects demo's cycles to their measures (that demo runs before this one)."""
    for title, ramps in CYCLE_MEASURES.items():
        for idea, name in ramps.items():
            measure = Measure.objects.filter(
                project__partnership__in=partnerships.values(), project__title=title, name=name
            ).first()
            if measure is None:
                continue
            cycles = PDSACycle.objects.filter(project=measure.project, change_idea__text=idea)
            for cycle in cycles:
                cycle.measure = measure
                cycle.save(update_fields=["measure"])


@demo_step
def load_measures(partnerships, people):
    zomba, mbale = partnerships["zomba-northshire"], partnerships["mbale-bristol"]
    _hypothermia(zomba, people.get("member@demo.qicommons.org"))
    _partograph(zomba, people.get("member@demo.qicommons.org"))
    _ssi(mbale, people.get("member.mbale@demo.qicommons.org"))
    _link_cycles(partnerships)
