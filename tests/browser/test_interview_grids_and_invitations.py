"""Per-défi interview grids and the bulk invitations of a panel, in Chromium with axe-core."""

import datetime

import pytest

from cohorte.notifications.models import OutboxMessage
from cohorte.reviews.models import Review
from cohorte.selection.models import InterviewSlot, Panel
from tests.factories import ApplicationChoiceFactory, ChallengeFactory, InterviewSlotFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_defis(transactional_db):
    """tests/world.py, the candidate shortlisted and interviewed by Jury A for two défis."""
    from tests.world import after_submissions, build_world

    world = after_submissions(build_world())  # interviews are convened once the round closed
    world.application.status = "shortlisted"
    world.application.save()
    panel = Panel.objects.get(call=world.call, name="Jury A")
    first = InterviewSlot.objects.get(application=world.application)
    second_defi = ChallengeFactory(cohort=world.call.cohort, title="Deuxième défi", slug="deux")
    world.call.challenges.add(second_defi)
    panel.challenges.add(second_defi)
    ApplicationChoiceFactory(application=world.application, rank=2, challenge=second_defi)
    second = InterviewSlotFactory(
        panel=panel, application=world.application, challenge=second_defi,
        starts_at=first.starts_at + datetime.timedelta(minutes=30),
    )  # fmt: skip
    return world, panel, first, second


def fill(page, criteria, value):
    for criterion in criteria:
        page.locator(f"label[for=score-{criterion.pk}-{value}]").click()


def test_a_juror_fills_one_grid_per_defi(
    live_server, page, check_accessibility, sign_in_browser, two_defis
):
    world, _panel, first, second = two_defis
    criteria = list(world.call.grid.criteria.all())
    fit = next(c for c in criteria if c.per_challenge)
    sign_in_browser(world.juror)
    page.goto(f"{live_server.url}/jurys/auditions/{first.pk}/grille/")
    assert (
        page.locator("h2#grille-titre").inner_text() == "Grille d’audition — défi « Défi choisi »"
    )
    assert "vous pouvez préparer votre grille dès maintenant" in page.locator("main").inner_text()
    check_accessibility(page)
    fill(page, criteria, 3)
    page.locator(f"label[for=score-{fit.pk}-4]").click()
    page.locator("label[for=recommendation-yes]").click()
    page.get_by_role("button", name="Enregistrer ma grille").click()
    page.wait_for_url(f"**/jurys/auditions/{first.pk}/grille/")
    assert "Votre grille est enregistrée." in page.locator("main").inner_text()

    page.get_by_role("link", name="Grille du défi « Deuxième défi »").click()
    page.wait_for_url(f"**/jurys/auditions/{second.pk}/grille/")
    main = page.locator("main").inner_text()
    assert "sont repris de votre grille du défi « Défi choisi »" in main
    check_accessibility(page)
    page.locator(f"label[for=score-{fit.pk}-1]").click()
    page.locator("label[for=recommendation-maybe]").click()
    page.get_by_role("button", name="Enregistrer ma grille").click()
    page.wait_for_url(f"**/jurys/auditions/{second.pk}/grille/")
    totals = dict(Review.objects.values_list("challenge__title", "total"))
    assert totals == {"Défi choisi": 16, "Deuxième défi": 13}


def test_the_team_sends_a_panels_unsent_invitations(
    live_server, page, check_accessibility, sign_in_browser, two_defis
):
    world, panel, _first, _second = two_defis
    sign_in_browser(world.team)
    page.goto(f"{live_server.url}/jurys/jurys/{panel.pk}/")
    page.get_by_role("link", name="Envoyer les 2 invitations non envoyées de ce jury").click()
    page.wait_for_url(f"**/jurys/jurys/{panel.pk}/invitations/")
    assert "2 invitations n’ont pas encore été envoyées." in page.locator("main").inner_text()
    check_accessibility(page)
    page.get_by_role("button", name="Envoyer les 2 invitations").click()
    page.wait_for_url(f"**/jurys/jurys/{panel.pk}/")
    assert "2 invitations envoyées : " in page.locator("main").inner_text()
    assert OutboxMessage.objects.filter(subject__startswith="Invitation").count() == 2
    check_accessibility(page)
