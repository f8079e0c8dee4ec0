"""Issue #12's journey in Chromium with axe-core: a mentor answers the 12-month follow-up of
their défi by the link of the e-mail, the défi's state after the programme changes, the public
/impact/ page shows it once its cache is renewed, and the next open data package has the row.
"""

import csv
import datetime
import json
import re

import pytest
import time_machine
from django.core.management import call_command

from cohorte.challenges.models import Challenge
from cohorte.notifications.models import OutboxMessage
from cohorte.notifications.sealing import unseal
from cohorte.outcomes import domain, jobs
from cohorte.outcomes.models import FollowUp, Sustainment
from cohorte.programmes.models import Cohort
from tests.cohort_world import build_cohort_world

pytestmark = pytest.mark.django_db(transaction=True)
TODAY = datetime.date(2028, 12, 1)  # the 12-month follow-up was due on 30 November 2028
NOW = datetime.datetime(2028, 12, 1, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
def world(transactional_db):
    world = build_cohort_world()
    Cohort.objects.filter(pk=world.cohort.pk).update(status=Cohort.Status.FINISHED)
    Challenge.objects.filter(cohort=world.cohort).update(status=Challenge.Status.FINISHED)
    # At six months the défi was paused: the 6-month follow-up was answered then.
    domain.schedule(world.cohort)
    six = FollowUp.objects.get(challenge=world.first, months=6)
    Sustainment.objects.create(
        challenge=world.first, state=Sustainment.State.PAUSED, since=datetime.date(2028, 5, 30),
        follow_up=six,
    )  # fmt: skip
    FollowUp.objects.filter(challenge__cohort=world.cohort, months=6).update(
        sent_at=datetime.datetime(2028, 5, 30, tzinfo=datetime.UTC),
        answered_at=datetime.datetime(2028, 6, 2, tzinfo=datetime.UTC),
    )
    return world


def sustained_cell(page) -> str:
    row = page.locator("#chiffre-sustained_12").first
    return " ".join(row.locator("td").nth(0).inner_text().split())


def test_a_twelve_month_answer_reaches_impact_and_open_data(
    live_server, page, check_accessibility, world, tmp_path
):
    with time_machine.travel(NOW, tick=True):
        sent = jobs.follow_up(TODAY, NOW)
        assert sent[1] >= 1  # the 12-month follow-ups went out
        # The 6-month follow-up was answered long ago: this is the 12-month one.
        mail = OutboxMessage.objects.get(to=["morgane@example.org"])
        assert "Il y a 12 mois" in json.loads(unseal(mail.sealed_body))["body"]
        body = json.loads(unseal(mail.sealed_body))["body"]
        link = re.search(r"https?://\S+(/suivi-perennisation/\S+/)", body).group(1)

        # A visitor reads the impact page: at 12 months the défi was paused, 0 of 1.
        page.goto(live_server.url + "/impact/")
        assert sustained_cell(page) == "0 %"
        check_accessibility(page)
        page.reload()  # served from the page cache, the same
        assert sustained_cell(page) == "0 %"

        # The mentor opens the link of the e-mail, with no account, and answers.
        mentor = page.context.browser.new_page()
        mentor.goto(live_server.url + link)
        assert mentor.locator("h1").inner_text() == "Que devient le défi « Données de santé » ?"
        check_accessibility(mentor)
        mentor.get_by_role("radio", name="pérennisé", exact=True).check(force=True)
        mentor.locator("#id_by").select_option("internal_team")
        mentor.get_by_label("Depuis le", exact=True).fill("2028-11-15")
        mentor.get_by_role("button", name="Envoyer ma réponse").click()
        assert mentor.locator("h1").inner_text() == "Merci, votre réponse est enregistrée."
        check_accessibility(mentor)
        mentor.close()

        state = Sustainment.objects.filter(challenge=world.first).order_by("-since").first()
        assert (state.state, state.by, state.since) == (
            "sustained", "internal_team", datetime.date(2028, 11, 15),
        )  # fmt: skip
        assert state.follow_up.months == 12

        # The answer renewed the cache: the visitor's next look shows it.
        page.reload()
        assert sustained_cell(page) == "100 %"
        check_accessibility(page)

        call_command("export_opendata", str(tmp_path / "paquet"))
    with open(tmp_path / "paquet" / "defis.csv", encoding="utf-8", newline="") as source:
        rows = {row["slug"]: row for row in csv.DictReader(source)}
    row = rows[world.first.slug]
    assert (row["etat_apres_programme"], row["etat_porte_par"], row["etat_depuis"]) == (
        "sustained", "internal_team", "2028-11-15",
    )  # fmt: skip
    with open(tmp_path / "paquet" / "impact.csv", encoding="utf-8", newline="") as source:
        impact = {(r["perimetre"], r["cle"]): r for r in csv.DictReader(source)}
    assert impact["programme", "sustained_12"]["valeur"] == "100"
    assert impact["programme", "sustained_12"]["denominateur"] == "1"
