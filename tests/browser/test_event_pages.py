"""The support programme in Chromium with axe-core on every page (issue #11, §2): the team
creates an event, a fellow registers and subscribes their calendar, the team takes the
attendance on a phone."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.test import Client

from cohorte.events.models import Attendance, Event, Registration
from tests.cohort_world import build_cohort_world

pytestmark = pytest.mark.django_db(transaction=True)
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _sign_in(page, live_server, user):
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_programme_from_the_pages(live_server, page, check_accessibility):
    world = build_cohort_world()
    base = f"{live_server.url}/gestion/promotions/{world.cohort.pk}/programme/"
    with time_machine.travel(datetime.datetime(2027, 2, 1, 10, tzinfo=PARIS), tick=True):
        _sign_in(page, live_server, world.users["link"])
        page.goto(base)
        check_accessibility(page)
        page.get_by_role("link", name="Ajouter un événement").click()
        page.get_by_label("Type", exact=True).select_option(label="Atelier")
        page.get_by_label("Titre", exact=True).fill("Atelier design")
        page.get_by_label("Format", exact=True).select_option(label="Sur place")
        page.get_by_label("Début", exact=True).fill("2027-02-10T14:00")
        page.get_by_label("Fin", exact=True).fill("2027-02-10T12:00")  # before the start
        page.get_by_role("button", name="Enregistrer l’événement").click()
        main = page.locator("main").inner_text()
        assert "La fin de l’événement doit être après son début." in main
        assert "Indiquez le lieu d’un événement sur place ou hybride." in main
        check_accessibility(page)  # the form with its errors
        assert not Event.objects.exists()
        page.get_by_label("Lieu", exact=True).fill("Ségur, salle 3")
        page.get_by_label("Fin", exact=True).fill("2027-02-10T17:00")
        page.get_by_role("button", name="Enregistrer l’événement").click()
        assert "Événement enregistré." in page.locator("main").inner_text()
        check_accessibility(page)
        event = Event.objects.get()

        _sign_in(page, live_server, world.users["fellow"])
        page.goto(f"{live_server.url}/programme/")
        check_accessibility(page)
        page.get_by_role("link", name="Atelier design").click()
        page.get_by_role("button", name="M’inscrire").click()
        assert "Vous êtes inscrit·e." in page.locator("main").inner_text()
        check_accessibility(page)
        assert Registration.objects.filter(user=world.users["fellow"], event=event).exists()
        page.goto(f"{live_server.url}/programme/agenda/")
        page.get_by_role("button", name="Créer mon adresse d’agenda").click()
        assert "/programme/agenda/" in page.get_by_label("Adresse de votre agenda").input_value()
        check_accessibility(page)

        _sign_in(page, live_server, world.users["team"])
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(f"{base}{event.pk}/presence/")
        check_accessibility(page)
        page.get_by_label("Camille Roux").check(force=True)
        page.get_by_role("button", name="Enregistrer les présences").click()
        assert "Présences enregistrées : 1." in page.locator("main").inner_text()
        check_accessibility(page)
        assert list(Attendance.objects.values_list("user__username", flat=True)) == ["camille"]
