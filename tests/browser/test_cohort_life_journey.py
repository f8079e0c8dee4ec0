"""The cohort's life in one journey, in Chromium with axe-core on every page (issue #11, §6):
the team builds the programme, a fellow subscribes their calendar and registers, the team
takes the attendance on a phone, the défi publishes its bulletin, the Friday digest reaches
its mentor, and an action left undone puts the défi in alert on the team's dashboard."""

import datetime
import re
import zoneinfo

import pytest
import time_machine

from cohorte import periodic
from cohorte.bulletins.models import Bulletin
from cohorte.events import calendar
from cohorte.events.models import Attendance, Event, Registration
from cohorte.followup.models import Action
from cohorte.notifications.models import OutboxMessage
from tests.cohort_world import build_cohort_world

pytestmark = pytest.mark.django_db(transaction=True)
PARIS = zoneinfo.ZoneInfo("Europe/Paris")
MONDAY = datetime.datetime(2027, 3, 1, 10, tzinfo=PARIS)
SESSION_DAY = datetime.datetime(2027, 3, 4, 15, tzinfo=PARIS)  # a Thursday
FRIDAY = datetime.datetime(2027, 3, 5, 16, 30, tzinfo=PARIS)  # after the digest's hour
FORTY_DAYS_ON = FRIDAY + datetime.timedelta(days=40)
DIGEST = "Les bulletins des défis de la semaine du"


@pytest.fixture
def world(transactional_db):
    return build_cohort_world()


def test_the_life_of_a_cohort(live_server, page, check_accessibility, sign_in_browser, world):
    users = world.users

    def sign_in(user):
        # Every travel in time outlives the previous session: sign in again.
        page.context.clear_cookies()
        sign_in_browser(user)

    def main_text():
        return page.locator("main").inner_text()

    # 1. The team builds the programme: a mandatory monthly session.
    with time_machine.travel(MONDAY, tick=True):
        sign_in(users["team"])
        page.goto(f"{live_server.url}/gestion/promotions/{world.cohort.pk}/programme/")
        check_accessibility(page)
        page.get_by_role("link", name="Ajouter un événement").click()
        check_accessibility(page)
        page.get_by_label("Type", exact=True).select_option(label="Session collective mensuelle")
        page.get_by_label("Titre", exact=True).fill("Session de mars")
        page.get_by_label("Format", exact=True).select_option(label="Sur place")
        page.get_by_label("Lieu", exact=True).fill("Ségur, salle 3")
        page.get_by_label("Début", exact=True).fill("2027-03-04T14:00")
        page.get_by_label("Fin", exact=True).fill("2027-03-04T17:00")
        page.get_by_role("checkbox", name=re.compile("^Obligatoire")).check(force=True)
        page.get_by_role("button", name="Enregistrer l’événement").click()
        assert "Événement enregistré." in main_text()
        check_accessibility(page)
        event = Event.objects.get()
        assert (event.kind, event.mandatory) == (Event.Kind.MONTHLY, True)

        # 2. Camille subscribes their calendar to the programme, then registers.
        sign_in(users["fellow"])
        page.goto(f"{live_server.url}/programme/agenda/")
        check_accessibility(page)
        page.get_by_role("button", name="Créer mon adresse d’agenda").click()
        address = page.get_by_label("Adresse de votre agenda").input_value()
        check_accessibility(page)
        path = address[address.index("/programme/agenda/") :]
        feed = page.request.get(live_server.url + path)
        assert feed.status == 200
        assert feed.headers["content-type"].startswith("text/calendar")
        body = feed.text().replace("\r\n ", "")  # unfold the long lines
        assert "SUMMARY:Session de mars" in body
        assert f"UID:{calendar.uid(event)}" in body
        page.goto(f"{live_server.url}/programme/")
        check_accessibility(page)
        page.get_by_role("link", name="Session de mars").click()
        check_accessibility(page)
        page.get_by_role("button", name="M’inscrire").click()
        assert "Vous êtes inscrit·e." in main_text()
        check_accessibility(page)
        assert Registration.objects.filter(user=users["fellow"], event=event).exists()

    # 3. On the day, the team takes the attendance on a phone.
    with time_machine.travel(SESSION_DAY, tick=True):
        sign_in(users["team"])
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(
            f"{live_server.url}/gestion/promotions/{world.cohort.pk}/programme/{event.pk}/presence/"
        )
        check_accessibility(page)
        page.get_by_label("Camille Roux").check(force=True)
        page.get_by_role("button", name="Enregistrer les présences").click()
        assert "Présences enregistrées : 1." in main_text()
        check_accessibility(page)
        page.screenshot(path="/tmp/shots/journey-attendance-phone.png", full_page=True)
        assert list(Attendance.objects.values_list("user__username", flat=True)) == ["camille"]

        # 4. The défi's team writes its bulletin of the week and publishes it, on the phone.
        sign_in(users["fellow"])
        page.goto(live_server.url + "/bulletins/")
        check_accessibility(page)
        page.get_by_role("link", name="Bulletin de la semaine — Données de santé").click()
        assert page.locator("h1").inner_text() == "Bulletin de la semaine du 1er mars 2027"
        check_accessibility(page)
        page.get_by_label("Ce que nous avons fait").fill("Premier prototype testé aux urgences")
        page.get_by_label("Où nous avons besoin d'aide").fill("Un accès aux données")
        page.get_by_label("Partager avec toute la promotion").check(force=True)
        page.get_by_role("button", name="Publier le bulletin").click()
        assert "Le bulletin est publié." in main_text()
        check_accessibility(page)
        bulletin = Bulletin.objects.get()
        assert (bulletin.challenge, bulletin.week) == (world.first, datetime.date(2027, 3, 1))
        page.set_viewport_size({"width": 1280, "height": 900})

    # 5. Friday afternoon: the periodic jobs send the digest.
    with time_machine.travel(FRIDAY, tick=True):
        assert periodic.run_due(datetime.datetime.now(tz=PARIS))["bulletin_digest"] == "ok"
        digests = [m for m in OutboxMessage.objects.all() if m.subject.startswith(DIGEST)]
        to_mentor = [m for m in digests if m.to == [users["mentor"].email]]
        assert len(to_mentor) == 1
        assert to_mentor[0].subject == f"{DIGEST} 1er mars 2027"
        assert "Premier prototype testé aux urgences" in to_mentor[0].body
        assert not [m for m in digests if users["other_cohort_fellow"].email in m.to]

        # 6. The mentor writes the month's check-in; it raises an action for Camille.
        sign_in(users["mentor"])
        page.goto(f"{live_server.url}/suivi/defis/{world.first.pk}/")
        assert page.locator("h1").inner_text() == "Suivi du défi « Données de santé »"
        check_accessibility(page)
        page.get_by_role("link", name="Nouveau point d’étape").click()
        check_accessibility(page)
        page.get_by_label("Date du point").fill("2027-03-05")
        page.get_by_label("dans les temps").check(force=True)
        page.get_by_label("Avancées depuis le dernier point").fill("Le prototype tourne.")
        page.locator("#id_actions-0-title").fill("Demander l’accès aux données")
        page.locator("#id_actions-0-owner").select_option(str(users["fellow"].pk))
        page.locator("#id_actions-0-due_on").fill("2027-03-12")
        page.get_by_role("button", name="Enregistrer le point d’étape").click()
        assert "Le point d'étape est enregistré." in main_text()
        check_accessibility(page)
        action = Action.objects.get()
        assert (action.owner, action.due_on) == (users["fellow"], datetime.date(2027, 3, 12))

    # Forty days on, the action is still open: the défi is in alert on the dashboard.
    with time_machine.travel(FORTY_DAYS_ON, tick=True):
        sign_in(users["team"])
        page.goto(f"{live_server.url}/gestion/promotions/{world.cohort.pk}/suivi/")
        check_accessibility(page)
        row = page.locator("tr", has_text="Données de santé")
        assert "Une action en retard de plus d'un mois" in row.inner_text()
        other = page.locator("tr", has_text="Cadastre ouvert")
        assert "Une action en retard de plus d'un mois" not in other.inner_text()
        page.screenshot(path="/tmp/shots/journey-dashboard.png", full_page=True)
