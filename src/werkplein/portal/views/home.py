"""The client's home page: his coach, where he stands, and what to do next.

Pictures a person takes in at a glance (a step indicator of the ladder, a small chart of the rung
over time, bars for plan and applications) with the numbers as text beside them. A fixed number
of queries, whatever the length of the plan or the history.
"""

import datetime
from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from werkplein.appointments import selectors as appointment_selectors
from werkplein.plans.models import ActivityOwner
from werkplein.plans.selectors import Progress, RungPoint, progress_for
from werkplein.portal.decorators import client_required
from werkplein.portal.selectors import own_dossier

# The chart's drawing area, in SVG user units (the SVG scales to its box in CSS).
WIDTH, HEIGHT = 320, 150
LEFT, RIGHT, TOP, BOTTOM = 24, 8, 8, 22


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    rung: int
    label: str


@dataclass(frozen=True)
class LadderChart:
    path: str
    points: list[ChartPoint]
    gridlines: list[dict]
    start_label: str
    end_label: str
    description: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_x: int = WIDTH - RIGHT
    axis_y: int = HEIGHT - BOTTOM


def _y(rung: int) -> float:
    span = HEIGHT - TOP - BOTTOM
    return round(TOP + span * (6 - rung) / 5, 1)


def ladder_chart(ladder: tuple[RungPoint, ...], today: datetime.date) -> LadderChart | None:
    """A step line of the rung over time, from the first rung set up to today."""
    if not ladder:
        return None
    first = min(ladder[0].set_on, today)
    days = max((today - first).days, 1)
    span = WIDTH - LEFT - RIGHT

    def x(day: datetime.date) -> float:
        return round(LEFT + span * min((day - first).days, days) / days, 1)

    points = [ChartPoint(x(step.set_on), _y(step.rung), step.rung, step.label) for step in ladder]
    path = f"M{points[0].x} {points[0].y}"
    for point in points[1:]:
        path += f" H{point.x} V{point.y}"
    path += f" H{WIDTH - RIGHT}"
    description = "; ".join(
        _("%(date)s: trede %(rung)s")
        % {"date": date_format(s.set_on, "SHORT_DATE_FORMAT"), "rung": s.rung}
        for s in ladder
    )
    return LadderChart(
        path=path,
        points=points,
        gridlines=[{"rung": r, "y": _y(r), "label_y": _y(r) + 4} for r in range(1, 7)],
        start_label=date_format(first, "SHORT_DATE_FORMAT"),
        end_label=_("vandaag"),
        description=description,
    )


def next_steps(progress: Progress, has_appointment: bool) -> list[dict]:
    """What the client can do now, most pressing first: each a sentence and a link."""
    steps = []
    if not progress.has_plan:
        steps.append(
            {
                "text": _(
                    "Uw coach maakt samen met u een plan. Bespreek het bij uw volgende afspraak."
                ),
                "url": reverse("portal:appointments"),
                "link": _("Naar mijn afspraken"),
            }
        )
    elif not progress.plan_accepted:
        steps.append(
            {
                "text": _("Lees uw plan en geef aan of u akkoord gaat."),
                "url": reverse("portal:plan"),
                "link": _("Naar mijn plan"),
            }
        )
    activity = progress.next_activity
    if activity is not None and activity.owner == ActivityOwner.CLIENT:
        steps.append(
            {
                "text": _("Uw volgende activiteit: %(activity)s")
                % {"activity": activity.description},
                "url": reverse("portal:plan") + f"#activity-{activity.pk}",
                "link": _("Bekijk in mijn plan"),
            }
        )
    obligation = progress.obligation
    if obligation.agreed and not obligation.met:
        steps.append(
            {
                "text": _(
                    "U heeft in de afgelopen %(weeks)s weken %(count)s keer gesolliciteerd. "
                    "Afgesproken is %(required)s keer."
                )
                % {
                    "weeks": obligation.weeks,
                    "count": obligation.count,
                    "required": obligation.required,
                },
                "url": reverse("portal:applications"),
                "link": _("Sollicitatie toevoegen"),
            }
        )
    if not has_appointment:
        steps.append(
            {
                "text": _("U heeft geen afspraak met uw coach staan."),
                "url": reverse("portal:appointments"),
                "link": _("Afspraak maken"),
            }
        )
    return steps


@client_required
def home(request: HttpRequest) -> HttpResponse:
    client = own_dossier(request.user, detail="overzicht")
    progress = progress_for(request.user, client)
    appointments = list(appointment_selectors.upcoming_for(client)[:3])
    context = {
        "client": client,
        "coach": client.coach,
        "progress": progress,
        "chart": ladder_chart(progress.ladder, progress.today),
        "appointments": appointments,
        "next_steps": next_steps(progress, bool(appointments)),
        "today": progress.today,
    }
    return render(request, "portal/home.html", context)
