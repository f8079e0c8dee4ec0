"""The accounts' pages, menu and e-mails call the fellows, the alumni network and the team by
the programme's words (issue #15, §2): EIG's stay as they were, another programme gets its own."""

import html

import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import reverse

from cohorte.accounts.menu import work_menu
from cohorte.notifications.models import OutboxMessage
from cohorte.people.models import Role
from cohorte.programme_words import of, to
from cohorte.programmes.models import Programme
from tests.cohort_world import build_cohort_world
from tests.factories import PersonFactory, RoleFactory, UserFactory

pytestmark = pytest.mark.django_db
TDN = {
    "name": "Talents du numérique",
    "short_name": "TDN",
    "fellow_singular": "talent",
    "fellow_plural": "talents",
    "network_name": "Réseau Talents",
}


def text(response) -> str:
    return html.unescape(response.content.decode())


def become(**words) -> None:
    """The instance's programme takes these words (its save refreshes the identity)."""
    programme = Programme.objects.get()
    for name, value in words.items():
        setattr(programme, name, value)
    programme.save()


def labels(user, path="/mon-espace/") -> list[str]:
    request = RequestFactory().get(path)
    request.user = user
    return [str(item["label"]) for item in work_menu(request)]


@pytest.fixture
def world(db):
    return build_cohort_world()


def test_the_menu_names_eigs_as_before(world):
    team = labels(world.users["team"])
    assert "Recrutement des EIG" in team and "EIG Link" in team
    assert "Paramètres du programme" in team
    assert "Recrutement de vos EIG" in labels(world.users["hr"])


def test_the_menu_uses_another_programmes_words(world):
    become(**TDN)
    team = labels(world.users["team"])
    assert "Recrutement des talents" in team and "Réseau Talents" in team
    assert "Recrutement de vos talents" in labels(world.users["hr"])
    assert not [label for label in team + labels(world.users["hr"]) if "EIG" in label]


def test_a_programme_without_network_name_says_the_alumni_network(world):
    become(network_name="")
    assert "Le réseau des ancien·nes" in labels(world.users["team"])


def test_french_words_before_the_networks_name():
    assert [of("EIG Link"), of("Réseau Talents"), of("le réseau des ancien·nes")] == [
        "d’EIG Link",
        "de Réseau Talents",
        "du réseau des ancien·nes",
    ]
    assert [to("EIG Link"), to("le réseau des ancien·nes"), to("les Alumni")] == [
        "à EIG Link",
        "au réseau des ancien·nes",
        "aux Alumni",
    ]


def test_the_link_pages_and_emails_use_the_programmes_words(client, world):
    become(**TDN)
    client.force_login(world.users["team"])
    page = text(client.get(reverse("link:members")))
    assert "<h1>Réseau Talents</h1>" in page
    assert "Les talents des promotions précédentes qui animent" in page
    assert "Membres de Réseau Talents" in page
    assert "Ajouter à Réseau Talents" in page
    assert "EIG" not in page.split("<main", 1)[1].split("</main>", 1)[0]

    newcomer = UserFactory(username="nina", first_name="Nina", last_name="Vidal")
    page = text(client.post(reverse("link:members"), {"email": newcomer.email}, follow=True))
    assert "Nina Vidal fait désormais partie de Réseau Talents." in page
    mail = OutboxMessage.objects.get()
    assert mail.subject == "Vous rejoignez Réseau Talents sur Cohorte"
    assert "vous a ajouté(e) à Réseau Talents : vous pouvez" in mail.body
    assert mail.body.endswith("\n\nL’équipe du programme TDN")

    refused = client.post(reverse("link:members"), {"email": newcomer.email})
    assert "Nina Vidal fait déjà partie de Réseau Talents." in text(refused)
    refused = client.post(reverse("link:members"), {"email": world.users["team"].email})
    assert "fait partie de l’équipe du programme : Réseau Talents ne lui apporte rien." in text(
        refused
    )

    confirm = text(client.get(reverse("link:remove", args=[newcomer.pk])))
    assert "Retirer un membre de Réseau Talents" in confirm
    assert "Retirer Nina Vidal de Réseau Talents ?" in confirm
    page = text(client.post(reverse("link:remove", args=[newcomer.pk]), follow=True))
    assert "Nina Vidal ne fait plus partie de Réseau Talents." in page
    mail = OutboxMessage.objects.order_by("-pk").first()
    assert mail.subject == "Vous ne faites plus partie de Réseau Talents sur Cohorte"
    assert "vous a retiré(e) de Réseau Talents : vous n’animez plus" in mail.body
    assert mail.body.endswith("\n\nL’équipe du programme TDN")


def test_the_link_emails_of_eig_are_unchanged(client, world):
    client.force_login(world.users["team"])
    newcomer = UserFactory(username="nina", first_name="Nina", last_name="Vidal")
    client.post(reverse("link:members"), {"email": newcomer.email})
    client.post(reverse("link:remove", args=[newcomer.pk]))
    added, removed = OutboxMessage.objects.order_by("pk")
    assert added.body == (
        "Bonjour,\n\nL’équipe du programme vous a ajouté(e) à EIG Link : vous pouvez "
        "désormais animer le programme d’accompagnement, le suivi et les bulletins des "
        f"promotions en cours.\n\nVotre espace : {settings.SITE_URL}/mon-espace/"
        "\n\nL’équipe du programme EIG"
    )
    assert removed.body == (
        "Bonjour,\n\nL’équipe du programme vous a retiré(e) d’EIG Link : vous n’animez plus "
        "le suivi des promotions en cours sur Cohorte. Votre compte reste ouvert.\n\n"
        "L’équipe du programme EIG"
    )


def _mentor_without_account(world):
    RoleFactory(
        kind=Role.Kind.OPERATIONAL_MENTOR,
        cohort=world.cohort,
        challenge=world.first,
        person=PersonFactory(full_name="Inès Moreau", email="ines@interieur.gouv.fr"),
    )


def test_the_mentors_invitation_of_eig_is_unchanged(client, world):
    _mentor_without_account(world)
    client.force_login(world.users["team"])
    client.post(reverse("recruitment:mentors", args=[world.cohort.pk]))
    mail = OutboxMessage.objects.get()
    assert mail.subject == "Créez votre compte Cohorte pour suivre votre défi EIG"
    assert mail.body == (
        "Bonjour Inès Moreau,\n\nVous êtes mentor d’un défi de la Promotion 11 du programme "
        "Entrepreneurs d’intérêt général. Créez votre compte sur Cohorte avec cette "
        "adresse e-mail pour suivre votre défi et ses EIG :\n"
        f"{settings.SITE_URL}/compte/signup/?next=/mon-espace/\n\nL’équipe du programme EIG"
    )


def test_the_mentors_invitation_uses_the_programmes_words(client, world):
    become(**TDN)
    _mentor_without_account(world)
    client.force_login(world.users["team"])
    client.post(reverse("recruitment:mentors", args=[world.cohort.pk]))
    mail = OutboxMessage.objects.get()
    assert mail.subject == "Créez votre compte Cohorte pour suivre votre défi TDN"
    assert "de la Promotion 11 du programme Talents du numérique. Créez" in mail.body
    assert "pour suivre votre défi et ses talents :" in mail.body
    assert mail.body.endswith("\n\nL’équipe du programme TDN")
    assert "EIG" not in mail.subject + mail.body
