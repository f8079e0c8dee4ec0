"""One call for applications with a person in every role, for permission tests."""

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser

from cohorte.accounts.roles import add_to_team
from cohorte.calls.models import Application, Call
from cohorte.challenges.models import Challenge
from cohorte.people.models import Role
from tests.factories import (
    ApplicationCallFactory,
    ApplicationChoiceFactory,
    ApplicationFactory,
    ChallengeFactory,
    InterviewSlotFactory,
    PanelFactory,
    PersonFactory,
    UserFactory,
)


@dataclass
class World:
    """Everyone who may or may not see one application."""

    call: Call
    challenge: Challenge  # chosen by the application
    other_challenge: Challenge  # not chosen by it
    application: Application
    other_application: Application  # another candidate's, on other_challenge
    anonymous: AnonymousUser
    candidate: object
    other_candidate: object
    team: object
    director: object
    mentor: object  # operational mentor of `challenge`
    other_mentor: object  # operational mentor of `other_challenge`
    juror: object  # on the panel that interviews `application`
    other_juror: object  # on another panel

    def roles(self) -> dict[str, object]:
        """Every role by name, for parametrised permission tests."""
        return {
            "anonymous": self.anonymous,
            "candidate": self.candidate,
            "other_candidate": self.other_candidate,
            "team": self.team,
            "director": self.director,
            "mentor": self.mentor,
            "other_mentor": self.other_mentor,
            "juror": self.juror,
            "other_juror": self.other_juror,
        }


def _mentor(challenge, username):
    user = UserFactory(username=username)
    person = PersonFactory(user=user, full_name=f"Mentor {username}")
    Role.objects.create(
        person=person, kind=Role.Kind.OPERATIONAL_MENTOR, challenge=challenge,
        cohort=challenge.cohort,
    )  # fmt: skip
    return user


def build_world() -> World:
    """Build the call, two défis, two applications and one user per role."""
    call = ApplicationCallFactory()
    challenge = ChallengeFactory(cohort=call.cohort, title="Défi choisi", slug="defi-choisi")
    other = ChallengeFactory(cohort=call.cohort, title="Autre défi", slug="autre-defi")
    call.challenges.add(challenge, other)
    candidate = UserFactory(username="candidate")
    other_candidate = UserFactory(username="other_candidate")
    application = ApplicationFactory(call=call, candidate=candidate)
    ApplicationChoiceFactory(application=application, rank=1, challenge=challenge)
    other_application = ApplicationFactory(call=call, candidate=other_candidate)
    ApplicationChoiceFactory(application=other_application, rank=1, challenge=other)
    team = UserFactory(username="team")
    add_to_team(team)
    director = UserFactory(username="director")
    add_to_team(director, director=True)
    juror, other_juror = UserFactory(username="juror"), UserFactory(username="other_juror")
    panel = PanelFactory(call=call, name="Jury A")
    panel.members.add(juror)
    panel.challenges.add(challenge)
    other_panel = PanelFactory(call=call, name="Jury B")
    other_panel.members.add(other_juror)
    InterviewSlotFactory(panel=panel, application=application, challenge=challenge)
    return World(
        call=call,
        challenge=challenge,
        other_challenge=other,
        application=application,
        other_application=other_application,
        anonymous=AnonymousUser(),
        candidate=candidate,
        other_candidate=other_candidate,
        team=team,
        director=director,
        mentor=_mentor(challenge, "mentor"),
        other_mentor=_mentor(other, "other_mentor"),
        juror=juror,
        other_juror=other_juror,
    )


def after_submissions(world: World) -> World:
    """Close the world's call to submissions (its interviews still to come): interviews are
    planned and convened from then on (``cohorte.calls.guards``)."""
    import datetime

    from django.utils import timezone

    from cohorte.calls.models import Round

    closes = timezone.now() - datetime.timedelta(minutes=1)
    opens = closes - datetime.timedelta(days=30)
    Call.objects.filter(pk=world.call.pk).update(opens_at=opens, closes_at=closes)
    Round.objects.filter(call=world.call).update(opens_at=opens, closes_at=closes)
    for item in (world.call, world.application, world.other_application):
        item.refresh_from_db()
    return world


def after_interviews(world: World, screened: bool = True) -> World:
    """Move the world's call past its interviews, the time of decisions: submissions closed,
    the interview held; with ``screened``, both applications eligible and complete."""
    import datetime

    from django.utils import timezone

    from cohorte.calls.models import Round
    from cohorte.selection.models import InterviewSlot

    now = timezone.now()
    opens, closes = now - datetime.timedelta(days=40), now - datetime.timedelta(days=10)
    Call.objects.filter(pk=world.call.pk).update(opens_at=opens, closes_at=closes)
    Round.objects.filter(call=world.call).update(opens_at=opens, closes_at=closes)
    InterviewSlot.objects.filter(application__call=world.call).update(
        starts_at=now - datetime.timedelta(days=2)
    )
    if screened:
        Application.objects.filter(call=world.call).update(
            eligibility=Application.Eligibility.ELIGIBLE,
            completeness=Application.Completeness.COMPLETE,
        )
    for item in (world.call, world.application, world.other_application):
        item.refresh_from_db()
    return world
