"""Demo projects: three improvement projects as real teams run them.

The measures app adds measures and data to these projects by their titles, so the titles
below are fixed. Each project has an aim, a team, a driver diagram (primary drivers,
secondary drivers, change ideas) and PDSA ramps testing some of its change ideas.
"""

from datetime import date
from decimal import Decimal

from qicommons.core.demo import demo_step
from qicommons.partnerships.models import Partnership

from .models import ChangeIdea, Driver, PDSACycle, Project, ProjectMember

NEONATAL = "Reducing neonatal hypothermia on admission"
PARTOGRAPH = "Increasing partograph completion"
SSI = "Reducing surgical site infections after caesarean section"

PROJECTS = [
    {
        "partnership": "zomba-northshire",
        "city": "Zomba",
        "title": NEONATAL,
        "clinical_area": "Neonatal unit",
        "status": Project.Status.ACTIVE,
        "start_date": date(2023, 10, 2),
        "problem": (
            "Through 2023, more than four in ten babies admitted to the neonatal unit had "
            "an axillary temperature below 36.5 °C on arrival. Most were "
            "born in the labour ward or theatre one floor below and carried to the unit "
            "wrapped in a single wet cloth. Cold babies are more likely to become "
            "hypoglycaemic, breathe poorly and die, and the unit has no incubators to spare."
        ),
        "aim": (
            "hypothermia on admission (axillary temperature below 36.5 °C)",
            "babies admitted to the neonatal unit",
            "44",
            "20",
            "%",
            date(2025, 12, 31),
        ),
        "team": [
            ("member@demo.qicommons.org", ProjectMember.Role.LEAD),
            ("lead@demo.qicommons.org", ProjectMember.Role.SPONSOR),
            ("coach@demo.qicommons.org", ProjectMember.Role.COACH),
        ],
        "diagram": [
            (
                "Warm chain at birth in the labour ward and theatre",
                [
                    (
                        "Immediate drying and skin-to-skin contact",
                        [
                            "Pre-warmed towels kept in a hot box at every delivery bed",
                            "Skin-to-skin for every baby of 1.5 kg or more not needing "
                            "resuscitation",
                        ],
                    ),
                    (
                        "Delivery rooms and theatre kept at 25-28 °C",
                        ["Wall thermometer and a room-temperature check at each shift"],
                    ),
                ],
            ),
            (
                "Safe transfer to the neonatal unit",
                [
                    (
                        "Babies dried, covered and wearing a hat during transfer",
                        ["Knitted hats and transfer wraps stocked in labour ward and theatre"],
                    ),
                    (
                        "Transfer without delay to a warm cot",
                        ["Phone call from labour ward so the unit prepares a warm cot"],
                    ),
                ],
            ),
            (
                "Staff know, measure and act on temperature",
                [
                    (
                        "Temperature taken on admission for every baby",
                        ["Admission temperature box on the admission form"],
                    ),
                    (
                        "Staff trained in thermal care",
                        ["Ten-minute thermal-care teaching at the Monday handover"],
                    ),
                ],
            ),
        ],
        "ramps": {
            "Knitted hats and transfer wraps stocked in labour ward and theatre": [
                {
                    "title": "Hats and wraps for theatre transfers, one week",
                    "start_date": date(2024, 1, 8),
                    "end_date": date(2024, 1, 14),
                    "objective": "Find out whether theatre staff will put a hat and a dry "
                    "wrap on every baby before the walk to the neonatal unit.",
                    "questions": "Will the hats and wraps be where staff need them? Will "
                    "staff remember at night?",
                    "prediction": "At least 8 of 10 babies from theatre will arrive with a "
                    "hat and a dry wrap, and fewer will be cold on arrival.",
                    "plan_details": "Grace stocks 20 hats and 20 wraps in a labelled box by "
                    "the resuscitaire in theatre on Monday; the theatre in-charge reminds "
                    "staff at each handover; for one week.",
                    "data_to_collect": "For each baby from theatre: hat on arrival (yes/no), "
                    "wrap dry (yes/no), axillary temperature on admission.",
                    "what_happened": "14 babies were transferred from theatre. 11 arrived "
                    "with a hat and a dry wrap.",
                    "observations": "The three without were all born at night, when the box "
                    "had been moved to make room for a second resuscitaire.",
                    "problems": "Four hats went to the ward with mothers and did not come back.",
                    "results": "11 of 14 (79%) had hat and wrap, close to the predicted 8 "
                    "of 10. 4 of the 11 were below 36.5 °C against all 3 without.",
                    "decision": PDSACycle.Decision.ADAPT,
                    "next_cycle": "Fix the box to the wall and extend to labour-ward "
                    "transfers on the day shift.",
                },
                {
                    "title": "Hats and wraps for all transfers on the day shift",
                    "start_date": date(2024, 1, 29),
                    "end_date": date(2024, 2, 18),
                    "objective": "Extend hats and wraps to labour-ward births during the "
                    "day shift, with the box fixed to the wall.",
                    "questions": "Does a fixed box stop the night-time gaps? Can the "
                    "labour ward keep the box stocked?",
                    "prediction": "9 of 10 day-shift babies will arrive with hat and wrap.",
                    "plan_details": "Boxes screwed to the wall in theatre and labour ward; "
                    "the day-shift midwife in charge restocks at 07:30; three weeks.",
                    "data_to_collect": "Hat, dry wrap and admission temperature for every "
                    "transferred baby, with the time of birth.",
                    "what_happened": "41 day-shift transfers; 38 arrived with hat and wrap.",
                    "observations": "The labour ward ran out twice on busy days because "
                    "hats left with mothers.",
                    "problems": "Laundry took wraps to the general wash and returned them late.",
                    "results": "38 of 41 (93%), better than predicted. The share of all "
                    "admissions cold on arrival fell from 44% to about a third.",
                    "decision": PDSACycle.Decision.ADAPT,
                    "next_cycle": "All shifts; ask the mothers' group to knit hats that "
                    "babies keep, so the box is not emptied.",
                },
                {
                    "title": "Hats and wraps on every shift, hats kept by families",
                    "start_date": date(2024, 2, 26),
                    "end_date": date(2024, 4, 7),
                    "objective": "Make hats and wraps the routine for every transfer, day "
                    "and night.",
                    "questions": "Can the supply keep up when families keep the hats?",
                    "prediction": "9 of 10 transfers on every shift will have hat and wrap; "
                    "no stock-outs.",
                    "plan_details": "The mothers' group knits 60 hats a month; night "
                    "in-charge restocks at 19:30 as well; six weeks.",
                    "data_to_collect": "As before, plus stock count at each restock.",
                    "what_happened": "126 transfers; 117 with hat and wrap. One stock-out "
                    "in week 2 before the first knitted hats arrived.",
                    "observations": "Night staff said the wall box made it easy.",
                    "problems": "None after week 2.",
                    "results": "117 of 126 (93%) on all shifts. Admission hypothermia in "
                    "these six weeks was about 20%, the lowest the unit has recorded.",
                    "decision": PDSACycle.Decision.ADOPT,
                    "next_cycle": "Hold the gains; test the phone call to prepare a warm cot.",
                },
            ],
            "Skin-to-skin for every baby of 1.5 kg or more not needing resuscitation": [
                {
                    "title": "Skin-to-skin in the first hour, labour ward bed 1-4",
                    "start_date": date(2024, 9, 2),
                    "end_date": date(2024, 9, 29),
                    "objective": "Test whether midwives can start skin-to-skin within five "
                    "minutes of birth for well babies on four beds.",
                    "questions": "How many eligible babies get skin-to-skin? Do mothers accept it?",
                    "prediction": "7 of 10 eligible babies will have skin-to-skin within "
                    "five minutes.",
                    "plan_details": "Midwives on beds 1-4, all shifts, four weeks; Helen "
                    "coaches by video call each Friday.",
                    "data_to_collect": "Eligible (yes/no), minutes from birth to "
                    "skin-to-skin, temperature at one hour.",
                    "what_happened": "52 eligible babies; 31 had skin-to-skin within five minutes.",
                    "observations": "Mothers welcomed it; delays were while the placenta "
                    "was delivered.",
                    "problems": "Some staff believed babies must be weighed first.",
                    "results": "31 of 52 (60%), below the predicted 70%. Babies with "
                    "skin-to-skin were warmer at one hour.",
                    "decision": PDSACycle.Decision.ADAPT,
                    "next_cycle": "Weigh after the first hour; extend to all beds.",
                },
                {
                    "title": "Skin-to-skin first, weighing after an hour, all beds",
                    "start_date": date(2026, 10, 5),
                    "end_date": date(2026, 11, 15),
                    "objective": "Start skin-to-skin before weighing for all eligible "
                    "babies on the labour ward.",
                    "questions": "Does moving the weighing raise the share with skin-to-skin?",
                    "prediction": "8 of 10 eligible babies will have skin-to-skin within "
                    "five minutes.",
                    "plan_details": "Ward sister updates the labour-ward routine; poster at "
                    "each bed; six weeks.",
                    "data_to_collect": "As in the first cycle.",
                    "what_happened": "Under way; the team is collecting the last week's forms.",
                },
            ],
        },
    },
    {
        "partnership": "zomba-northshire",
        "city": "Zomba",
        "title": PARTOGRAPH,
        "clinical_area": "Labour ward",
        "status": Project.Status.ACTIVE,
        "start_date": date(2024, 6, 1),
        "problem": (
            "An audit of 40 sets of notes in May 2024 found only half the partographs fully "
            "completed: "
            "fetal heart rate and cervical dilatation were often missing for hours, and "
            "the action line was crossed without a recorded response. Midwives said forms "
            "ran out at night and that there was no time to plot during busy shifts."
        ),
        "aim": (
            "the share of partographs fully completed (every required observation at the "
            "agreed interval)",
            "women in active labour on the labour ward",
            "52",
            "80",
            "%",
            date(2027, 6, 30),
        ),
        "team": [
            ("lead@demo.qicommons.org", ProjectMember.Role.LEAD),
            ("member@demo.qicommons.org", ProjectMember.Role.DATA_LEAD),
            ("coach@demo.qicommons.org", ProjectMember.Role.COACH),
        ],
        "diagram": [
            (
                "Midwives have the time and the tools to plot",
                [
                    (
                        "Partograph forms always available",
                        [
                            "Stock of 200 forms checked at the start of each night shift",
                            "Partograph pre-printed in the labour admission pack",
                        ],
                    ),
                    (
                        "Workload at peak hours",
                        ["A second midwife allocated to plotting at shift change"],
                    ),
                ],
            ),
            (
                "Skills and confidence with the partograph",
                [
                    (
                        "Training for new and rotating staff",
                        ["Partograph drill with a case scenario at the monthly skills day"],
                    ),
                    (
                        "Feedback on completed charts",
                        ["Weekly audit of 10 partographs shown on the ward notice board"],
                    ),
                ],
            ),
            (
                "The partograph is used to make decisions",
                [
                    (
                        "Alert and action lines acted on",
                        [
                            "Crossing the action line triggers a call to the obstetric "
                            "clinician on duty"
                        ],
                    ),
                ],
            ),
        ],
        # Completion has not moved yet: the measures show no signal, and the cycles say why.
        "ramps": {
            "Weekly audit of 10 partographs shown on the ward notice board": [
                {
                    "title": "Audit of 10 partographs, results told at handover",
                    "start_date": date(2024, 8, 5),
                    "end_date": date(2024, 8, 31),
                    "objective": "See whether weekly feedback on 10 random partographs "
                    "changes completion.",
                    "questions": "Can the data lead audit 10 charts in under an hour? Do "
                    "midwives listen at handover?",
                    "prediction": "Completion in the audited charts will rise from about "
                    "half to 6 in 10 within four weeks.",
                    "plan_details": "Grace picks 10 charts every Monday from the previous "
                    "week and reports the score at the Tuesday morning handover.",
                    "data_to_collect": "Per chart: each required field complete (yes/no); "
                    "chart fully complete (yes/no).",
                    "what_happened": "Four audits done, 40 charts.",
                    "observations": "Night staff never heard the feedback at the morning handover.",
                    "problems": "One Monday missed while Grace was on leave.",
                    "results": "21 of 40 complete (53%), no better than before. The "
                    "night-shift charts did not change at all.",
                    "decision": PDSACycle.Decision.ADAPT,
                    "next_cycle": "Put the results on the notice board so every shift sees them.",
                },
                {
                    "title": "Audit results on the notice board for every shift",
                    "start_date": date(2024, 10, 7),
                    "end_date": date(2024, 12, 1),
                    "objective": "Reach every shift with the weekly results.",
                    "questions": "Does a visible chart of the weekly score help?",
                    "prediction": "Completion will reach 6 in 10 by the end of November.",
                    "plan_details": "A run chart on the notice board updated each Monday.",
                    "data_to_collect": "As before.",
                    "what_happened": "Eight weekly audits, 80 charts; the board was updated "
                    "every week.",
                    "observations": "Midwives read the board, and said the problem was not "
                    "knowing how to plot but having forms and time to do it.",
                    "problems": "Forms ran out on four nights, so some labours had no "
                    "partograph at all.",
                    "results": "42 of 80 complete (52%): the prediction was wrong. "
                    "Feedback alone does not fix missing forms and busy nights.",
                    "decision": PDSACycle.Decision.ABANDON,
                    "next_cycle": "Stop the weekly audit as a change on its own; test a "
                    "reliable supply of forms.",
                },
            ],
            "Stock of 200 forms checked at the start of each night shift": [
                {
                    "title": "Night in-charge counts the forms at 19:30",
                    "start_date": date(2025, 3, 3),
                    "end_date": date(2025, 4, 27),
                    "objective": "Make sure there is a partograph for every woman in labour, "
                    "day and night.",
                    "questions": "Do stock-outs stop? Does completion follow?",
                    "prediction": "No night without forms; completion rises to 6 in 10.",
                    "plan_details": "The night in-charge counts the forms at 19:30 and "
                    "fetches more from the store if fewer than 50; eight weeks.",
                    "data_to_collect": "Forms counted each night; nights with a stock-out; "
                    "the monthly completion sample.",
                    "what_happened": "Forms were counted on 54 of 56 nights; no stock-outs.",
                    "observations": "Charts were started, but plotting still stopped when "
                    "the ward was busy around shift change.",
                    "problems": "The store was locked at night twice; the in-charge "
                    "borrowed forms from the antenatal ward.",
                    "results": "Stock-outs stopped, as predicted, but completion stayed "
                    "around half. Supply was necessary but not enough.",
                    "decision": PDSACycle.Decision.ADAPT,
                    "next_cycle": "Keep the count, and add a second midwife for plotting "
                    "at shift change.",
                },
                {
                    "title": "Stock count plus a plotting midwife at shift change",
                    "start_date": date(2026, 9, 7),
                    "end_date": date(2026, 11, 29),
                    "objective": "Keep plotting going through the busiest hour.",
                    "questions": "Can the ward spare a midwife for an hour at each change?",
                    "prediction": "Completion rises to 7 in 10 within three months.",
                    "plan_details": "The in-charge names the plotting midwife on the duty "
                    "rota; twelve weeks.",
                    "data_to_collect": "Plotting midwife present (yes/no) at each change; "
                    "the monthly completion sample.",
                },
            ],
        },
    },
    {
        "partnership": "mbale-bristol",
        "city": "Mbale",
        "title": SSI,
        "clinical_area": "Maternity theatre",
        "status": Project.Status.ACTIVE,
        "start_date": date(2023, 11, 1),
        "problem": (
            "About one woman in eight who has a caesarean section at Mbale develops a "
            "wound infection within 30 days. Many are seen only when they come back with "
            "a severe infection, because there is no follow-up after discharge. The "
            "hospital does around 150 caesarean sections a month."
        ),
        "aim": (
            "surgical site infections within 30 days of caesarean section",
            "women delivering by caesarean section at Mbale Regional Referral Hospital",
            "13",
            "5",
            "%",
            date(2026, 3, 31),
        ),
        "team": [
            ("member.mbale@demo.qicommons.org", ProjectMember.Role.LEAD),
            ("lead.mbale@demo.qicommons.org", ProjectMember.Role.SPONSOR),
        ],
        "diagram": [
            (
                "Prophylactic antibiotics given on time",
                [
                    (
                        "Antibiotic available in theatre",
                        ["Cefazolin kept in the theatre emergency box"],
                    ),
                    (
                        "Given within 60 minutes before incision",
                        ["Antibiotic check added to the Surgical Safety Checklist sign-in"],
                    ),
                ],
            ),
            (
                "Skin preparation and theatre practice",
                [
                    (
                        "Alcohol-based chlorhexidine skin preparation",
                        ["Switch from povidone-iodine to chlorhexidine-alcohol"],
                    ),
                    (
                        "Hair clipped, never shaved",
                        ["Clippers bought and razors removed from the maternity ward"],
                    ),
                ],
            ),
            (
                "Wound care and follow-up after discharge",
                [
                    (
                        "Dressing care on the ward",
                        ["Dressing left undisturbed for 48 hours, with a sticker on the chart"],
                    ),
                    (
                        "Women know the signs of infection and are followed up",
                        [
                            "Picture card of wound warning signs given at discharge",
                            "Phone follow-up on day 7 and day 30",
                        ],
                    ),
                ],
            ),
        ],
        "ramps": {
            "Switch from povidone-iodine to chlorhexidine-alcohol": [
                {
                    "title": "Chlorhexidine-alcohol for elective caesareans",
                    "start_date": date(2024, 2, 5),
                    "end_date": date(2024, 3, 24),
                    "objective": "Test a switch to chlorhexidine-alcohol skin preparation "
                    "for elective caesarean sections.",
                    "questions": "Is the supply reliable? Do surgeons wait for the skin to "
                    "dry before draping?",
                    "prediction": "9 of 10 elective cases will be prepared with "
                    "chlorhexidine-alcohol and left to dry.",
                    "plan_details": "Pharmacy supplies 40 bottles; the scrub nurse checks "
                    "drying time at sign-in; elective lists for eight weeks.",
                    "data_to_collect": "Agent used, drying time observed (yes/no), wound "
                    "infection at 30 days.",
                    "what_happened": "71 elective caesareans; 66 prepared with "
                    "chlorhexidine-alcohol.",
                    "observations": "Drying was skipped in three cases when the list ran late.",
                    "problems": "A two-week gap in supply in March.",
                    "results": "66 of 71 (93%) as predicted. Too few infections to compare yet.",
                    "decision": PDSACycle.Decision.ADAPT,
                    "next_cycle": "Extend to emergency caesareans; buy from a second supplier.",
                },
                {
                    "title": "Chlorhexidine-alcohol for all caesareans, day and night",
                    "start_date": date(2024, 4, 1),
                    "end_date": date(2024, 6, 23),
                    "objective": "Use chlorhexidine-alcohol for every caesarean, elective "
                    "and emergency.",
                    "questions": "Will night teams in an emergency wait for drying?",
                    "prediction": "8 of 10 emergency cases will have chlorhexidine-alcohol "
                    "with drying.",
                    "plan_details": "Stock in the emergency theatre; the anaesthetic "
                    "officer calls 'skin dry' before incision; twelve weeks.",
                    "data_to_collect": "As before, with elective or emergency marked.",
                    "what_happened": "447 caesareans; 402 with chlorhexidine-alcohol.",
                    "observations": "The 'skin dry' call became a habit after a month, "
                    "but waiting for the skin to dry added minutes to every case: theatre "
                    "turnaround went from about 34 to about 41 minutes.",
                    "problems": "No supply gaps with two suppliers.",
                    "results": "90% overall, 86% for emergencies, above the prediction. "
                    "Infections within 30 days fell from about 13% to about 8% a month.",
                    "decision": PDSACycle.Decision.ADOPT,
                    "next_cycle": "Adopted as the theatre standard; the next cycle looks for "
                    "ways to win back the turnaround time (preparing the skin while the "
                    "spinal takes effect).",
                },
            ],
            "Phone follow-up on day 7 and day 30": [
                {
                    "title": "Phone calls on day 7 to 50 women",
                    "start_date": date(2025, 2, 3),
                    "end_date": date(2025, 3, 16),
                    "objective": "Find out whether women can be reached by phone a week "
                    "after discharge.",
                    "questions": "How many give a working number? How long does a call take?",
                    "prediction": "7 of 10 women will be reached on day 7.",
                    "plan_details": "Joseph records a number at discharge; a midwife calls "
                    "on day 7 using a five-question script.",
                    "data_to_collect": "Reached (yes/no), call minutes, warning signs "
                    "reported, told to return (yes/no).",
                    "what_happened": "50 women; 29 reached.",
                    "observations": "Many numbers belonged to relatives who travelled.",
                    "problems": "The ward phone had no airtime for a week.",
                    "results": "29 of 50 (58%), below the predicted 70%. Four wound "
                    "infections found early.",
                    "decision": PDSACycle.Decision.ADAPT,
                    "next_cycle": "Record two numbers, and buy airtime in advance.",
                },
                {
                    "title": "Two numbers at discharge, calls on day 7 and day 30",
                    "start_date": date(2026, 8, 3),
                    "end_date": date(2026, 10, 25),
                    "objective": "Reach more women and add a day-30 call to find late infections.",
                    "questions": "Do two numbers raise the share reached?",
                    "prediction": "8 of 10 women reached on day 7 and 7 of 10 on day 30.",
                    "plan_details": "Discharge checklist asks for two numbers; prepaid "
                    "airtime; calls by the ward clerk with the script.",
                    "data_to_collect": "As before, for both calls.",
                    "what_happened": "212 women; 171 reached on day 7 and 139 on day 30.",
                    "observations": "The day-30 call found infections the day-7 call had missed.",
                    "problems": "The clerk needed a midwife for clinical questions.",
                    "results": "81% on day 7 and 66% on day 30: as predicted on day 7, "
                    "slightly lower on day 30.",
                },
            ],
        },
    },
]


def _build(spec: dict, partnerships: dict, people: dict) -> Project:
    partnership = partnerships[spec["partnership"]]
    what, who, baseline, goal, unit, by = spec["aim"]
    project = Project.objects.create(
        partnership=partnership,
        organisation=partnership.organisations.get(city=spec["city"]),
        title=spec["title"],
        clinical_area=spec["clinical_area"],
        problem=spec["problem"],
        status=spec["status"],
        phase=Partnership.Phase.IMPROVEMENT,
        start_date=spec["start_date"],
        aim_what=what,
        aim_who=who,
        aim_baseline=Decimal(baseline),
        aim_goal=Decimal(goal),
        aim_unit=unit,
        aim_by=by,
    )
    for email, role in spec["team"]:
        ProjectMember.objects.create(project=project, user=people[email], role=role)
    ideas = {}
    for p_order, (primary_text, secondaries) in enumerate(spec["diagram"]):
        primary = Driver.objects.create(
            project=project, kind=Driver.Kind.PRIMARY, text=primary_text, order=p_order
        )
        for s_order, (secondary_text, idea_texts) in enumerate(secondaries):
            secondary = Driver.objects.create(
                project=project,
                kind=Driver.Kind.SECONDARY,
                parent=primary,
                text=secondary_text,
                order=s_order,
            )
            for i_order, text in enumerate(idea_texts):
                ideas[text] = ChangeIdea.objects.create(
                    project=project, driver=secondary, text=text, order=i_order
                )
    for idea_text, cycles in spec["ramps"].items():
        for number, fields in enumerate(cycles, start=1):
            PDSACycle.objects.create(
                project=project, change_idea=ideas[idea_text], number=number, **fields
            )
    return project


@demo_step
def add_projects(partnerships, people):
    for spec in PROJECTS:
        _build(spec, partnerships, people)
