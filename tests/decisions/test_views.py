"""The decision pages, for every role: staging, validation, preview, sending, outbox."""

import html
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.calls.models import Application
from cohorte.notifications.models import OutboxMessage
from cohorte.selection.models import Decision
from tests.decisions.conftest import rank, sent, staged, validated
from tests.factories import ApplicationChoiceFactory, ApplicationFactory, ChallengeFactory

pytestmark = pytest.mark.django_db

TEAM = {"team", "director"}
OUTSIDERS = ["candidate", "other_candidate", "mentor", "other_mentor", "juror", "other_juror"]
ROLES = ["anonymous", *OUTSIDERS, "team", "director"]


def login(client, world, role):
    user = world.roles()[role]
    if role != "anonymous":
        client.force_login(user)
    return user


def expected(role, allowed, success=200):
    if role == "anonymous":
        return 302
    return success if role in allowed else 403


def text(response) -> str:
    """The page as a reader sees it (entities decoded)."""
    return html.unescape(response.content.decode())


def snapshot():
    return (
        list(Decision.objects.values_list("pk", "outcome", "challenge", "profile", "status")),
        list(Application.objects.values_list("pk", "status", "decided_at")),
        OutboxMessage.objects.count(),
    )


# Every view, every role ------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("selection:decisions", TEAM),
        ("selection:validation", {"director"}),
        ("selection:decision_preview", TEAM),
        ("selection:decision_outbox", TEAM),
    ],
)
def test_pages_by_role(client, world, role, name, allowed):
    login(client, world, role)
    url = f"{reverse(name)}?appel={world.call.slug}"
    response = client.get(url)
    assert response.status_code == expected(role, allowed)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


def post_urls(world):
    slug, pk = world.call.slug, world.application.pk
    return {
        "stage": (
            reverse("selection:decision_stage", args=[pk]),
            {f"d{pk}-outcome": "not_selected"},
        ),
        "unstage": (reverse("selection:decision_unstage", args=[pk]), {}),
        "proposals": (reverse("selection:decision_stage_proposals", args=[slug]), {}),
        "rest": (reverse("selection:decision_stage_rest", args=[slug]), {}),
        "validate": (f"{reverse('selection:validation')}?appel={slug}", {"all": "1"}),
        "send": (reverse("selection:decision_send", args=[slug]), {}),
        "retry": (reverse("selection:decision_retry", args=[slug]), {}),
        "publish": (reverse("selection:decision_publish", args=[slug]), {}),
    }


@pytest.mark.parametrize("role", ["anonymous", *OUTSIDERS])
@pytest.mark.parametrize(
    "action", ["stage", "unstage", "proposals", "rest", "validate", "send", "retry", "publish"]
)
def test_outsiders_change_nothing(client, world, role, action):
    decision = staged(world)
    login(client, world, role)
    url, data = post_urls(world)[action]
    before, log = snapshot(), ActivityLog.objects.count()
    response = client.post(url, data)
    assert response.status_code == (302 if role == "anonymous" else 403)
    assert snapshot() == before
    assert ActivityLog.objects.count() == log
    assert Decision.objects.get(pk=decision.pk).status == "staged"


def test_a_team_member_who_is_not_director_cannot_validate(client, world):
    staged(world)
    login(client, world, "team")
    url, data = post_urls(world)["validate"]
    before = snapshot()
    assert client.post(url, data).status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("name", ["selection:decisions", "selection:decision_preview"])
def test_an_unknown_call_is_404(client, world, name):
    login(client, world, "team")
    assert client.get(f"{reverse(name)}?appel=inconnu").status_code == 404


# Staging ----------------------------------------------------------------------------------


def test_team_stages_from_the_table(client, world, profile):
    login(client, world, "team")
    pk = world.application.pk
    response = client.post(
        reverse("selection:decision_stage", args=[pk]),
        {
            f"d{pk}-outcome": "selected",
            f"d{pk}-challenge": world.challenge.pk,
            f"d{pk}-profile": profile.pk,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('selection:decisions')}?appel={world.call.slug}#candidature-{pk}"
    )
    decision = Decision.objects.get(application=world.application)
    assert (decision.outcome, decision.challenge, decision.profile, decision.staged_by) == (
        "selected",
        world.challenge,
        profile,
        world.team,
    )
    page = client.get(response["Location"]).content.decode()
    assert "Décision préparée pour" in page
    assert "préparée, à valider par la direction" in page


def test_a_refused_decision_shows_why_and_changes_nothing(client, world):
    login(client, world, "team")
    pk = world.application.pk
    before = snapshot()
    response = client.post(
        reverse("selection:decision_stage", args=[pk]),
        {f"d{pk}-outcome": "selected", f"d{pk}-challenge": ""},
    )
    assert response.status_code == 400
    assert snapshot() == before
    page = response.content.decode()
    assert f'id="d{pk}-error"' in page
    assert "Choisissez le défi de cette décision." in page
    assert f'aria-describedby="d{pk}-error"' in page


def test_a_defi_outside_the_options_is_refused(client, world):
    login(client, world, "team")
    pk = world.application.pk
    before = snapshot()
    response = client.post(
        reverse("selection:decision_stage", args=[pk]),
        {f"d{pk}-outcome": "selected", f"d{pk}-challenge": world.other_challenge.pk},
    )
    assert response.status_code == 400
    assert "Choisissez une décision valide" in response.content.decode()
    assert snapshot() == before


def test_htmx_staging_swaps_the_row_and_refreshes_the_seats(client, world):
    login(client, world, "team")
    pk = world.application.pk
    response = client.post(
        reverse("selection:decision_stage", args=[pk]),
        {f"d{pk}-outcome": "waiting_list", f"d{pk}-challenge": world.challenge.pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    name = world.application.display_name
    assert json.loads(response["HX-Trigger"]) == {
        "decisions-changed": None,
        "announce": f"Décision préparée pour {name}.",
    }
    body = response.content.decode()
    assert body.strip().startswith(f'<tr id="candidature-{pk}">')
    assert "liste d'attente" in html.unescape(body)
    seats = client.get(
        f"{reverse('selection:decisions')}?appel={world.call.slug}&partie=places"
    ).content.decode()
    assert "<caption>Places par défi</caption>" in seats
    assert "<html" not in seats


def test_htmx_error_row_is_swapped_with_its_message(client, world):
    login(client, world, "team")
    pk = world.application.pk
    response = client.post(
        reverse("selection:decision_stage", args=[pk]),
        {f"d{pk}-outcome": "selected"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200  # htmx swaps 2xx answers only
    # The seats do not change; the person hears the refusal where they are.
    assert json.loads(response["HX-Trigger"]) == {
        "announce": "Choisissez le défi de cette décision."
    }
    assert "Choisissez le défi de cette décision." in response.content.decode()
    assert not Decision.objects.exists()


def test_staging_a_withdrawn_application_gives_a_clear_error(client, world):
    Application.objects.filter(pk=world.application.pk).update(status="withdrawn")
    login(client, world, "team")
    pk = world.application.pk
    response = client.post(
        reverse("selection:decision_stage", args=[pk]), {f"d{pk}-outcome": "not_selected"}
    )
    assert response.status_code == 400
    assert "Cette candidature a été retirée" in response.content.decode()
    assert not Decision.objects.exists()


def test_unstage_from_the_table(client, world):
    staged(world)
    login(client, world, "team")
    response = client.post(reverse("selection:decision_unstage", args=[world.application.pk]))
    assert response.status_code == 302
    assert not Decision.objects.exists()


def test_the_table_prefills_the_proposals_and_stages_them_at_once(client, world, profile):
    rank(world, world.application, world.challenge, 1)
    login(client, world, "team")
    page = client.get(f"{reverse('selection:decisions')}?appel={world.call.slug}")
    body = page.content.decode()
    assert "Préparer toutes les propositions des classements" in body
    assert '<option value="selected" selected>' in body
    assert "Proposition des classements :" in body

    response = client.post(reverse("selection:decision_stage_proposals", args=[world.call.slug]))
    assert response.status_code == 302
    assert dict(Decision.objects.values_list("application", "outcome")) == {
        world.application.pk: "selected",
        world.other_application.pk: "not_selected",
    }


def test_the_rest_not_selected_button(client, world):
    staged(world)
    login(client, world, "team")
    client.post(reverse("selection:decision_stage_rest", args=[world.call.slug]))
    assert Decision.objects.get(application=world.other_application).outcome == "not_selected"


def test_staging_page_queries_do_not_grow_with_applications(client, world, profile):
    login(client, world, "team")
    url = f"{reverse('selection:decisions')}?appel={world.call.slug}"

    def add(n):
        for i in range(n):
            application = ApplicationFactory(call=world.call)
            ApplicationChoiceFactory(application=application, challenge=world.challenge)
            rank(world, application, world.challenge, i + 5, profile=profile)
            if i % 2:
                staged(world, application=application, outcome="waiting_list")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add(3)
    small = count()
    add(12)
    assert count() == small


# Validation -----------------------------------------------------------------------------


def test_director_sees_decisions_by_defi_with_seats(client, world):
    staged(world)
    login(client, world, "director")
    page = client.get(f"{reverse('selection:validation')}?appel={world.call.slug}")
    body = page.content.decode()
    assert "<h3>Défi choisi</h3>" in body
    assert "1 retenu·e(s) pour 2 place(s)." in body
    assert "Dépassement" not in body
    assert f'name="decisions" value="{world.application.decision.pk}"' in body


def test_director_reads_in_words_that_a_defi_has_more_selected_than_seats(client, world):
    decision = staged(world)
    decision.challenge.__class__.objects.filter(pk=decision.challenge_id).update(seats=0)
    login(client, world, "director")
    body = text(client.get(f"{reverse('selection:validation')}?appel={world.call.slug}"))
    assert (
        '<p class="fr-error-text">1 retenu·e(s) pour 0 place(s). <strong>Dépassement : 1 place '
        "de plus que prévu.</strong></p>"
    ) in body


def test_director_validates_some(client, world):
    first = staged(world)
    second = staged(world, application=world.other_application, outcome="not_selected")
    login(client, world, "director")
    response = client.post(
        f"{reverse('selection:validation')}?appel={world.call.slug}",
        {"decisions": [first.pk], "some": "1"},
    )
    assert response.status_code == 302
    assert Decision.objects.get(pk=first.pk).status == "validated"
    assert Decision.objects.get(pk=second.pk).status == "staged"


def test_director_validates_all(client, world):
    staged(world)
    staged(world, application=world.other_application, outcome="not_selected")
    login(client, world, "director")
    client.post(f"{reverse('selection:validation')}?appel={world.call.slug}", {"all": "1"})
    assert set(Decision.objects.values_list("status", flat=True)) == {"validated"}
    assert ActivityLog.objects.filter(action="decision.validated").count() == 2


def test_validating_an_unknown_decision_changes_nothing(client, world):
    decision = staged(world)
    login(client, world, "director")
    response = client.post(
        f"{reverse('selection:validation')}?appel={world.call.slug}",
        {"decisions": [decision.pk, 999999]},
        follow=True,
    )
    assert "Une de ces décisions n'est plus à valider : rien n'a changé." in text(response)
    assert Decision.objects.get(pk=decision.pk).status == "staged"


def test_validating_nothing_says_so(client, world):
    staged(world)
    login(client, world, "director")
    response = client.post(
        f"{reverse('selection:validation')}?appel={world.call.slug}", {"some": "1"}, follow=True
    )
    assert "Cochez au moins une décision à valider." in response.content.decode()


# Preview and sending -----------------------------------------------------------------------


def test_preview_shows_the_exact_email_then_sending_queues_it(client, world):
    decision = validated(world, outcome="not_selected")
    login(client, world, "team")
    page = client.get(f"{reverse('selection:decision_preview')}?appel={world.call.slug}")
    body = page.content.decode()
    name = world.application.display_name
    assert "Réponse à votre candidature" in body
    assert f"Bonjour {name}," in body
    assert world.candidate.email in body
    assert "Envoyer cet e-mail" in body

    response = client.post(
        reverse("selection:decision_send", args=[world.call.slug]), {"decisions": [decision.pk]}
    )
    assert response.status_code == 302
    assert response["Location"] == (
        f"{reverse('selection:decision_outbox')}?appel={world.call.slug}"
    )
    [message] = OutboxMessage.objects.all()
    preview = page.context["groups"][0]["items"][0]
    assert (message.subject, message.body) == (preview["subject"], preview["body"])
    assert Decision.objects.get(pk=decision.pk).status == "sent"


def test_sending_what_was_not_previewed_is_refused(client, world):
    decision = staged(world)
    login(client, world, "team")
    response = client.post(
        reverse("selection:decision_send", args=[world.call.slug]),
        {"decisions": [decision.pk]},
        follow=True,
    )
    assert "n'est pas validée par la direction du programme" in text(response)
    assert not OutboxMessage.objects.exists()


def test_sending_nothing_is_refused(client, world):
    login(client, world, "team")
    response = client.post(reverse("selection:decision_send", args=[world.call.slug]), {})
    assert response.status_code == 302
    assert not OutboxMessage.objects.exists()


def test_preview_queries_do_not_grow_with_decisions(client, world):
    login(client, world, "team")
    url = f"{reverse('selection:decision_preview')}?appel={world.call.slug}"

    def add(n):
        for _ in range(n):
            application = ApplicationFactory(call=world.call)
            validated(world, application=application, outcome="not_selected")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add(2)
    small = count()
    add(10)
    assert count() == small


def test_outbox_lists_this_calls_decision_emails(client, world):
    sent(world)
    other_call_decision = ChallengeFactory()  # unrelated data does not appear
    assert other_call_decision
    login(client, world, "team")
    page = client.get(f"{reverse('selection:decision_outbox')}?appel={world.call.slug}")
    [item] = page.context["items"]
    assert item["message"].status == "queued"
    assert item["subject"] == world.application
    assert "en attente" in page.content.decode()


@pytest.mark.parametrize(
    ("role", "name", "step"),
    [
        ("director", "selection:validation", staged),
        ("team", "selection:decision_outbox", sent),
    ],
)
def test_lists_do_not_grow_in_queries(client, world, role, name, step):
    login(client, world, role)
    url = f"{reverse(name)}?appel={world.call.slug}"

    def add(n):
        for _ in range(n):
            step(world, application=ApplicationFactory(call=world.call), outcome="not_selected")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    add(2)
    small = count()
    add(8)
    assert count() == small


def test_a_withdrawal_after_staging_is_shown_for_the_team_to_cancel(client, world):
    decision = staged(world)
    other = staged(world, application=world.other_application, outcome="not_selected")
    Application.objects.filter(pk=world.application.pk).update(status="withdrawn")

    login(client, world, "team")
    page = text(client.get(f"{reverse('selection:decisions')}?appel={world.call.slug}"))
    assert "Candidature retirée : annulez sa décision." in page
    assert reverse("selection:decision_unstage", args=[world.application.pk]) in page

    client.force_login(world.director)
    page = text(client.get(f"{reverse('selection:validation')}?appel={world.call.slug}"))
    assert "candidature retirée : décision à annuler par l’équipe" in page
    assert f'name="decisions" value="{decision.pk}"' not in page
    assert "Valider la décision à valider (1)" in page
    client.post(f"{reverse('selection:validation')}?appel={world.call.slug}", {"all": "1"})
    assert Decision.objects.get(pk=decision.pk).status == "staged"
    assert Decision.objects.get(pk=other.pk).status == "validated"


@pytest.mark.parametrize(("role", "linked"), [("team", False), ("director", True)])
def test_the_steps_of_the_decisions_are_numbered_the_same_for_the_team_and_the_director(
    client, world, role, linked
):
    """Step 2 is the director's: the team reads who does it instead of a gap in the numbers."""
    login(client, world, role)
    page = client.get(reverse("selection:decisions"), {"appel": world.call.slug}).content.decode()
    assert "1. Préparer" in page and "3. Relire et envoyer" in page
    assert ("2. Valider (direction)</a>" in page) is linked
    assert ("2. Valider : action de la direction</span>" in page) is not linked
