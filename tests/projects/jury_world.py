"""A défi jury to compose on top of tests/project_world.py (imported by the jury tests).

- Four shortlisted défis: the world's two (Intérieur's "Détecter les fraudes", Culture's
  "Numériser les archives") and two more (Santé, Justice), each administration with
  one account.
- A pool of twelve jurors, three of each of four profiles; the world's juror and
  other_juror are two of the "tech" ones. "Alice Admin" is an administration juror of the
  Ministère de l'Intérieur (she never judges its défi); "Bruno Expert" declared a conflict
  of interest on Culture's défi.
- Audition day: Wednesday 12 March 2031 (UTC+1 in Paris).
"""

import datetime
from dataclasses import dataclass

from cohorte.organisations.models import Organisation
from cohorte.projects.jury_runs import JuryParameters
from cohorte.projects.models import JuryPoolMember, OrganisationMember, Proposal
from cohorte.reviews.models import Conflict
from cohorte.selection.interviews import paris_datetime
from cohorte.selection.scheduling_runs import SchedulingParameters
from tests.factories import OrganisationFactory, ProposalFactory, UserFactory

DAY = datetime.date(2031, 3, 12)
CATEGORIES = ("administration", "tech", "alumni", "expert")


def at(day, hour, minute=0):
    """A Paris wall-clock time as an aware UTC datetime."""
    return paris_datetime(day, datetime.time(hour, minute))


@dataclass
class JuryWorld:
    world: object
    defis: list  # the four shortlisted proposals
    pool: list  # the twelve JuryPoolMember rows
    alice: object  # administration juror of the Intérieur
    bruno: object  # declared a conflict on Culture's défi

    def __getattr__(self, name):
        return getattr(self.world, name)


def parameters(n_panels=2, days=(DAY,), time_limit=5, **changes) -> JuryParameters:
    """Two panels of 5-8 with 2-3 défis, 9:00-12:30 and 14:00-18:00, 45-minute auditions."""
    schedule = SchedulingParameters(days=tuple(days), slot_minutes=45, time_limit=time_limit)
    return JuryParameters(schedule=schedule, n_panels=n_panels, **changes)


def build_jury_world(world) -> JuryWorld:
    """Shortlist the défis, fill the pool (see the module docstring)."""
    Proposal.objects.filter(pk__in=[world.proposal.pk, world.other_proposal.pk]).update(
        status=Proposal.Status.SHORTLISTED
    )
    world.proposal.refresh_from_db()
    world.other_proposal.refresh_from_db()
    defis = [world.proposal, world.other_proposal]
    for name, slug, title in (
        ("Ministère de la Santé", "sante", "Prévenir les ruptures de stock"),
        ("Ministère de la Justice", "justice", "Simplifier les saisines"),
    ):
        organisation = OrganisationFactory(name=name, slug=slug, kind=Organisation.Kind.MINISTRY)
        OrganisationMember.objects.create(
            organisation=organisation,
            user=UserFactory(username=f"admin-{slug}", email=f"projet@{slug}.gouv.fr"),
        )
        defis.append(
            ProposalFactory(
                call=world.call,
                organisation=organisation,
                title=title,
                status=Proposal.Status.SHORTLISTED,
            )
        )
    pool = list(JuryPoolMember.objects.filter(call=world.call).order_by("user_id"))
    alice = bruno = None
    for category in CATEGORIES:
        wanted = 3 - sum(1 for m in pool if m.category == category)
        for k in range(wanted):
            user = UserFactory(username=f"jure-{category}-{k}", first_name=category.title())
            organisation = None
            if category == "administration" and k == 0:
                user.first_name, user.last_name = "Alice", "Admin"
                user.save()
                alice, organisation = user, world.organisation
            if category == "expert" and k == 0:
                user.first_name, user.last_name = "Bruno", "Expert"
                user.save()
                bruno = user
            pool.append(
                JuryPoolMember.objects.create(
                    call=world.call, user=user, category=category, organisation=organisation
                )
            )
    Conflict.objects.create(proposal=world.other_proposal, reviewer=bruno, reason="ancien poste")
    return JuryWorld(world=world, defis=defis, pool=pool, alice=alice, bruno=bruno)
