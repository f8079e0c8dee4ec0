"""A small scheduling world on top of tests/world.py (imported by the scheduling tests).

- Jury A (juror, and the mentor of "Défi choisi", who sits on it) examines "Défi choisi";
  Jury B (other_juror) examines "Autre défi".
- Three shortlisted applications: Arnaud (the world's candidate, "Défi choisi", with a
  planned slot before Jury A a month from now), Bernard (the other candidate, "Autre
  défi"), Zola (both défis).
"""

import datetime
from dataclasses import dataclass

from cohorte.calls.models import Application
from cohorte.selection.interviews import paris_datetime
from cohorte.selection.models import InterviewSlot, Panel
from tests.factories import ApplicationChoiceFactory, ApplicationFactory, UserFactory

WINTER = datetime.date(2031, 3, 12)  # a Wednesday, UTC+1 in Paris
WINTER_2 = datetime.date(2031, 3, 13)
SUMMER = datetime.date(2031, 6, 11)  # a Wednesday, UTC+2 in Paris


def at(day, hour, minute=0):
    """A Paris wall-clock time as an aware UTC datetime."""
    return paris_datetime(day, datetime.time(hour, minute))


@dataclass
class SchedulingWorld:
    world: object
    panel: Panel
    other_panel: Panel
    arnaud: Application
    bernard: Application
    zola: Application
    slot: InterviewSlot  # Arnaud's planned slot before Jury A

    def __getattr__(self, name):
        return getattr(self.world, name)


def build_scheduling_world(world) -> SchedulingWorld:
    """Shortlist, name and seat everyone (see the module docstring)."""
    panel = Panel.objects.get(call=world.call, name="Jury A")
    other_panel = Panel.objects.get(call=world.call, name="Jury B")
    other_panel.challenges.add(world.other_challenge)
    panel.members.add(world.mentor)
    for application, name in ((world.application, "Arnaud"), (world.other_application, "Bernard")):
        application.status = Application.Status.SHORTLISTED
        application.last_name = name
        application.save()
    zola = ApplicationFactory(
        call=world.call,
        status=Application.Status.SHORTLISTED,
        last_name="Zola",
        candidate=UserFactory(username="zola"),
    )
    ApplicationChoiceFactory(application=zola, rank=1, challenge=world.challenge)
    ApplicationChoiceFactory(application=zola, rank=2, challenge=world.other_challenge)
    slot = InterviewSlot.objects.get(application=world.application)
    return SchedulingWorld(
        world=world,
        panel=panel,
        other_panel=other_panel,
        arnaud=world.application,
        bernard=world.other_application,
        zola=zola,
        slot=slot,
    )
