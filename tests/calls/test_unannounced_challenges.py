"""A défi not announced yet is never offered to candidates nor accepted as their choice
(issue #16, item 4): application form, autosave, submission, vote; then, once published, it is.
"""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cohorte.calls import applications, voting
from cohorte.calls.choices import choice_options
from cohorte.calls.models import Application, ApplicationChoice, Call
from cohorte.challenges.models import Challenge
from cohorte.projects.publication import publish_projects
from tests.calls.test_views_candidate import form_data, snapshot
from tests.factories import ApplicationCallFactory, ChallengeFactory, UserFactory
from tests.project_world import after_auditions
from tests.projects.decisions_helpers import profile, send

pytestmark = pytest.mark.django_db

SECRET = "Défi secret du ministère"
NOT_OFFERED = "Un de vos choix n'est pas proposé par cet appel."


@pytest.fixture
def secret(world):
    """A défi created by a "selected" decision: attached to the call, hidden until announced."""
    challenge = ChallengeFactory(
        cohort=world.call.cohort, title=SECRET, slug="defi-secret", status=Challenge.Status.DRAFT
    )
    world.call.challenges.add(challenge)
    return challenge


def text(response) -> str:
    return html.unescape(response.content.decode())


def publish(challenge):
    challenge.status = Challenge.Status.PUBLISHED
    challenge.save(update_fields=["status"])


def test_the_options_hold_only_public_defis(world, secret):
    assert secret.pk not in {o.challenge_id for o in choice_options(world.call)}
    publish(secret)
    assert secret.pk in {o.challenge_id for o in choice_options(world.call)}


def test_the_form_neither_lists_nor_saves_it(world, secret, client):
    client.force_login(world.candidate)
    url = reverse("calls:application", args=[world.call.slug])
    page = text(client.get(url))
    assert world.challenge.title in page and SECRET not in page
    assert f'value="c{secret.pk}"' not in page
    before = snapshot(world.application)
    response = client.post(url, form_data(world.application, choices=[f"c{secret.pk}"]))
    assert response.status_code == 400
    assert NOT_OFFERED in text(response) and SECRET not in text(response)
    assert snapshot(world.application)["choices"] == before["choices"]
    # Once announced and published, it is offered and chosen like any other.
    publish(secret)
    assert SECRET in text(client.get(url))
    world.application.refresh_from_db()
    response = client.post(url, form_data(world.application, choices=[f"c{secret.pk}"]))
    assert response.status_code == 302
    assert list(world.application.choices.values_list("challenge_id", flat=True)) == [secret.pk]


def test_the_autosave_refuses_it(world, secret, client):
    client.force_login(world.candidate)
    url = reverse("calls:autosave", args=[world.call.slug])
    before = snapshot(world.application)
    response = client.post(url, form_data(world.application, choices=[f"c{secret.pk}"]))
    assert response.status_code == 400
    assert f"sauf 1 point : {NOT_OFFERED}" in text(response)
    assert snapshot(world.application)["choices"] == before["choices"]
    publish(secret)
    world.application.refresh_from_db()
    response = client.post(url, form_data(world.application, choices=[f"c{secret.pk}"]))
    assert response.status_code == 200
    assert list(world.application.choices.values_list("challenge_id", flat=True)) == [secret.pk]


def test_a_submission_with_it_is_incomplete(world, secret):
    application = world.application
    application.status = Application.Status.DRAFT
    application.save(update_fields=["status"])
    application.choices.all().delete()
    ApplicationChoice.objects.create(application=application, rank=1, challenge=secret)
    errors = applications.completeness_errors(application)
    assert errors["choices"] == [NOT_OFFERED]
    with pytest.raises(ValidationError):
        applications.submit(application, world.candidate)
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


@pytest.fixture
def voting_world(world, secret):
    call = world.call
    call.choice_timing = Call.ChoiceTiming.VOTING
    call.voting_closes_at = timezone.now() + datetime.timedelta(days=3)
    call.save()
    world.application.status = Application.Status.SHORTLISTED
    world.application.save()
    world.application.choices.all().delete()
    return world


def test_the_vote_neither_lists_nor_accepts_it(voting_world, secret, client):
    w = voting_world
    client.force_login(w.candidate)
    url = reverse("calls:vote", args=[w.call.slug])
    page = text(client.get(url))
    assert w.challenge.title in page and SECRET not in page
    response = client.post(url, {"choices": [f"c{secret.pk}"]})
    assert response.status_code == 400
    assert NOT_OFFERED in text(response)
    assert not w.application.choices.exists()
    with pytest.raises(ValidationError):
        voting.cast_vote(w.application, [{"challenge": secret.pk, "profile": None}], w.candidate)
    assert not w.application.choices.exists()
    publish(secret)
    assert SECRET in text(client.get(url))
    assert client.post(url, {"choices": [f"c{secret.pk}"]}).status_code == 302
    assert list(w.application.choices.values_list("challenge_id", flat=True)) == [secret.pk]


def test_before_and_after_the_announcement_of_the_call_for_projects(project_world, client):
    """The real path: a proposal selected and sent becomes a draft défi attached to the
    cohort's call for applications; the announcement publishes it."""
    profile()
    call = ApplicationCallFactory(cohort=project_world.call.cohort)
    public = ChallengeFactory(cohort=call.cohort, title="Défi déjà annoncé")
    call.challenges.add(public)
    # The défi jury has met: its decisions may be sent (calls.guards).
    after_auditions(project_world)
    send(project_world, project_world.proposal)
    challenge = project_world.proposal.challenge
    assert challenge.status == Challenge.Status.DRAFT and challenge in call.challenges.all()
    candidate = UserFactory(username="camille", email="camille@example.org")
    application = applications.start(call, candidate)
    client.force_login(candidate)
    url = reverse("calls:application", args=[call.slug])
    page = text(client.get(url))
    assert "Défi déjà annoncé" in page and challenge.title not in page
    assert client.get(reverse("public:challenge_detail", args=[challenge.slug])).status_code == 404
    response = client.post(url, form_data(application, choices=[f"c{challenge.pk}"]))
    assert response.status_code == 400 and not application.choices.exists()
    application.refresh_from_db()

    project_world.call.announcement_at = timezone.now() - datetime.timedelta(hours=1)
    project_world.call.save(update_fields=["announcement_at"])
    assert publish_projects(project_world.call) == 1
    assert challenge.title in text(client.get(url))
    response = client.post(url, form_data(application, choices=[f"c{challenge.pk}"]))
    assert response.status_code == 302
    assert list(application.choices.values_list("challenge_id", flat=True)) == [challenge.pk]
