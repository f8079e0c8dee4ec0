"""A small matching world on top of tests/world.py (imported by the matching tests).

Défi A ("Défi choisi", 2 seats) recruits 1 Design and 1 Développement (seats per profile);
défi B ("Autre défi") has 1 seat and no seats per profile.

- a1 (the world's candidate, interviewed): 1. défi A (défi only), 2. défi B.
- a2 (shortlisted): 1. A as Développement, 2. B.
- a3 (shortlisted): 1. B as Développement; the jury offered A/Design, accepted.
- a6 (shortlisted): 1. B, only on B's waiting list.
- out: an ineligible shortlisted one, a withdrawn one, and the world's other candidate
  (submitted, neither interviewed nor ranked).

Jury lists: A/Développement: a1 1, a2 1 (tie); A/Design: a1 1, a3 2 (offer);
B (no profile): a3 1, a1 2, a2 2 (tie); a6 on B's waiting list.

The stable matching: a1 -> A/Design (1st choice), a2 -> A/Développement (1st), a3 -> B
(1st), a6 without a seat (waiting list of B once staged).
"""

from dataclasses import dataclass

from cohorte.calls.models import Application
from cohorte.challenges.models import Expertise
from cohorte.selection.models import RankingEntry, Seat
from tests.factories import ApplicationChoiceFactory, ApplicationFactory, ExpertiseFactory

SHORTLISTED = Application.Status.SHORTLISTED


@dataclass
class MatchingWorld:
    world: object
    a: object  # défi A
    b: object  # défi B
    dev: Expertise
    design: Expertise
    a1: Application
    a2: Application
    a3: Application
    a6: Application
    ineligible: Application
    withdrawn: Application

    @property
    def call(self):
        return self.world.call


def rank(call, application, challenge, position, profile=None, **kwargs) -> RankingEntry:
    """Put an application in a jury list."""
    return RankingEntry.objects.create(
        call=call,
        challenge=challenge,
        profile=profile,
        application=application,
        position=position,
        **kwargs,
    )


def shortlisted(call, last_name, *choices, **kwargs) -> Application:
    """A shortlisted application with ranked choices: défis or (défi, profile) pairs."""
    kwargs.setdefault("status", SHORTLISTED)
    # Screened: a matching comes after the interviews, and "retenue" needs it.
    kwargs.setdefault("eligibility", Application.Eligibility.ELIGIBLE)
    kwargs.setdefault("completeness", Application.Completeness.COMPLETE)
    application = ApplicationFactory(call=call, last_name=last_name, **kwargs)
    for number, choice in enumerate(choices, start=1):
        challenge, profile = choice if isinstance(choice, tuple) else (choice, None)
        ApplicationChoiceFactory(
            application=application, rank=number, challenge=challenge, profile=profile
        )
    return application


def build_matching_world(world, after: bool = True) -> MatchingWorld:
    """The world's call after its interviews (decisions may be staged; ``after=False``:
    still open), with seats per profile, shortlisted candidates and the juries' rankings."""
    from tests.world import after_interviews

    if after:
        after_interviews(world)
    call = world.call
    a, b = world.challenge, world.other_challenge
    a.seats, b.seats = 2, 1
    a.save(update_fields=["seats"])
    b.save(update_fields=["seats"])
    dev = ExpertiseFactory(name="Développement", slug="developpement")
    design = ExpertiseFactory(name="Design", slug="design")
    call.profiles.add(dev, design)
    Seat.objects.create(challenge=a, profile=dev, count=1)
    Seat.objects.create(challenge=a, profile=design, count=1)

    a1 = world.application
    a1.last_name = "Arnaud"
    a1.save(update_fields=["last_name"])
    ApplicationChoiceFactory(application=a1, rank=2, challenge=b)
    a2 = shortlisted(call, "Bernard", (a, dev), b)
    a3 = shortlisted(call, "Camille", (b, dev))
    a6 = shortlisted(call, "Zola", b)
    ineligible = shortlisted(call, "Inéligible", b, eligibility=Application.Eligibility.INELIGIBLE)
    withdrawn = shortlisted(call, "Retiré", b, status=Application.Status.WITHDRAWN)

    rank(call, a1, a, 1, dev)
    rank(call, a2, a, 1, dev)
    rank(call, a1, a, 1, design)
    rank(call, a3, a, 2, design, offered=True, accepted=True)
    rank(call, a3, b, 1)
    rank(call, a1, b, 2)
    rank(call, a2, b, 2)
    rank(call, a6, b, 1, waiting_list=True)
    rank(call, ineligible, b, 1, waiting_list=False)
    rank(call, withdrawn, b, 3)
    return MatchingWorld(world, a, b, dev, design, a1, a2, a3, a6, ineligible, withdrawn)
