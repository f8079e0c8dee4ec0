"""The programme's pages for every role, and what they do (issue #11, §2)."""

import html

import pytest
from django.urls import reverse

from cohorte.accounts.menu import work_menu
from cohorte.events import feeds, registrations
from cohorte.events.models import Attendance, Event, Feedback, Material, Registration
from tests.cohort_world import ROLES
from tests.recruitment.conftest import actions
from tests.scale import measure

from .conftest import at, make_event

pytestmark = pytest.mark.django_db
SUPPORT = {"team", "director", "link"}
MEMBERS = {"fellow", "second_fellow", "other_fellow", "mentor", "senior_mentor"}


def text(response) -> str:
    return html.unescape(response.content.decode())


def status(client, world, role, method, url, data=None):
    client.logout()
    if role != "anonymous":
        client.force_login(world.users[role])
    return getattr(client, method)(url, data or {}).status_code


def event_post(**changes):
    values = {
        "kind": "workshop",
        "title": "Atelier design",
        "theme": "Recherche utilisateur",
        "format": "on_site",
        "place": "Ségur",
        "starts_at": "2027-02-10T14:00",
        "ends_at": "2027-02-10T17:00",
        "audience": "both",
        "capacity": "",
        "external_speakers": "Ada Lovelace — Inria",
    }
    return {**values, **changes}


def test_who_opens_which_page(client, cohort_world, now):
    cohort = cohort_world.cohort
    event = make_event(cohort)
    c, e = cohort.pk, event.pk
    may = {
        reverse("events:cohorts"): SUPPORT,
        reverse("events:programme", args=[c]): SUPPORT,
        reverse("events:create", args=[c]): SUPPORT,
        reverse("events:stats", args=[c]): SUPPORT,
        reverse("events:event", args=[c, e]): SUPPORT,
        reverse("events:edit", args=[c, e]): SUPPORT,
        reverse("events:attendance", args=[c, e]): SUPPORT,
        reverse("events:mine"): MEMBERS | {"other_cohort_fellow"},
        reverse("events:feed_page"): MEMBERS | {"other_cohort_fellow"},
        reverse("events:mine_event", args=[e]): MEMBERS | SUPPORT,
        reverse("events:event_ics", args=[e]): MEMBERS,
    }
    for url, allowed in may.items():
        assert status(client, cohort_world, "anonymous", "get", url) == 302, url
        for role in ROLES:
            expected = 200 if role in allowed else 403
            assert status(client, cohort_world, role, "get", url) == expected, (role, url)
    posts = {
        reverse("events:material", args=[c, e]): SUPPORT,
        reverse("events:message", args=[c, e]): SUPPORT,
        reverse("events:attendance", args=[c, e]): SUPPORT,
        reverse("events:register", args=[e]): MEMBERS | SUPPORT,
        reverse("events:withdraw", args=[e]): MEMBERS | SUPPORT,
        reverse("events:excuse", args=[e]): MEMBERS | SUPPORT,
        reverse("events:feedback", args=[e]): MEMBERS | SUPPORT,
    }
    for url, allowed in posts.items():
        assert status(client, cohort_world, "anonymous", "post", url) == 302, url
        for role in ROLES:
            expected = 302 if role in allowed else 403
            assert status(client, cohort_world, role, "post", url) == expected, (role, url)
    # The team's POST on a fellow's answer is refused by the audience rule, with a message.
    assert not Registration.objects.filter(user__in=[cohort_world.users[r] for r in SUPPORT])
    url = reverse("events:cancel", args=[c, e])
    for role in ["anonymous", *ROLES]:
        expected = {"anonymous": 302, **dict.fromkeys(SUPPORT, 302)}.get(role, 403)
        assert status(client, cohort_world, role, "post", url) == expected, role
    assert status(client, cohort_world, "team", "get", url) == 405
    # An event of another cohort is not found under this cohort's address.
    other = make_event(cohort_world.other_cohort)
    assert (
        status(client, cohort_world, "team", "get", reverse("events:event", args=[c, other.pk]))
        == 404
    )
    assert (
        status(client, cohort_world, "fellow", "get", reverse("events:mine_event", args=[other.pk]))
        == 403
    )


def test_team_creates_edits_and_cancels(client, cohort_world, now):
    client.force_login(cohort_world.users["link"])
    url = reverse("events:create", args=[cohort_world.cohort.pk])
    response = client.post(url, event_post(ends_at="2027-02-10T13:00"))
    assert response.status_code == 400
    assert "La fin de l’événement doit être après son début." in text(response)
    response = client.post(url, event_post(format="hybrid"))
    assert response.status_code == 400
    assert "Indiquez le lien de visioconférence d’un événement à distance ou hybride." in text(
        response
    )
    response = client.post(url, event_post(format="on_site", place=""))
    assert "Indiquez le lieu d’un événement sur place ou hybride." in text(response)
    assert not Event.objects.exists()
    response = client.post(url, event_post(challenges=[cohort_world.first.pk]))
    event = Event.objects.get()
    assert response["Location"] == reverse("events:event", args=[cohort_world.cohort.pk, event.pk])
    assert (event.title, event.starts_at, list(event.challenges.all())) == (
        "Atelier design", at(10, 14), [cohort_world.first],
    )  # fmt: skip
    assert [str(s) for s in event.speakers.all()] == ["Ada Lovelace (Inria)"]
    assert actions(event)[0][0] == "event.created"
    edit = reverse("events:edit", args=[cohort_world.cohort.pk, event.pk])
    client.post(edit, event_post(title="Atelier design de service"))
    event.refresh_from_db()
    assert (event.title, event.sequence) == ("Atelier design de service", 1)
    for name in ("fellow", "second_fellow"):
        Registration.objects.create(
            event=event, user=cohort_world.users[name], state=Registration.State.REGISTERED
        )
    response = client.post(edit, event_post(title="Atelier design de service", capacity="1"))
    assert response.status_code == 400
    assert (
        "2 personnes sont déjà inscrites : la capacité ne peut pas descendre en dessous."
        in text(response)
    )
    event.refresh_from_db()
    assert (event.capacity, event.sequence) == (None, 1)
    page = text(client.get(reverse("events:event", args=[cohort_world.cohort.pk, event.pk])))
    assert "Ada Lovelace (Inria)" in page
    client.post(
        reverse("events:material", args=[cohort_world.cohort.pk, event.pk]),
        {"title": "Diaporama", "url": "https://exemple.fr/diapo.pdf"},
    )
    assert list(Material.objects.values_list("title", flat=True)) == ["Diaporama"]
    assert actions(event)[-1] == (
        "event.material_added", {"title": "Diaporama", "url": "https://exemple.fr/diapo.pdf"},
    )  # fmt: skip
    response = client.post(
        reverse("events:material", args=[cohort_world.cohort.pk, event.pk]),
        {"title": "Vidéo", "url": "pas une adresse"},
        follow=True,
    )
    assert "Indiquez le titre et une adresse web valide du support." in text(response)
    assert Material.objects.count() == 1
    client.post(reverse("events:cancel", args=[cohort_world.cohort.pk, event.pk]))
    event.refresh_from_db()
    assert event.cancelled_at == now and event.sequence == 2
    assert actions(event)[-1] == ("event.cancelled", {"sequence": 2})
    response = client.get(edit, follow=True)
    assert "Cet événement est annulé : il ne se modifie plus." in text(response)


def test_fellow_answers_from_the_pages(client, cohort_world, now):
    fellow = cohort_world.users["fellow"]
    event = make_event(cohort_world.cohort, capacity=1)
    client.force_login(cohort_world.users["second_fellow"])
    client.post(reverse("events:register", args=[event.pk]))
    client.force_login(fellow)
    page = reverse("events:mine_event", args=[event.pk])
    response = client.post(reverse("events:register", args=[event.pk]), follow=True)
    assert "Cet événement est complet." in text(response)
    assert not Registration.objects.filter(user=fellow).exists()
    response = client.post(reverse("events:excuse", args=[event.pk]), {"reason": ""}, follow=True)
    assert "Indiquez la raison de votre absence." in text(response)
    assert not Registration.objects.filter(user=fellow).exists()
    client.post(reverse("events:excuse", args=[event.pk]), {"reason": "Comité de pilotage"})
    assert Registration.objects.get(user=fellow).reason == "Comité de pilotage"
    assert "Vous êtes excusé·e." in text(client.get(page))
    listing = text(client.get(reverse("events:mine")))
    assert "Session collective de février" in listing and "Excusé·e" in listing
    restricted = make_event(cohort_world.cohort, challenges=[cohort_world.second])
    response = client.post(reverse("events:register", args=[restricted.pk]), follow=True)
    assert "Cet événement ne s’adresse pas à vous." in text(response)
    assert not Registration.objects.filter(event=restricted).exists()


def test_attendance_page(client, cohort_world, now):
    users = cohort_world.users
    event = make_event(cohort_world.cohort, audience=Event.Audience.FELLOWS)
    registrations.register(event, users["other_fellow"])
    client.force_login(users["team"])
    url = reverse("events:attendance", args=[cohort_world.cohort.pk, event.pk])
    page = text(client.get(url))
    # Registered people come first.
    assert page.index("Léa Éluard") < page.index("Alex Petit") < page.index("Camille Roux")
    response = client.post(url, {"present": [users["fellow"].pk, users["mentor"].pk]}, follow=True)
    assert (
        "Une personne cochée ne fait pas partie du public de cet événement : "
        "rien n’a été enregistré." in text(response)
    )
    assert not Attendance.objects.exists()
    response = client.post(url, {"present": [users["fellow"].pk, users["other_fellow"].pk]})
    assert response.status_code == 302
    assert set(Attendance.objects.values_list("user_id", flat=True)) == {
        users["fellow"].pk, users["other_fellow"].pk,
    }  # fmt: skip
    # The roll call costs the same whatever the audience.
    first = measure(client, url).queries
    for n in range(4):
        from tests.factories import PersonFactory, RoleFactory, UserFactory

        RoleFactory(
            kind="fellow", cohort=cohort_world.cohort, challenge=cohort_world.first,
            person=PersonFactory(full_name=f"EIG {n}", user=UserFactory()),
        )  # fmt: skip
    assert measure(client, url).queries == first


def test_stats_and_feedback_pages(client, cohort_world, now):
    users = cohort_world.users
    event = make_event(
        cohort_world.cohort, mandatory=True, starts_at=at(20, 9, 1), ends_at=at(20, 12, 1)
    )
    Attendance.objects.create(event=event, user=users["fellow"])
    client.force_login(users["fellow"])
    response = client.post(
        reverse("events:feedback", args=[event.pk]),
        {"rating": "5", "useful": "Le retour d’expérience", "improve": "", "anonymous": "on"},
        follow=True,
    )
    assert "Merci pour votre avis." in text(response)
    assert list(Feedback.objects.values_list("user_id", "rating")) == [(None, 5)]
    response = client.post(
        reverse("events:feedback", args=[event.pk]), {"rating": "5"}, follow=True
    )
    assert "Vous avez déjà donné votre avis sur cet événement." in text(response)
    assert Feedback.objects.count() == 1
    client.force_login(users["director"])
    page = text(client.get(reverse("events:event", args=[cohort_world.cohort.pk, event.pk])))
    assert "Note moyenne 5,0 / 5 (1 avis)" in page and "Le retour d’expérience" in page
    page = text(client.get(reverse("events:stats", args=[cohort_world.cohort.pk])))
    assert "Camille Roux" in page and "Sessions obligatoires manquées" in page


def test_feed_by_secret_address(client, cohort_world, now):
    fellow = cohort_world.users["fellow"]
    event = make_event(cohort_world.cohort)
    make_event(cohort_world.cohort, title="Pour le défi voisin", challenges=[cohort_world.second])
    client.force_login(fellow)
    client.post(reverse("events:feed_page"), {"action": "regenerate"})
    token = feeds.token_of(fellow)
    assert f"/programme/agenda/{token}.ics" in text(client.get(reverse("events:feed_page")))
    client.logout()
    response = client.get(reverse("events:feed", args=[token]))
    body = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert "METHOD" not in body and f"UID:evenement-{event.pk}@" in body
    assert "Pour le défi voisin" not in body
    client.force_login(fellow)
    client.post(reverse("events:feed_page"), {"action": "revoke"})
    client.logout()
    assert client.get(reverse("events:feed", args=[token])).status_code == 404
    assert client.get(reverse("events:feed", args=["x" * 43])).status_code == 404
    ics = client.get(reverse("events:event_ics", args=[event.pk]))
    assert ics.status_code == 302


def test_menu_entries(rf, cohort_world, now):
    def labels(role):
        request = rf.get("/")
        request.user = cohort_world.users[role]
        return {item["label"] for item in work_menu(request)}

    assert "Programme d'accompagnement" in labels("link")
    assert "Mon programme" not in labels("link")
    assert "Mon programme" in labels("mentor")
    assert "Programme d'accompagnement" not in labels("fellow")
    assert "Mon programme" not in labels("hr")


def test_stats_cost_the_same_whatever_the_events(client, cohort_world, now):
    client.force_login(cohort_world.users["team"])
    url = reverse("events:stats", args=[cohort_world.cohort.pk])

    def past(day):
        event = make_event(
            cohort_world.cohort, mandatory=True, starts_at=at(day, 9, 1), ends_at=at(day, 12, 1)
        )
        Attendance.objects.create(event=event, user=cohort_world.users["fellow"])

    past(10)
    first = measure(client, url).queries
    for day in (11, 12, 13):
        past(day)
    assert measure(client, url).queries == first
