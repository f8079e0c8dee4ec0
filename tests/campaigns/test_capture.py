"""A visitor's tracked link: remembered only when it names a channel of the call, kept with the
application only with consent, and the heard-from answer kept with it."""

import pytest
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.calls.models import Application
from cohorte.campaigns import domain
from cohorte.campaigns.models import Arrival, Channel, HeardFromQuestion
from cohorte.projects.models import Proposal
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

CONSENT = (
    "J&#x27;accepte que le lien par lequel je suis arrivé·e soit conservé avec ma candidature "
    "pour mesurer la diffusion de l&#x27;appel."
)


@pytest.fixture
def channel(world):
    return Channel.objects.create(
        call=world.call, label="LinkedIn", slug="linkedin", utm_source="linkedin",
        utm_medium="social",
    )  # fmt: skip


@pytest.fixture
def question(world):
    return domain.configure_question(
        world.call, "Comment avez-vous connu cet appel ?", False,
        ["Réseaux sociaux", "Bouche-à-oreille"], world.team,
    )  # fmt: skip


@pytest.fixture
def newcomer(db):
    return UserFactory(username="nouvelle", email="nouvelle@example.org")


def _visit(client, call, **params):
    response = client.get(call.get_absolute_url(), params)
    assert response.status_code == 200
    return client.session.get(domain.SESSION_KEY)


def test_the_link_names_the_call_page_with_its_parameters(world, channel, settings):
    assert channel.utm_campaign == world.call.slug
    assert channel.tracked_link == (
        f"{settings.SITE_URL}/appels/{world.call.slug}/"
        f"?utm_source=linkedin&utm_medium=social&utm_campaign={world.call.slug}"
    )


def test_a_known_link_is_remembered_for_the_call(world, channel, client):
    remembered = _visit(client, world.call, **channel.parameters())
    assert remembered == {str(world.call.pk): channel.pk}


def test_a_known_link_is_remembered_from_the_page_cache_too(world, channel, client):
    # A first anonymous visit fills the cache; the second is served from it.
    client.get(world.call.get_absolute_url())
    remembered = _visit(client, world.call, **channel.parameters())
    assert remembered == {str(world.call.pk): channel.pk}


@pytest.mark.parametrize(
    "params",
    [
        {"utm_source": "facebook", "utm_medium": "social"},  # unknown value
        {"utm_source": "linkedin", "utm_medium": "social", "utm_campaign": "autre"},
        {"utm_source": "linkedin", "utm_medium": "social", "utm_campaign": "x" * 500},
        {"utm_source": "linkedin"},  # incomplete
        {"utm_term": "eig", "utm_content": "bandeau"},  # unknown parameters
    ],
)
def test_unknown_parameters_are_ignored_and_never_stored(world, channel, client, params):
    params = {"utm_campaign": world.call.slug, **params}
    before = (Arrival.objects.count(), Channel.objects.count(), ActivityLog.objects.count())
    assert _visit(client, world.call, **params) is None
    assert (Arrival.objects.count(), Channel.objects.count(), ActivityLog.objects.count()) == before


def test_a_channel_of_another_call_is_not_remembered(world, channel, client):
    from tests.factories import ApplicationCallFactory

    other = ApplicationCallFactory()
    assert _visit(client, other, **channel.parameters()) is None


def _start(client, call, **data):
    return client.post(reverse("calls:application", args=[call.slug]), {"action": "start", **data})


def test_with_consent_the_channel_and_the_answer_are_kept(world, channel, question, newcomer,
                                                          client):  # fmt: skip
    _visit(client, world.call, **channel.parameters())
    client.force_login(newcomer)
    page = client.get(reverse("calls:application", args=[world.call.slug])).content.decode()
    assert "Comment avez-vous connu cet appel ?" in page and CONSENT in page
    answer = question.answers.get(label="Réseaux sociaux")
    response = _start(client, world.call, heard_from=answer.pk, link_consent="on")
    assert response.status_code == 302
    application = Application.objects.get(candidate=newcomer)
    arrival = application.arrival
    assert (arrival.channel, arrival.answer, arrival.consent, arrival.call) == (
        channel,
        answer,
        True,
        world.call,
    )
    entry = ActivityLog.objects.get(action="campaigns.arrival_recorded")
    assert (entry.object_id, entry.actor) == (str(application.pk), newcomer)
    assert entry.data == {"channel": channel.pk, "answer": "Réseaux sociaux", "consent": True}


def test_without_consent_the_channel_is_not_kept(world, channel, question, newcomer, client):
    _visit(client, world.call, **channel.parameters())
    client.force_login(newcomer)
    answer = question.answers.get(label="Bouche-à-oreille")
    assert _start(client, world.call, heard_from=answer.pk).status_code == 302
    arrival = Application.objects.get(candidate=newcomer).arrival
    assert (arrival.channel, arrival.answer, arrival.consent) == (None, answer, False)


def test_consent_without_a_remembered_link_keeps_no_channel(world, channel, newcomer, client):
    client.force_login(newcomer)
    page = client.get(reverse("calls:application", args=[world.call.slug])).content.decode()
    assert CONSENT not in page  # no link, nothing to consent to
    assert _start(client, world.call, link_consent="on").status_code == 302
    arrival = Application.objects.get(candidate=newcomer).arrival
    assert (arrival.channel, arrival.consent) == (None, True)


def test_nothing_to_keep_records_nothing(world, newcomer, client):
    client.force_login(newcomer)
    assert _start(client, world.call).status_code == 302
    assert Application.objects.filter(candidate=newcomer).exists()
    assert not Arrival.objects.exists()
    assert not ActivityLog.objects.filter(action="campaigns.arrival_recorded").exists()


def test_a_required_question_unanswered_starts_nothing(world, question, newcomer, client):
    HeardFromQuestion.objects.filter(pk=question.pk).update(required=True)
    client.force_login(newcomer)
    before = (Application.objects.count(), Arrival.objects.count(), ActivityLog.objects.count())
    response = _start(client, world.call)
    assert response.status_code == 400
    assert "Dites-nous comment vous avez connu cet appel." in response.content.decode()
    after = (Application.objects.count(), Arrival.objects.count(), ActivityLog.objects.count())
    assert after == before


def test_an_answer_not_offered_starts_nothing(world, question, newcomer, client):
    hidden = domain.configure_question(world.call, question.label, False, ["Presse"], world.team)
    removed = hidden.answers.get(label="Réseaux sociaux")
    assert removed.active is False
    client.force_login(newcomer)
    before = (Application.objects.count(), Arrival.objects.count(), ActivityLog.objects.count())
    response = _start(client, world.call, heard_from=removed.pk)
    assert response.status_code == 400
    assert "Choisissez une des réponses proposées." in response.content.decode()
    after = (Application.objects.count(), Arrival.objects.count(), ActivityLog.objects.count())
    assert after == before


def test_an_administration_arriving_by_a_link_keeps_it_with_its_proposal(project_world, client):
    call = project_world.call
    channel = Channel.objects.create(
        call=call, label="Lettre DINUM", slug="lettre", utm_source="dinum", utm_medium="email"
    )
    domain.configure_question(call, "Comment avez-vous connu cet appel ?", True, ["Presse"],
                              project_world.team)  # fmt: skip
    _visit(client, call, **channel.parameters())
    client.force_login(project_world.admin_user)
    url = reverse("projects:new", args=[call.slug])
    page = client.get(url).content.decode()
    assert "ma proposition pour mesurer la diffusion" in page
    before = Proposal.objects.count()
    refused = client.post(url, {"organisation": str(project_world.organisation.pk)})
    assert refused.status_code == 400
    assert "Dites-nous comment vous avez connu cet appel." in refused.content.decode()
    assert Proposal.objects.count() == before
    answer = call.heard_from_question.answers.get()
    response = client.post(
        url,
        {"organisation": str(project_world.organisation.pk), "heard_from": answer.pk,
         "link_consent": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    proposal = Proposal.objects.latest("pk")
    assert (proposal.arrival.channel, proposal.arrival.answer) == (channel, answer)
    assert ActivityLog.objects.filter(
        action="campaigns.arrival_recorded", object_id=str(proposal.pk)
    ).exists()


def test_the_link_followed_before_signing_in_is_kept_after(world, channel, newcomer, client):
    _visit(client, world.call, **channel.parameters())
    response = client.post(
        reverse("account_login"), {"login": newcomer.email, "password": "motdepasse-solide-42"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(newcomer.pk)
    assert client.session[domain.SESSION_KEY] == {str(world.call.pk): channel.pk}
    assert _start(client, world.call, link_consent="on").status_code == 302
    assert Application.objects.get(candidate=newcomer).arrival.channel == channel
