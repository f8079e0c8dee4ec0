"""The weekly bulletins' pages for every role, and what they do (issue #11, §4)."""

import datetime
import html

import pytest
import time_machine
from django.urls import reverse

from cohorte.bulletins import writing
from cohorte.bulletins.models import Bulletin, Comment, DigestSubscription
from cohorte.followup.models import Action
from cohorte.notifications.models import OutboxMessage
from tests.cohort_world import ROLES
from tests.recruitment.conftest import actions

pytestmark = pytest.mark.django_db
# Thursday 11 March 2027, in the cohort's tenth week; its Monday is the 8th.
NOW = datetime.datetime(2027, 3, 11, 9, tzinfo=datetime.UTC)
WEEK = datetime.date(2027, 3, 8)
POST = {"done": "Premier **prototype**", "next": "Tests", "help_needed": "", "mood": "good"}


@pytest.fixture(autouse=True)
def thursday():
    with time_machine.travel(NOW, tick=False):
        yield


def text(response) -> str:
    return html.unescape(response.content.decode())


def status(client, world, role, method, url, data=None):
    client.logout()
    if role != "anonymous":
        client.force_login(world.users[role])
    return getattr(client, method)(url, data or {}).status_code


def published(world, challenge=None, week=WEEK, **values):
    challenge = challenge or world.first
    return writing.save(challenge, week, {**POST, **values}, world.users["fellow"], publish=True)


def week_url(challenge, week=WEEK):
    return reverse("bulletins:week", args=[challenge.pk, week.isoformat()])


def test_who_opens_which_page(client, cohort_world):
    w = cohort_world
    runs = {"team", "director", "link"}
    first_team = {"fellow", "second_fellow", "mentor"}
    members = first_team | {"other_fellow", "senior_mentor", "other_cohort_fellow"}
    published(w, w.second, shared=False)
    may = {
        reverse("bulletins:mine"): members,
        reverse("bulletins:archive"): runs | members,
        reverse("bulletins:digest"): runs | members,
        week_url(w.first): runs | first_team,  # no bulletin yet: writers and readers
        week_url(w.second): runs | {"other_fellow", "senior_mentor"},  # not shared
    }
    for url, allowed in may.items():
        assert status(client, w, "anonymous", "get", url) == 302, url
        for role in ROLES:
            expected = 200 if role in allowed else 403
            assert status(client, w, role, "get", url) == expected, (role, url)
    # This week's address leads anyone signed in to the week's page, which decides.
    this_week = reverse("bulletins:this_week", args=[w.first.pk])
    for role in ["anonymous", *ROLES]:
        assert status(client, w, role, "get", this_week) == 302, role
    digest = reverse("bulletins:digest")
    for role in ROLES:
        choice = {"cohort": w.cohort.pk, "subscribe": "0"}
        expected = (
            302
            if role in runs | members - {"other_cohort_fellow"}
            else (404 if role == "other_cohort_fellow" else 403)
        )
        assert status(client, w, role, "post", digest, choice) == expected, role
    assert status(client, w, "anonymous", "post", digest, {"cohort": w.cohort.pk}) == 302
    # Shared: the whole cohort reads it, the other cohort does not.
    Bulletin.objects.filter(challenge=w.second).update(shared=True)
    for role in ROLES:
        expected = 200 if role in runs | members - {"other_cohort_fellow"} else 403
        assert status(client, w, role, "get", week_url(w.second)) == expected, role


def test_writing_is_for_the_defi_team_and_commenting_for_who_runs_the_cohort(client, cohort_world):
    w = cohort_world
    for role in ROLES:
        code = status(client, w, role, "post", week_url(w.first), {**POST, "publish": "0"})
        writes = role in {"fellow", "second_fellow", "mentor"}
        assert code == (302 if writes else 403), role
    assert Bulletin.objects.get().published_at is None
    bulletin = published(w)
    url = reverse("bulletins:comment", args=[w.first.pk, bulletin.pk])
    for role in ROLES:
        expected = 302 if role in {"team", "director", "link"} else 403
        assert status(client, w, role, "post", url, {"text": f"Bravo {role}"}) == expected
    assert Comment.objects.count() == 3
    assert status(client, w, "anonymous", "post", url, {"text": "x"}) == 302


def test_drafts_are_seen_by_the_defi_team_only(client, cohort_world):
    w = cohort_world
    writing.save(w.first, WEEK, {**POST, "done": "Secret"}, w.users["fellow"], publish=False)
    client.force_login(w.users["second_fellow"])
    assert "Secret" in text(client.get(week_url(w.first)))  # a colleague continues it
    for role in ("team", "link"):
        client.force_login(w.users[role])
        page = text(client.get(week_url(w.first)))
        assert "Secret" not in page and "Aucun bulletin n’est publié pour cette semaine." in page
        assert "Secret" not in text(client.get(reverse("bulletins:archive")))


def test_a_fellow_writes_a_draft_then_publishes_then_edits(client, cohort_world):
    w = cohort_world
    client.force_login(w.users["fellow"])
    response = client.get(reverse("bulletins:this_week", args=[w.first.pk]))
    assert response.status_code == 302 and response["Location"] == week_url(w.first)
    page = text(client.get(week_url(w.first)))
    assert "En Markdown, 5 000 caractères au plus." in page
    response = client.post(week_url(w.first), {**POST, "publish": "0"}, follow=True)
    assert "Le brouillon est enregistré." in text(response)
    bulletin = Bulletin.objects.get()
    assert bulletin.published_at is None and bulletin.author == w.users["fellow"]
    client.force_login(w.users["second_fellow"])
    response = client.post(week_url(w.first), {**POST, "shared": "on", "publish": "1"}, follow=True)
    assert "Le bulletin est publié." in text(response)
    bulletin.refresh_from_db()
    assert bulletin.published_at == NOW and bulletin.shared
    assert "<strong>prototype</strong>" in client.get(reverse("bulletins:archive")).text
    edit = {**POST, "done": "Mieux", "publish": "1"}
    response = client.post(week_url(w.first), edit, follow=True)
    assert "Le bulletin est mis à jour." in text(response)
    bulletin.refresh_from_db()
    assert bulletin.done == "Mieux" and bulletin.published_at == NOW
    assert [a for a, _ in actions(bulletin)] == [
        "bulletins.draft_saved", "bulletins.published", "bulletins.edited",
    ]  # fmt: skip
    assert actions(bulletin)[1][1] == {"challenge": w.first.pk, "week": "2027-03-08"}


@pytest.mark.parametrize(
    "data, message",
    [
        ({"done": "x" * 5001}, "Ce texte dépasse 5\u202f000 caractères : raccourcissez-le."),
        ({"help_needed": "x" * 5001}, "Ce texte dépasse 5\u202f000 caractères : raccourcissez-le."),
        ({"done": "  "}, "Dites ce que vous avez fait cette semaine pour publier le bulletin."),
    ],
)
def test_bad_bulletins_are_refused_and_change_nothing(client, cohort_world, data, message):
    w = cohort_world
    client.force_login(w.users["fellow"])
    response = client.post(week_url(w.first), {**POST, **data, "publish": "1"})
    assert response.status_code == 400
    assert message in text(response)
    assert not Bulletin.objects.exists() and not actions(w.first)


def test_weeks_not_begun_malformed_or_of_another_defi(client, cohort_world):
    w = cohort_world
    client.force_login(w.users["fellow"])
    future = week_url(w.first, datetime.date(2027, 3, 15))
    response = client.post(future, {**POST, "publish": "1"})
    assert response.status_code == 400
    message = (
        "La semaine du 15 mars 2027 n'a pas encore commencé : "
        "son bulletin s'écrit à partir de ce lundi-là."
    )
    assert message in text(response)
    response = client.get(future, follow=True)
    assert message in text(response) and response.redirect_chain[-1][0] == week_url(w.first)
    before = week_url(w.first, datetime.date(2026, 12, 28))
    response = client.post(before, {**POST, "publish": "1"})
    assert "La promotion n'avait pas commencé la semaine du 28 décembre 2026." in text(response)
    for bad in ("2027-03-09", "2027-3-8", "lundi", "2027-02-30"):
        url = f"/bulletins/defis/{w.first.pk}/semaine/{bad}/"
        assert client.get(url).status_code == 404
        assert client.post(url, {**POST, "publish": "1"}).status_code == 404
    assert client.get(week_url(type(w.first)(pk=999999))).status_code == 404
    assert not Bulletin.objects.exists()
    # A bulletin named under another défi's address is not found.
    other = published(w, w.second)
    client.force_login(w.users["team"])
    url = reverse("bulletins:comment", args=[w.first.pk, other.pk])
    assert client.post(url, {"text": "Bravo"}).status_code == 404
    assert not Comment.objects.exists()


def test_the_team_comments_and_turns_help_into_an_action(client, cohort_world):
    w = cohort_world
    bulletin = published(w, help_needed="Accès aux données du SNDS")
    team = w.users["team"]
    client.force_login(team)
    page = text(client.get(week_url(w.first)))
    assert "Accès aux données du SNDS" in page and "Répondre à la demande d’aide" in page
    OutboxMessage.objects.all().delete()
    url = reverse("bulletins:comment", args=[w.first.pk, bulletin.pk])
    data = {
        "text": "Nous vous mettons en relation.",
        "answers_help": "on",
        "action_title": "Contacter le délégué aux données",
        "action_owner": w.users["mentor"].pk,
        "action_due": "2027-03-25",
    }
    response = client.post(url, data, follow=True)
    assert "Votre commentaire est envoyé à l'équipe du défi." in text(response)
    comment = Comment.objects.get()
    assert comment.answers_help and comment.author == team
    action = Action.objects.get()
    assert (action.bulletin, action.owner, action.due_on) == (
        bulletin, w.users["mentor"], datetime.date(2027, 3, 25),
    )  # fmt: skip
    assert actions(bulletin)[-1] == (
        "bulletins.commented",
        {"comment": comment.pk, "answers_help": True, "opened": action.pk},
    )
    mails = {tuple(m.to): m for m in OutboxMessage.objects.all()}
    to_team = tuple(sorted(w.users[r].email for r in ("fellow", "second_fellow", "mentor")))
    assert mails[to_team].subject == (
        "Un commentaire sur votre bulletin de la semaine du 8 mars 2027"
    )
    assert "Nous vous mettons en relation." in mails[to_team].body
    assert mails[(w.users["mentor"].email,)].subject == (
        "Nouvelle action pour le défi « Données de santé »"
    )


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"text": ""}, "Écrivez votre commentaire."),
        ({"text": "x" * 5001}, "Le commentaire dépasse 5\u202f000 caractères."),
        (
            {"action_owner": "hr"},
            "Le ou la responsable doit faire partie de l'équipe du défi ou du programme.",
        ),
        (
            {"action_owner": "other_fellow"},
            "Le ou la responsable doit faire partie de l'équipe du défi ou du programme.",
        ),
        (
            {"action_owner": ""},
            "Le ou la responsable doit faire partie de l'équipe du défi ou du programme.",
        ),
        ({"action_due": ""}, "Indiquez l'échéance de l'action."),
        ({"action_title": ""}, "Décrivez l'action."),
    ],
)
def test_bad_comments_are_refused_and_change_nothing(client, cohort_world, changes, message):
    w = cohort_world
    bulletin = published(w, help_needed="Un juriste")
    data = {
        "text": "D'accord",
        "action_title": "Trouver un juriste",
        "action_owner": w.users["fellow"].pk,
        "action_due": "2027-03-25",
    }
    for key, value in changes.items():
        data[key] = w.users[value].pk if value in w.users else value
    client.force_login(w.users["director"])
    OutboxMessage.objects.all().delete()
    response = client.post(reverse("bulletins:comment", args=[w.first.pk, bulletin.pk]), data)
    assert response.status_code == 400
    assert message in text(response)
    assert not Comment.objects.exists() and not Action.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert [a for a, _ in actions(bulletin)] == ["bulletins.published"]


def test_a_bulletin_without_help_needed_opens_no_action(client, cohort_world):
    w = cohort_world
    bulletin = published(w)
    client.force_login(w.users["team"])
    response = client.post(
        reverse("bulletins:comment", args=[w.first.pk, bulletin.pk]),
        {"text": "Bien", "action_title": "Quelque chose"},
    )
    assert response.status_code == 400
    assert "Ce bulletin ne demande pas d'aide." in text(response)
    assert not Comment.objects.exists()


def test_the_archive_shows_only_what_one_may_read_filtered_and_paginated(client, cohort_world):
    w = cohort_world
    published(w, done="Santé semaine 10")
    published(w, w.second, done="Cadastre partagé", shared=True)
    published(w, w.second, week=datetime.date(2027, 3, 1), done="Cadastre privé")
    seen = {
        "team": {"Santé semaine 10", "Cadastre partagé", "Cadastre privé"},
        "link": {"Santé semaine 10", "Cadastre partagé", "Cadastre privé"},
        "fellow": {"Santé semaine 10", "Cadastre partagé"},
        "mentor": {"Santé semaine 10", "Cadastre partagé"},
        "other_fellow": {"Cadastre partagé", "Cadastre privé"},
        "other_cohort_fellow": set(),
    }
    every = {"Santé semaine 10", "Cadastre partagé", "Cadastre privé"}
    for role, expected in seen.items():
        client.force_login(w.users[role])
        page = text(client.get(reverse("bulletins:archive")))
        assert {t for t in every if t in page} == expected, role
    client.force_login(w.users["team"])
    url = reverse("bulletins:archive")
    page = text(client.get(url, {"defi": w.second.pk}))
    assert "Cadastre privé" in page and "Santé semaine 10" not in page
    page = text(client.get(url, {"semaine": "2027-03-03"}))  # a Wednesday: its week
    assert "Cadastre privé" in page and "Cadastre partagé" not in page
    page = text(client.get(url, {"q": "partagé"}))
    assert "Cadastre partagé" in page and "Cadastre privé" not in page
    page = text(client.get(url, {"q": "introuvable"}))
    assert "Aucun bulletin ne correspond à ces filtres." in page
    # A fellow may not filter on a défi they do not read: the filter is ignored, nothing leaks.
    client.force_login(w.users["fellow"])
    page = text(client.get(url, {"defi": w.second.pk, "q": "privé"}))
    assert "Cadastre privé" not in page


def test_the_archive_pages_with_constant_queries(client, cohort_world):
    from tests.factories import ChallengeFactory
    from tests.scale import measure

    w = cohort_world

    def add(first, last):
        for index in range(first, last):
            challenge = ChallengeFactory(cohort=w.cohort, title=f"Défi {index:02}")
            Bulletin.objects.create(
                challenge=challenge, week=WEEK, done=f"Texte {index}", published_at=NOW
            )

    client.force_login(w.users["team"])
    add(0, 3)
    small = measure(client, reverse("bulletins:archive")).queries
    add(3, 25)
    assert measure(client, reverse("bulletins:archive")).queries == small
    page = text(client.get(reverse("bulletins:archive")))
    assert "Texte 19" in page and "Texte 20" not in page and "Page suivante" in page
    assert "Texte 24" in text(client.get(reverse("bulletins:archive"), {"page": "2"}))


def test_subscribing_to_the_digest(client, cohort_world):
    w = cohort_world
    client.force_login(w.users["senior_mentor"])
    url = reverse("bulletins:digest")
    page = text(client.get(url))
    assert "Promotion 11" in page and "Promotion 10" not in page
    assert "reçu chaque vendredi" in page  # who reads a cohort's bulletins gets its digest
    response = client.post(url, {"cohort": w.cohort.pk, "subscribe": "0"}, follow=True)
    assert "Vous ne recevrez plus le récapitulatif de la Promotion 11." in text(response)
    assert "non reçu" in text(response)
    choice = DigestSubscription.objects.get()
    assert (choice.user, choice.cohort, choice.receives) == (
        w.users["senior_mentor"], w.cohort, False,
    )  # fmt: skip
    assert actions(w.cohort) == [("bulletins.unsubscribed", {})]
    # A cohort whose bulletins one does not read is not offered.
    assert client.post(url, {"cohort": w.other_cohort.pk, "subscribe": "1"}).status_code == 404
    assert client.post(url, {"cohort": "x", "subscribe": "1"}).status_code == 404
    response = client.post(url, {"cohort": w.cohort.pk, "subscribe": "1"}, follow=True)
    assert "Vous recevrez le récapitulatif du vendredi de la Promotion 11." in text(response)
    assert DigestSubscription.objects.get().receives
    assert actions(w.cohort)[-1] == ("bulletins.subscribed", {})
    # Saying it twice changes nothing and logs nothing.
    client.post(url, {"cohort": w.cohort.pk, "subscribe": "1"})
    assert len(actions(w.cohort)) == 2 and DigestSubscription.objects.count() == 1


def test_menu_and_my_space(client, cohort_world):
    w = cohort_world
    for role in ROLES:
        client.force_login(w.users[role])
        page = text(client.get(reverse("accounts:home")))
        assert ('href="/bulletins/archive/"' in page) == (role in {"team", "director", "link"})
        writes = role in {
            "fellow", "second_fellow", "other_fellow", "mentor", "senior_mentor",
            "other_cohort_fellow",
        }  # fmt: skip
        assert ("Mes bulletins" in page) == writes, role
