"""Automatic interview scheduling in Chromium, with axe-core on every page."""

import pytest

from cohorte.notifications.models import OutboxMessage
from cohorte.selection.models import InterviewSlot, SolverRun, Unavailability

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _one_worker(settings):
    settings.COHORTE_SOLVER_WORKERS = 1


def test_team_schedules_applies_and_invites(
    live_server, page, check_accessibility, sign_in_browser, scheduling_world
):
    sw = scheduling_world
    sign_in_browser(sw.team)
    page.goto(f"{live_server.url}/jurys/planification/?appel={sw.call.slug}")
    assert page.locator("h1").inner_text() == "Planification des auditions"
    check_accessibility(page)

    page.get_by_label("Personne").select_option(value=f"u{sw.juror.pk}")
    page.get_by_label("Du", exact=True).fill("2031-03-12")
    page.get_by_label("à partir de").fill("09:00")
    page.get_by_label("Au", exact=True).fill("2031-03-12")
    page.get_by_label("jusqu'à").fill("10:00")
    page.get_by_role("button", name="Ajouter l’indisponibilité").click()
    page.wait_for_url("**/planification/?appel=*")
    assert "L'indisponibilité est enregistrée." in page.locator("main").inner_text()
    assert Unavailability.objects.get().user == sw.juror

    page.get_by_label("Jours d'audition").fill("12/03/2031")
    page.get_by_label("Temps de calcul maximal (secondes)").fill("3")
    page.get_by_role("button", name="Calculer le planning").click()
    page.wait_for_url("**calcul=*")
    run = SolverRun.objects.get()
    assert run.status == "optimal"
    assert page.get_by_role("heading", name="Mercredi 12 mars 2031").is_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Appliquer ce planning").click()
    page.wait_for_url(f"**/planification/calculs/{run.pk}/appliquer/")
    check_accessibility(page)
    page.get_by_role("button", name="Appliquer ce planning").click()
    page.wait_for_url("**calcul=*")
    assert "Planning appliqué" in page.locator("main").inner_text()
    assert InterviewSlot.objects.filter(status="planned").count() == 4

    page.get_by_role("link", name="Envoyer les invitations des 4 auditions prévues").click()
    page.wait_for_url("**/planification/invitations/?appel=*")
    check_accessibility(page)
    page.get_by_role("button", name="Envoyer les invitations").click()
    page.wait_for_url("**/planification/?appel=*")
    assert "4 invitations envoyées." in page.locator("main").inner_text()
    assert OutboxMessage.objects.filter(subject__startswith="Invitation").count() == 4


def test_candidate_marks_half_days(
    live_server, page, check_accessibility, sign_in_browser, scheduling_world
):
    import datetime

    sw = scheduling_world
    sw.call.rounds.update(
        interviews_start=datetime.date(2031, 3, 12), interviews_end=datetime.date(2031, 3, 13)
    )
    # The candidate reaches this page from their invitation (a planned interview is hidden).
    sw.slot.status = "invited"
    sw.slot.save(update_fields=["status"])
    sign_in_browser(sw.candidate)
    page.goto(f"{live_server.url}/jurys/auditions/{sw.slot.pk}/reponse/")
    page.get_by_role(
        "link", name="Indiquer les demi-journées où vous n’êtes pas disponible"
    ).click()
    page.wait_for_url(f"**/jurys/auditions/{sw.slot.pk}/indisponibilites/")
    check_accessibility(page)
    page.locator("label[for=demi-2031-03-12-matin]").click()  # DSFR draws the box on the label
    page.get_by_role("button", name="Enregistrer mes indisponibilités").click()
    page.wait_for_url(f"**/jurys/auditions/{sw.slot.pk}/reponse/")
    assert "Merci" in page.locator("main").inner_text()
    assert Unavailability.objects.get().application == sw.arnaud
