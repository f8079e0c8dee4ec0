"""Guarded steps in Chromium: the decisions page says what is missing and takes the
director's exception; the validation page shows what to read and sends a decision back;
axe-core on each page."""

import pytest

from cohorte.audit.models import ActivityLog
from cohorte.selection import decisions as domain
from cohorte.selection.models import Decision
from tests.world import after_interviews, build_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_preconditions_exception_validation_and_send_back(
    live_server, page, check_accessibility, sign_in_browser
):
    world = build_world()
    main = page.locator("main")
    sign_in_browser(world.team)
    url = f"{live_server.url}/jurys/decisions/?appel={world.call.slug}"
    page.goto(url)
    assert "Pas encore le moment de préparer, valider ou envoyer une décision" in main.inner_text()
    assert "Exception possible — action de : la direction du programme" in main.inner_text()
    check_accessibility(page)

    sign_in_browser(world.director)
    page.goto(url)
    page.fill("#exception-decisions", "La candidate a une autre offre.")
    row = page.locator(f"#candidature-{world.application.pk}")
    row.locator(f"#d{world.application.pk}-outcome").select_option("not_selected")
    row.get_by_role("button", name="Préparer").click()
    page.locator(f"#candidature-{world.application.pk} .fr-badge").get_by_text(
        "non retenu·e"
    ).wait_for()
    assert Decision.objects.get().outcome == "not_selected"
    assert ActivityLog.objects.get(action="step.overridden").data["reason"] == (
        "La candidate a une autre offre."
    )
    check_accessibility(page)

    after_interviews(world)
    Decision.objects.all().delete()
    decision = domain.stage_decision(
        world.application, "selected", world.challenge, actor=world.team
    )
    page.goto(f"{live_server.url}/jurys/decisions/validation/?appel={world.call.slug}")
    facts = page.locator(f"#decision-faits-{decision.pk}").inner_text()
    assert "Éligibilité : éligible" in facts and "Classement : non classée" in facts
    check_accessibility(page)
    page.get_by_text("Renvoyer à l’équipe la décision sur").click()
    page.fill(f"#commentaire-{decision.pk}", "Attendons le second jury.")
    check_accessibility(page)
    page.get_by_role("button", name="Renvoyer à l’équipe", exact=True).click()
    page.get_by_text("renvoyée à l'équipe avec votre commentaire").wait_for()
    decision.refresh_from_db()
    assert (decision.status, decision.returned_comment) == (
        "returned",
        "Attendons le second jury.",
    )
    check_accessibility(page)


def test_the_timetable_waits_for_the_round_then_the_director_applies_it_early(
    live_server, page, check_accessibility, sign_in_browser, settings
):
    from cohorte.selection import scheduling_runs
    from cohorte.selection.models import InterviewSlot
    from tests.selection.scheduling_world import WINTER, build_scheduling_world

    settings.COHORTE_SOLVER_WORKERS = 1
    sw = build_scheduling_world(build_world())  # its round still open
    run = scheduling_runs.run_scheduling(
        sw.call, sw.team, scheduling_runs.SchedulingParameters(days=(WINTER,), time_limit=5)
    )
    main = page.locator("main")
    url = f"{live_server.url}/jurys/planification/calculs/{run.pk}/appliquer/"
    sign_in_browser(sw.team)
    page.goto(url)
    warning = page.locator("#conditions-convocations").inner_text()
    assert "Pas encore le moment de planifier une audition ou envoyer une convocation" in warning
    assert "L'appel est encore ouvert aux dépôts jusqu'au" in warning
    check_accessibility(page)
    page.get_by_role("button", name="Appliquer ce planning").click()
    page.wait_for_url("**calcul=*")
    assert "Impossible de planifier une audition ou envoyer une convocation" in main.inner_text()
    check_accessibility(page)
    assert InterviewSlot.objects.count() == 1

    sign_in_browser(sw.director)
    page.goto(url)
    page.get_by_label("Motif de l’exception").fill("Le jury part en mission la semaine suivante.")
    check_accessibility(page)
    page.get_by_role("button", name="Appliquer ce planning").click()
    page.wait_for_url("**calcul=*")
    assert "Planning appliqué : 3 audition(s) créée(s), 1 déplacée(s)" in main.inner_text()
    assert InterviewSlot.objects.count() == 4
    assert ActivityLog.objects.get(action="step.overridden").data["reason"] == (
        "Le jury part en mission la semaine suivante."
    )


def test_a_past_interview_reads_held_and_asks_nothing_more(
    live_server, page, check_accessibility, sign_in_browser
):
    import datetime

    from django.utils import timezone

    from cohorte.selection.models import InterviewSlot

    world = build_world()
    slot = InterviewSlot.objects.get(application=world.application)
    slot.status, slot.starts_at = "confirmed", timezone.now() - datetime.timedelta(days=1)
    slot.save()
    sign_in_browser(world.candidate)
    page.goto(f"{live_server.url}/jurys/auditions/{slot.pk}/reponse/")
    text = page.locator("main").inner_text()
    assert "État : Tenue." in text
    assert "il n’y a plus rien à confirmer ni à déplacer" in text
    assert page.get_by_role("button").filter(has_text="Je confirme").count() == 0
    check_accessibility(page)
