"""Writing a défi's monthly check-in with its actions, and marking actions done."""

import datetime
import html

import pytest
from django.urls import reverse

from cohorte.bulletins.models import Bulletin
from cohorte.followup.models import Action, CheckIn
from cohorte.notifications.models import OutboxMessage
from tests.recruitment.conftest import actions as log

pytestmark = pytest.mark.django_db
OWNER_REFUSED = "Le ou la responsable doit faire partie de l'équipe du défi ou du programme."


def text(response) -> str:
    return html.unescape(response.content.decode())


def post(world, **changes):
    values = {
        "held_on": "2027-05-12",
        "weather": "at_risk",
        "progress": "Le prototype tourne.",
        "blockers": "Accès aux données du SNDS.",
        "needs": ["data", "legal"],
        "decisions": "Demander une convention.",
        "actions-TOTAL_FORMS": "2",
        "actions-INITIAL_FORMS": "0",
        "actions-0-title": "Écrire à la CNIL",
        "actions-0-owner": str(world.users["second_fellow"].pk),
        "actions-0-due_on": "2027-06-01",
        "actions-1-title": "",
        "actions-1-owner": "",
        "actions-1-due_on": "",
    }
    return {**values, **changes}


def test_a_fellow_writes_a_check_in_with_an_action(client, cohort_world, on_day):
    world = cohort_world
    client.force_login(world.users["fellow"])
    url = reverse("followup:check_in_new", args=[world.first.pk])
    response = client.post(url, post(world), follow=True)
    assert "Le point d'étape est enregistré." in text(response)
    check_in = CheckIn.objects.get()
    assert (check_in.challenge, check_in.held_on, check_in.weather) == (
        world.first, datetime.date(2027, 5, 12), "at_risk",
    )  # fmt: skip
    assert check_in.needs == ["legal", "data"]
    assert check_in.written_by == world.users["fellow"]
    assert log(check_in) == [
        ("followup.check_in_written", {"held_on": "2027-05-12", "weather": "at_risk"})
    ]
    action = Action.objects.get()
    assert (action.title, action.owner, action.due_on, action.check_in) == (
        "Écrire à la CNIL", world.users["second_fellow"], datetime.date(2027, 6, 1), check_in,
    )  # fmt: skip
    assert log(action) == [
        (
            "followup.action_opened",
            {
                "challenge": world.first.pk,
                "owner": world.users["second_fellow"].pk,
                "due_on": "2027-06-01",
            },
        )
    ]
    mail = OutboxMessage.objects.get()
    assert mail.to == [world.users["second_fellow"].email]
    assert mail.subject == "Nouvelle action pour le défi « Données de santé »"
    page = text(client.get(reverse("followup:challenge", args=[world.first.pk])))
    assert "Écrire à la CNIL" in page and "juridique, accès aux données" in page


@pytest.mark.parametrize(
    "changes, field, message",
    [
        (
            {"held_on": "2027-05-18"},
            "held_on",
            "Le point d'étape ne peut pas être daté dans le futur.",
        ),
        (
            {"held_on": "2026-12-20"},
            "held_on",
            "Le point d'étape doit être daté pendant la promotion (du 04/01/2027 au 30/11/2027).",
        ),
        ({"actions-0-owner": "OTHER"}, "owner", OWNER_REFUSED),
        ({"actions-0-owner": "HR"}, "owner", OWNER_REFUSED),
        ({"actions-0-due_on": ""}, "due_on", "Indiquez l'échéance de l'action."),
        ({"actions-0-title": ""}, "title", "Décrivez l'action."),
        ({"actions-0-owner": ""}, "owner", "Choisissez le ou la responsable de l'action."),
        ({"weather": ""}, "weather", "Ce champ est obligatoire."),
    ],
)
def test_refused_check_ins_change_nothing(client, cohort_world, on_day, changes, field, message):
    world = cohort_world
    # The second défi's fellow, the host's HR contact: not of the first défi's team.
    owners = {"OTHER": world.users["other_fellow"].pk, "HR": world.users["hr"].pk}
    changes = {k: str(owners.get(v, v)) if k.endswith("owner") else v for k, v in changes.items()}
    client.force_login(world.users["mentor"])
    response = client.post(
        reverse("followup:check_in_new", args=[world.first.pk]), post(world, **changes)
    )
    assert response.status_code == 400
    assert message in text(response)
    assert not CheckIn.objects.exists() and not Action.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_editing_a_check_in(client, cohort_world, on_day):
    world = cohort_world
    check_in = CheckIn.objects.create(
        challenge=world.first, held_on=datetime.date(2027, 4, 12), weather="on_track"
    )
    client.force_login(world.users["link"])
    url = reverse("followup:check_in", args=[world.first.pk, check_in.pk])
    assert "12/04/2027" in text(client.get(url))
    data = post(world, held_on="2027-04-12", weather="blocked", **{"actions-0-title": ""})
    data.update({"actions-0-owner": "", "actions-0-due_on": ""})
    response = client.post(url, data, follow=True)
    assert "Le point d'étape est modifié." in text(response)
    check_in.refresh_from_db()
    assert check_in.weather == "blocked" and check_in.blockers == "Accès aux données du SNDS."
    assert log(check_in) == [
        (
            "followup.check_in_edited",
            {
                "changed": ["blockers", "decisions", "needs", "progress", "weather"],
                "held_on": "2027-04-12",
                "weather": "blocked",
            },
        )
    ]
    assert not Action.objects.exists()


def test_open_actions_carry_over_and_are_marked_done(client, cohort_world, on_day):
    world = cohort_world
    earlier = CheckIn.objects.create(
        challenge=world.first, held_on=datetime.date(2027, 3, 10), weather="on_track"
    )
    bulletin = Bulletin.objects.create(challenge=world.first, week=datetime.date(2027, 5, 3))
    team = world.users["team"]
    from_check_in = Action.objects.create(
        challenge=world.first, title="Ouvrir le dépôt", owner=team,
        due_on=datetime.date(2027, 4, 1), check_in=earlier,
    )  # fmt: skip
    from_bulletin = Action.objects.create(
        challenge=world.first, title="Trouver un hébergeur", owner=team,
        due_on=datetime.date(2027, 6, 1), bulletin=bulletin,
    )  # fmt: skip
    Action.objects.create(
        challenge=world.first, title="Déjà faite", owner=team,
        due_on=datetime.date(2027, 4, 1), done_on=datetime.date(2027, 4, 2),
    )  # fmt: skip
    client.force_login(world.users["fellow"])
    url = reverse("followup:check_in_new", args=[world.first.pk])
    page = text(client.get(url))
    assert "Ouvrir le dépôt" in page and "(point du 10/03/2027)" in page
    assert "Trouver un hébergeur" in page and "(bulletin de la semaine du 03/05/2027)" in page
    assert "Déjà faite" not in page
    done = reverse("followup:action_done", args=[world.first.pk, from_check_in.pk])
    response = client.post(done, {"retour": url})
    assert response.status_code == 302 and response["Location"] == url
    from_check_in.refresh_from_db()
    assert from_check_in.done_on == on_day
    assert log(from_check_in) == [("followup.action_done", {"done_on": "2027-05-17"})]
    # Marked twice (two tabs): refused, nothing logged again.
    response = client.post(done, follow=True)
    assert "Cette action est déjà faite." in text(response)
    assert len(log(from_check_in)) == 1
    # Somewhere else than the défi's pages: back to the défi's page.
    other = reverse("followup:action_done", args=[world.first.pk, from_bulletin.pk])
    response = client.post(other, {"retour": "https://ailleurs.example/"})
    assert response["Location"] == reverse("followup:challenge", args=[world.first.pk])
