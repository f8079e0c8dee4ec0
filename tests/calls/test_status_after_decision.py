"""Once the decision is sent, the candidate reads the outcome only, with what comes next."""

import html

import pytest
from django.urls import reverse

from cohorte.calls.models import Application, ApplicationVersion
from cohorte.challenges.models import Challenge
from cohorte.selection.models import Decision, InterviewSlot

pytestmark = pytest.mark.django_db

LEFTOVERS = (
    "en cours d'examen",
    "Confirmer ou demander un autre créneau",
    "Mon audition",
    "Vous êtes invité·e à une audition",
)


def decide(world, outcome, challenge=None):
    """An invited interview, then the decision sent (the application takes its outcome)."""
    InterviewSlot.objects.filter(application=world.application).update(
        status=InterviewSlot.Status.INVITED
    )
    Decision.objects.create(
        application=world.application,
        outcome=outcome,
        challenge=challenge,
        status=Decision.Status.SENT,
    )
    Application.objects.filter(pk=world.application.pk).update(status=outcome)


def pages(client, world) -> list[str]:
    client.force_login(world.candidate)
    return [
        html.unescape(client.get(url).content.decode())
        for url in (
            reverse("calls:application", args=[world.call.slug]),
            reverse("accounts:home"),
        )
    ]


def test_before_the_decision_the_invitation_can_be_answered(client, world):
    InterviewSlot.objects.filter(application=world.application).update(
        status=InterviewSlot.Status.INVITED
    )
    application, _home = pages(client, world)
    assert "Confirmer ou demander un autre créneau" in application


def test_selected_says_the_outcome_what_comes_next_and_links_the_published_defi(client, world):
    decide(world, "selected", world.challenge)
    Challenge.objects.filter(pk=world.challenge.pk).update(status=Challenge.Status.PUBLISHED)
    for page in pages(client, world):
        assert "Retenue" in page
        assert "Félicitations ! Vous êtes retenu·e pour le défi « Défi choisi »." in page
        assert (
            "La suite : l'équipe du programme et l'administration qui accueille le défi vous "
            "écrivent pour votre contrat et votre arrivée dans la promotion."
        ) in page
        assert f'href="{world.challenge.get_absolute_url()}"' in page
        assert "Voir la page du défi « Défi choisi »" in page
        for leftover in LEFTOVERS:
            assert leftover not in page
    application, _home = pages(client, world)
    assert (
        "La décision sur votre candidature vous a été communiquée : elle ne peut plus être "
        "modifiée."
    ) in application


def test_a_defi_not_published_yet_is_not_linked(client, world):
    decide(world, "selected", world.challenge)
    Challenge.objects.filter(pk=world.challenge.pk).update(status=Challenge.Status.DRAFT)
    for page in pages(client, world):
        assert "Voir la page du défi" not in page
        assert f'href="{world.challenge.get_absolute_url()}"' not in page


def test_not_selected_says_so_and_what_comes_next(client, world):
    decide(world, "not_selected")
    for page in pages(client, world):
        assert "Non retenue" in page
        assert "Votre candidature n'a pas été retenue." in page
        assert "Vous pourrez candidater de nouveau aux prochains appels du programme." in page
        for leftover in LEFTOVERS:
            assert leftover not in page


def test_mon_espace_shows_unsubmitted_changes(client, world):
    from cohorte.calls import applications

    application = Application.objects.get(pk=world.application.pk)
    ApplicationVersion.objects.create(
        application=application, number=1, submitted_at=application.submitted_at,
        data=applications.snapshot(application),
    )  # fmt: skip
    client.force_login(world.candidate)
    home = reverse("accounts:home")
    assert "Modifications non déposées" not in html.unescape(client.get(home).content.decode())
    applications.save_draft(application, {"phone": "06 12 34 56 78"}, application.revision,
                            world.candidate)  # fmt: skip
    page = html.unescape(client.get(home).content.decode())
    assert "Modifications non déposées" in page
    assert "Vous avez modifié votre candidature depuis votre dernier dépôt" in page
    assert reverse("calls:application", args=[world.call.slug]) in page
