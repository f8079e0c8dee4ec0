"""The défi jury in Chromium: composition, a juror's panel and défi, the consolidation;
axe-core on every page."""

import datetime

import pytest
from django.utils import timezone

from cohorte.projects.jury_runs import apply_run, run_jury
from cohorte.projects.models import Audition, PanelVerdict, ProposalNote
from cohorte.selection.models import Panel, SolverRun

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _one_worker(settings):
    settings.COHORTE_SOLVER_WORKERS = 1


@pytest.fixture
def jury_world(transactional_db):
    """tests/project_world.py with four shortlisted défis and a pool of twelve jurors."""
    from tests.project_world import build_project_world
    from tests.projects.jury_world import build_jury_world

    return build_jury_world(build_project_world())


def test_team_composes_the_jury_and_applies_it(
    live_server, page, check_accessibility, sign_in_browser, jury_world
):
    jw = jury_world
    sign_in_browser(jw.team)
    page.goto(f"{live_server.url}/jurys/defis/")
    check_accessibility(page)
    page.get_by_role("link", name=f"Composition et auditions — {jw.call.title}").click()
    page.wait_for_url(f"**/jurys/defis/{jw.call.pk}/composition/")
    assert page.locator("h1").inner_text() == "Composition du jury des défis"
    check_accessibility(page)

    page.get_by_label("Jours d'audition").fill("12/03/2031")
    page.get_by_label("Temps de calcul maximal (secondes)").fill("3")
    page.get_by_role("button", name="Composer les jurys").click()
    page.wait_for_url("**calcul=*")
    assert SolverRun.objects.get().status == "optimal"
    assert "Équilibre des profils" in page.locator("main").inner_text()
    check_accessibility(page)

    page.get_by_role("link", name="Appliquer cette composition").click()
    page.wait_for_url("**/appliquer/")
    check_accessibility(page)
    page.get_by_role("button", name="Appliquer cette composition").click()
    page.wait_for_url("**/composition/#jurys")
    assert "Composition appliquée" in page.locator("main").inner_text()
    assert Audition.objects.count() == 4
    check_accessibility(page)

    audition = Audition.objects.order_by("starts_at", "panel__name").first()
    page.get_by_role("link", name=f"Déplacer {audition.proposal.display_name}").click()
    page.wait_for_url(f"**/auditions/{audition.pk}/deplacer/")
    check_accessibility(page)

    # Where the panel meets: a bad link is refused with a message naming the field.
    panel = audition.panel
    page.goto(f"{live_server.url}/jurys/defis/{jw.call.pk}/composition/#jurys")
    page.get_by_role("link", name=f"Modifier le lieu — {panel.name}").click()
    page.wait_for_url(f"**/jurys/defis/jurys/{panel.pk}/lieu/")
    check_accessibility(page)
    page.get_by_label("Adresse et salle").fill("DINUM, 20 avenue de Ségur, salle 4.12")
    page.get_by_label("Lien de visioconférence").fill("ftp://visio.example/jury")
    page.get_by_role("button", name="Enregistrer le lieu").click()
    assert "l'adresse doit commencer par https://" in page.locator("main").inner_text()
    check_accessibility(page)
    page.get_by_label("Lien de visioconférence").fill("https://visio.example/jury")
    page.get_by_role("button", name="Enregistrer le lieu").click()
    page.wait_for_url(f"**/composition/#jury-{panel.pk}")
    assert "Lieu : DINUM, 20 avenue de Ségur, salle 4.12" in page.locator("main").inner_text()
    check_accessibility(page)


def test_a_juror_reads_a_defi_comments_and_the_referee_concludes(
    live_server, page, check_accessibility, sign_in_browser, jury_world
):
    jw = jury_world
    apply_run(run_jury(jw.call, jw.team, _parameters()), jw.team)
    panel = Panel.objects.get(members=jw.juror)
    panel.referee = jw.juror
    panel.save()
    proposal = panel.proposals.order_by("title").first()
    ProposalNote.objects.create(
        proposal=proposal, kind=ProposalNote.Kind.JURY_QUESTION, body="Quel budget ?"
    )
    sign_in_browser(jw.juror)
    page.goto(f"{live_server.url}/jurys/defis/")
    page.get_by_role("link", name=panel.name).click()
    page.wait_for_url(f"**/jurys/defis/jurys/{panel.pk}/")
    assert page.locator("h1").inner_text() == panel.name
    check_accessibility(page)

    page.get_by_role("link", name=proposal.display_name, exact=True).click()
    page.wait_for_url(f"**/jurys/{panel.pk}/defis/{proposal.pk}/")
    assert "Quel budget ?" in page.locator("#questions-jury").inner_text()
    check_accessibility(page)
    page.get_by_label("Votre commentaire").fill("Une équipe solide.")
    page.get_by_role("button", name="Ajouter mon commentaire").click()
    page.wait_for_url("**#commentaires")
    assert "Une équipe solide." in page.locator("#commentaires").inner_text()
    check_accessibility(page)

    page.get_by_role("link", name="Remplir la grille collective").first.click()
    page.wait_for_url("**/grille/")
    check_accessibility(page)

    past = timezone.now() - datetime.timedelta(days=1)
    Audition.objects.filter(panel=panel).update(starts_at=past)
    page.goto(f"{live_server.url}/jurys/defis/jurys/{panel.pk}/avis/")
    check_accessibility(page)
    page.get_by_role("button", name="Enregistrer les avis du jury").click()
    assert "Rien n’est enregistré" in page.locator("main").inner_text()
    assert not PanelVerdict.objects.exists()
    check_accessibility(page)


def test_team_reads_the_consolidated_ranking(
    live_server, page, check_accessibility, sign_in_browser, jury_world
):
    jw = jury_world
    for k, (panel, proposal) in enumerate(((jw.panel, jw.proposal),
                                           (jw.other_panel, jw.other_proposal))):  # fmt: skip
        PanelVerdict.objects.create(
            panel=panel, proposal=proposal, favourable=k == 0, position=1, justification="J",
            favourite=k == 0,
        )  # fmt: skip
    sign_in_browser(jw.team)
    page.goto(f"{live_server.url}/jurys/defis/{jw.call.pk}/consolidation/")
    assert page.locator("h1").inner_text() == "Classement consolidé des défis"
    rows = page.locator("table tbody tr")
    assert rows.count() == 2
    assert "Détecter les fraudes" in rows.nth(0).inner_text()
    check_accessibility(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV — classement consolidé").click()
    assert download.value.suggested_filename.endswith(".csv")


def _parameters():
    from tests.projects.jury_world import parameters

    return parameters(time_limit=3)


def test_team_invites_a_juror_into_the_pool_and_cancels(
    live_server, page, check_accessibility, sign_in_browser, jury_world
):
    from cohorte.projects.models import JuryInvitation

    jw = jury_world
    sign_in_browser(jw.team)
    page.goto(f"{live_server.url}/jurys/defis/{jw.call.pk}/jures/")
    assert "Aucune invitation en attente." in page.locator("main").inner_text()
    check_accessibility(page)

    # A missing first name is refused, next to the field; nothing is sent.
    page.get_by_label("Nom", exact=True).fill("Martin")
    page.locator("#id_invitation-email").fill("claire.martin@example.org")
    page.locator("#id_invitation-category").select_option("expert")
    page.get_by_role("button", name="Envoyer l’invitation").click()
    main = page.locator("main").inner_text()
    assert "Prénom : Indiquez le prénom du juré." in main
    assert not JuryInvitation.objects.exists()
    check_accessibility(page)

    page.get_by_label("Prénom", exact=True).fill("Claire")
    page.get_by_role("button", name="Envoyer l’invitation").click()
    page.wait_for_url(f"**/jurys/defis/{jw.call.pk}/jures/")
    main = page.locator("main").inner_text()
    assert "Invitation envoyée à Claire Martin (claire.martin@example.org)" in main
    assert "Jurés invités qui n’ont pas encore rejoint le vivier" in main
    check_accessibility(page)

    page.get_by_role("button", name="Annuler l’invitation Claire Martin").click()
    page.wait_for_url(f"**/jurys/defis/{jw.call.pk}/jures/")
    main = page.locator("main").inner_text()
    assert "L'invitation de Claire Martin (claire.martin@example.org) est annulée." in main
    assert "Aucune invitation en attente." in main
    assert not JuryInvitation.objects.exists()
