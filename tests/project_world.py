"""One call for projects with a person in every role, for permission tests."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from cohorte.accounts.roles import add_to_preinstruction, add_to_team
from cohorte.calls.models import Call
from cohorte.organisations.models import Organisation
from cohorte.projects.models import JuryPoolMember, Proposal
from tests.factories import (
    OrganisationFactory,
    OrganisationMemberFactory,
    PanelFactory,
    ProjectCallFactory,
    ProposalFactory,
    UserFactory,
)


@dataclass
class ProjectWorld:
    """Everyone who may or may not see one proposal."""

    call: Call
    organisation: Organisation
    other_organisation: Organisation
    proposal: Proposal  # of `organisation`, auditioned by `panel`
    other_proposal: Proposal  # of `other_organisation`, auditioned by `other_panel`
    panel: object
    other_panel: object
    anonymous: AnonymousUser
    admin_user: object  # acts for `organisation`
    other_admin_user: object  # acts for `other_organisation`
    team: object
    director: object
    preinstructor: object
    juror: object  # on `panel`, also its referee
    other_juror: object  # on `other_panel`

    def roles(self) -> dict[str, object]:
        """Every role by name, for parametrised permission tests."""
        return {
            "anonymous": self.anonymous,
            "admin_user": self.admin_user,
            "other_admin_user": self.other_admin_user,
            "team": self.team,
            "director": self.director,
            "preinstructor": self.preinstructor,
            "juror": self.juror,
            "other_juror": self.other_juror,
        }


def build_project_world() -> ProjectWorld:
    """Build the call, two administrations with a proposal each, and one user per role."""
    call = ProjectCallFactory()
    organisation = OrganisationFactory(
        name="Ministère de l'Intérieur", slug="interieur", kind=Organisation.Kind.MINISTRY
    )
    other_organisation = OrganisationFactory(
        name="Ministère de la Culture", slug="culture", kind=Organisation.Kind.MINISTRY
    )
    admin_user = UserFactory(username="admin_user", email="admin.user@interieur.gouv.fr")
    other_admin_user = UserFactory(username="other_admin_user", email="other.admin@culture.gouv.fr")
    OrganisationMemberFactory(organisation=organisation, user=admin_user)
    OrganisationMemberFactory(organisation=other_organisation, user=other_admin_user)
    proposal = ProposalFactory(
        call=call, organisation=organisation, title="Détecter les fraudes", created_by=admin_user
    )
    other_proposal = ProposalFactory(
        call=call,
        organisation=other_organisation,
        title="Numériser les archives",
        created_by=other_admin_user,
    )
    team = UserFactory(username="team")
    add_to_team(team)
    director = UserFactory(username="director")
    add_to_team(director, director=True)
    preinstructor = UserFactory(username="preinstructor")
    add_to_preinstruction(preinstructor)
    juror, other_juror = UserFactory(username="juror"), UserFactory(username="other_juror")
    panel = PanelFactory(call=call, name="Jury des défis A", referee=juror)
    panel.members.add(juror)
    panel.proposals.add(proposal)
    other_panel = PanelFactory(call=call, name="Jury des défis B", referee=other_juror)
    other_panel.members.add(other_juror)
    other_panel.proposals.add(other_proposal)
    for user in (juror, other_juror):
        JuryPoolMember.objects.create(call=call, user=user, category="tech")
    return ProjectWorld(
        call=call,
        organisation=organisation,
        other_organisation=other_organisation,
        proposal=proposal,
        other_proposal=other_proposal,
        panel=panel,
        other_panel=other_panel,
        anonymous=AnonymousUser(),
        admin_user=admin_user,
        other_admin_user=other_admin_user,
        team=team,
        director=director,
        preinstructor=preinstructor,
        juror=juror,
        other_juror=other_juror,
    )


def after_auditions(world, screened: bool = True):
    """Move the world's call for projects past the défi jury's auditions, the time of its
    decisions: submissions closed, auditions held; with ``screened``, both proposals
    eligible and complete."""
    import datetime

    from django.utils import timezone

    from cohorte.calls.models import Round
    from cohorte.projects.models import Audition

    now = timezone.now()
    opens, closes = now - datetime.timedelta(days=40), now - datetime.timedelta(days=10)
    Call.objects.filter(pk=world.call.pk).update(opens_at=opens, closes_at=closes)
    Round.objects.filter(call=world.call).update(opens_at=opens, closes_at=closes)
    Audition.objects.filter(proposal__call=world.call).update(
        starts_at=now - datetime.timedelta(days=2)
    )
    if screened:
        Proposal.objects.filter(call=world.call).update(
            eligibility=Proposal.Eligibility.ELIGIBLE,
            completeness=Proposal.Completeness.COMPLETE,
        )
    for item in (world.call, world.proposal, world.other_proposal):
        item.refresh_from_db()
    return world
