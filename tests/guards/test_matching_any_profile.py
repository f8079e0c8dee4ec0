"""A matching run on "tout profil" seats becomes decisions: the profile comes from the seat or
the candidate's choice, or the page asks for it in place; never a refusal after the run."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.selection import matching_runs as domain
from cohorte.selection.models import Decision, RankingEntry
from tests.factories import ExpertiseFactory
from tests.world import after_interviews

pytestmark = pytest.mark.django_db


@pytest.fixture
def any_profile(world):
    """The world's candidate ranked first on a défi whose seat has no profile, having chosen
    no profile; the call seeks two."""
    after_interviews(world)
    world.challenge.seats = 1
    world.challenge.save(update_fields=["seats"])
    dev = ExpertiseFactory(name="Développement", slug="developpement")
    design = ExpertiseFactory(name="Design", slug="design")
    world.call.profiles.add(dev, design)
    RankingEntry.objects.create(
        call=world.call, challenge=world.challenge, application=world.application, position=1
    )
    run = domain.run_matching(world.call, world.team)
    assert {row["candidate"] for row in run.solution["assignment"]} == {str(world.application.pk)}
    return world, run, dev, design


def test_the_run_asks_for_the_profile_instead_of_refusing(any_profile):
    world, run, dev, design = any_profile
    [question] = domain.profile_questions(run)
    assert (question.application, question.challenge, question.options) == (
        world.application,
        world.challenge,
        [design, dev],
    )
    assert question.field == f"profil-{world.application.pk}"
    before = ActivityLog.objects.count()
    with pytest.raises(domain.MatchingError) as error:
        domain.stage_from_run(run, world.team)
    assert str(error.value) == (
        f"Rien n'a été préparé. Profil de {world.application.display_name} sur « Défi choisi » "
        ": choisissez-le dans la liste sous « Préparer les décisions »."
    )
    assert not Decision.objects.exists()
    assert ActivityLog.objects.count() == before

    report = domain.stage_from_run(run, world.team, {world.application.pk: dev.pk})
    assert report.counts["selected"] == 1
    decision = Decision.objects.get(application=world.application)
    assert (decision.outcome, decision.challenge, decision.profile) == (
        "selected",
        world.challenge,
        dev,
    )
    run.refresh_from_db()
    assert domain.profile_questions(run) == []


def test_a_profile_the_call_does_not_seek_is_asked_again(any_profile):
    world, run, _dev, _design = any_profile
    other = ExpertiseFactory(name="Autre", slug="autre")
    with pytest.raises(domain.MatchingError, match="Profil de .* sur « Défi choisi »"):
        domain.stage_from_run(run, world.team, {world.application.pk: other.pk})
    assert not Decision.objects.exists()


def test_the_profile_chosen_by_the_candidate_needs_no_question(any_profile):
    world, run, dev, _design = any_profile
    choice = world.application.choices.get(challenge=world.challenge)
    choice.profile = dev
    choice.save(update_fields=["profile"])
    assert domain.profile_questions(run) == []
    domain.stage_from_run(run, world.team)
    assert Decision.objects.get().profile == dev


def test_the_profile_a_jury_ranked_them_for_needs_no_question(any_profile):
    world, run, _dev, design = any_profile
    RankingEntry.objects.create(
        call=world.call,
        challenge=world.challenge,
        profile=design,
        application=world.application,
        position=1,
        waiting_list=True,
    )
    assert domain.profile_questions(run) == []


def test_the_questions_cost_the_same_queries_asked_or_not(any_profile):
    """The placed candidates whose profile is known are sorted out in the database: the
    questions read the rows asked about with their names, and the call's profiles."""
    world, run, dev, _design = any_profile
    challenges = domain.call_challenges(world.call)
    with CaptureQueriesContext(connection) as asked:
        [question] = domain.profile_questions(run, challenges)
        assert question.application.display_name == world.application.display_name
    world.application.choices.filter(challenge=world.challenge).update(profile=dev)
    with CaptureQueriesContext(connection) as known:
        assert domain.profile_questions(run, challenges) == []
    assert len(asked) == len(known) == 2


def test_the_matching_page_asks_for_the_profile_in_the_form(client, any_profile):
    world, run, dev, design = any_profile
    client.force_login(world.team)
    url = f"{reverse('selection:matching')}?appel={world.call.slug}&calcul={run.pk}"
    page = html.unescape(client.get(url).content.decode())
    field = f"profil-{world.application.pk}"
    assert (
        f'<label class="fr-label" for="{field}">Profil de {world.application.display_name} sur '
        "« Défi choisi »</label>"
    ) in page
    assert f'<option value="{dev.pk}">Développement</option>' in page
    response = client.post(
        reverse("selection:matching_stage", args=[run.pk]), {"confirmer": "oui", field: dev.pk}
    )
    assert response.status_code == 302
    assert Decision.objects.get().profile == dev
