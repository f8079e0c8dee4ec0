"""Issue 10, done when: a call for projects run from /gestion/ to the published défi, with
pages only and real dates, in Chromium with axe-core on every page visited.

The team creates the call in /gestion/ (its session's dates, section limits, pitch pages,
audition phases, co-funding rules, salary bands, envelope, grid and announcement date, all
typed as future dates). An administration's agent signs up and verifies their address;
nothing can be proposed before the opening: the page says when. Time passes in the test
process (``time_machine``, the live server's thread included): the call opens, the agent
drafts and submits the whole proposal, then edits it again without submitting (the
reviewers read the version submitted last; the défi's public draft starts from it). The
team screens, reviews and shortlists it; preparing decisions is refused while the call is
open, with the guard's words. The défi jury's pool is built on its page: four jurors with
an account are added, the referee is invited by e-mail, signs up from the link and joins
the pool. The composer places the défis on an audition day; the convocations go. Verdicts
are refused before the auditions start and given after; the decisions wait for the end of
the auditions, then are staged, validated by the director and sent; the worker delivers
them. The team writes the public page of the new défi; publishing is refused before the
announcement date and done after it; the public reads the défi without the proposal's
internal sections.

What the world holds before the story comes from factories: the programme (EIG) and its
profiles (``Expertise``), the team member and the director, four jurors' accounts
and another administration's proposal submitted once the call is open (the pool's
composition needs a second défi). Nothing else is written to the database by the test.
"""

import datetime
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from cohorte.calls.models import Call
from cohorte.challenges.models import Challenge
from cohorte.notifications.models import OutboxMessage
from cohorte.organisations.models import Organisation
from cohorte.projects.form import SECTIONS
from cohorte.projects.models import (
    Audition,
    FundingRules,
    JuryPoolMember,
    PanelVerdict,
    ProjectCallSettings,
    Proposal,
)
from cohorte.public.formats import PARIS, format_moment
from cohorte.selection.models import Decision, Panel
from tests.browser.test_call_for_projects_journey import (
    ADMINISTRATION,
    DEFI,
    OTHER_DEFI,
    SAVED,
    STAFF_EMAIL,
    TIMEOUT,
    _fill_grid,
    _flash,
    _main,
    _new_page,
    _sign_in,
    _staffer_fills_the_form,
    _staffer_submits,
    _tick,
    recipient_body,
)
from tests.factories import (
    ExpertiseFactory,
    OrganisationFactory,
    OrganisationMemberFactory,
    ProgrammeFactory,
    ProposalFactory,
    UserFactory,
    team_and_director,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "motdepasse-solide-42"  # UserFactory's
STAFF_PASSWORD = "un-mot-de-passe-solide-2026"
REFEREE_EMAIL = "rose.referente@numerique.gouv.fr"
REFEREE_PASSWORD = "une-phrase-de-passe-2026"
TITLE = "Appel à projets EIG 9"
# What the agent types in each section (tests/browser/test_call_for_projects_journey.py).
# Section labels use the programme's words: they are read during the test, not at import.


def _internal() -> list[str]:
    return [f"{s.label} : notre projet." for s in SECTIONS if not s.public]


def _public() -> list[str]:
    return [f"{s.label} : notre projet." for s in SECTIONS if s.key in ("problem", "solution")]


@pytest.fixture(autouse=True)
def _one_solver_worker(settings):
    settings.COHORTE_SOLVER_WORKERS = 1


def _typed(moment: datetime.datetime) -> str:
    """A moment as typed in a datetime-local field: Paris time, to the minute."""
    return moment.astimezone(PARIS).strftime("%Y-%m-%dT%H:%M")


def _calendar(now):
    """The campaign's dates, all in the future: the call opens tomorrow at 9 h (Paris)."""
    today = now.astimezone(PARIS).date()
    at = lambda days, hour: datetime.datetime.combine(  # noqa: E731
        today + datetime.timedelta(days=days), datetime.time(hour), tzinfo=PARIS
    )
    return {
        "opens": at(1, 9),
        "closes": at(3, 18),
        "audition_day": today + datetime.timedelta(days=5),
        "announcement": at(8, 10),
    }


def _people():
    team, director = team_and_director()
    jurors = {
        category: UserFactory(username=username, first_name=first, last_name=last)
        for category, username, first, last in (
            ("administration", "jure-admin", "Marc", "Administration"),
            ("alumni", "jure-alumni", "Léa", "Ancienne"),
            ("expert", "jure-expert", "Paul", "Expert"),
            ("tech", "jure-tech", "Nina", "Technique"),
        )
    }
    return team, director, jurors


def _log_in(browser, live_server, email, password, check):
    page = _new_page(browser)
    page.goto(live_server.url + "/compte/login/")
    check(page)
    _sign_in(page, email, password)
    page.wait_for_url(re.compile(r".*/mon-espace/$"))
    check(page)
    return page


def _follow_link(browser, live_server, to, pattern, check):
    """Open the link of the last e-mail to ``to`` matching ``pattern`` in a new browser."""
    message = OutboxMessage.objects.filter(to=[to]).order_by("-pk").first()
    link = re.search(pattern, recipient_body(message)).group(0)
    page = _new_page(browser)
    parts = urlsplit(link)  # the link names the site's own host
    page.goto(live_server.url + parts.path + (f"?{parts.query}" if parts.query else ""))
    check(page)
    return page


# --- 1. The team configures the call in /gestion/ --------------------------------------


def _team_configures(page, live_server, dates, check):
    page.goto(live_server.url + "/gestion/")
    check(page)
    page.get_by_role("link", name="Créer un appel").click()
    page.wait_for_url("**/gestion/configuration/nouvel-appel/")
    check(page)
    # The promotion comes first.
    page.get_by_role("link", name="La promotion n’existe pas encore ? Créer une promotion").click()
    page.wait_for_url("**/gestion/configuration/nouvelle-promotion/")
    check(page)
    page.get_by_label("Nom de la promotion").fill("EIG 9")
    page.get_by_label("Numéro").fill("9")
    page.get_by_label("Année").fill(str(dates["opens"].year + 1))
    page.get_by_role("button", name="Créer la promotion").click()
    page.wait_for_url("**/gestion/configuration/nouvel-appel/?promotion=*")
    _flash(page, "La promotion « EIG 9 » est créée : créez maintenant ses appels.")
    check(page)
    page.locator("label[for=id_kind_0]").click()  # appel à projets
    page.get_by_label("Promotion").select_option(label="EIG 9")
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_label("Nom de la première session").fill("Session unique")
    page.get_by_label("Ouverture du dépôt").fill(_typed(dates["opens"]))
    page.get_by_label("Clôture du dépôt").fill(_typed(dates["closes"]))
    page.get_by_role("button", name="Créer l’appel").click()
    page.wait_for_url("**/gestion/configuration/*/")
    _flash(page, f"L’appel « {TITLE} » est créé")
    check(page)
    call = Call.objects.get(title=TITLE)
    assert call.kind == Call.Kind.PROJECTS
    assert (call.opens_at, call.closes_at) == (dates["opens"], dates["closes"])

    page.get_by_role("link", name="Sessions").click()
    page.wait_for_url("**/sessions/")
    assert "Session unique" in _main(page)
    check(page)

    page.get_by_role("link", name="Rubriques, auditions et cofinancement").click()
    page.wait_for_url("**/appel-a-projets/")
    check(page)
    page.get_by_label("« Contexte et problématique à résoudre » (caractères au plus)").fill("1200")
    page.get_by_label("Pages du pitch au plus").fill("5")
    for label, minutes in (("Alignement du jury", "5"), ("Pitch", "10"),
                           ("Questions du jury", "20"), ("Délibération", "10")):  # fmt: skip
        page.get_by_label(f"{label} (minutes)").fill(minutes)
    page.get_by_role("button", name="Enregistrer les rubriques et les auditions").click()
    page.wait_for_url("**/appel-a-projets/")
    _flash(page, "Les rubriques, le pitch et les auditions sont enregistrés.")
    check(page)
    settings = ProjectCallSettings.objects.get(call=call)
    assert settings.section_limits == {"problem": 1200}
    assert (settings.pitch_max_pages, settings.audition_minutes) == (5, 45)

    page.get_by_label("Durée du contrat (mois)").fill("10")
    page.get_by_label("Mois cofinancés par EIG").fill("3")
    page.get_by_label("Enveloppe de cofinancement (€)").fill("1500000")
    page.get_by_role("button", name="Enregistrer le cofinancement").click()
    page.wait_for_url("**/appel-a-projets/")
    _flash(page, "Les règles de cofinancement sont enregistrées.")
    for key, label, salary in (("junior", "Jusqu’à 5 ans", "3500"),
                               ("senior", "Plus de 5 ans", "4200")):  # fmt: skip
        page.get_by_label("Tranche d'expérience").fill(label)
        page.get_by_label("Identifiant").fill(key)
        page.get_by_label("Salaire net mensuel (€)").fill(salary)
        page.get_by_role("button", name="Ajouter la tranche").click()
        page.wait_for_url("**/appel-a-projets/")
        _flash(page, f"La tranche « {label} » est ajoutée.")
    check(page)
    rules = FundingRules.objects.get(cohort=call.cohort)
    assert (rules.contract_months, rules.funded_months, rules.envelope) == (10, 3, 1500000)
    assert list(rules.bands.values_list("key", flat=True)) == ["junior", "senior"]

    page.get_by_role("link", name="Grille d’évaluation").click()
    check(page)
    page.get_by_role(
        "button", name="Créer la grille avec les critères habituels du programme"
    ).click()
    page.wait_for_url("**/grille/")
    check(page)
    call.refresh_from_db()
    assert call.grid.criteria.count() == 5

    page.get_by_role("link", name="Annonce des résultats").click()
    check(page)
    page.get_by_label("Annonce publique des résultats").fill(_typed(dates["announcement"]))
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_url("**/choix/")
    check(page)
    call.refresh_from_db()
    assert call.announcement_at == dates["announcement"]
    return call


# --- 2. The administration -------------------------------------------------------------


def _staffer_signs_up(page, browser, live_server, check):
    page.goto(live_server.url + "/compte/signup/")
    check(page)
    page.get_by_label("Prénom", exact=True).fill("Claire")
    page.get_by_label("Nom", exact=True).fill("Martin")
    page.get_by_label("Courriel").fill(STAFF_EMAIL)
    page.get_by_label("Mot de passe", exact=True).fill(STAFF_PASSWORD)
    page.get_by_label("Mot de passe (confirmation)").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Création de compte").click()
    page.wait_for_url("**/compte/confirm-email/")
    check(page)
    page = _follow_link(
        browser, live_server, STAFF_EMAIL, r"https?://\S+/compte/confirm-email/\S+/", check
    )
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url("**/compte/login/**")
    check(page)
    _sign_in(page, STAFF_EMAIL, STAFF_PASSWORD)
    page.wait_for_url(re.compile(r".*/mon-espace/$"))
    check(page)
    return page


def _not_open_yet(page, live_server, dates, check):
    page.goto(live_server.url + "/projets/")
    check(page)
    card = _main(page)
    moment = " ".join(format_moment(dates["opens"]).split())
    assert f"L'appel ouvre le {moment}, heure de Paris" in card
    assert page.get_by_role("link", name=f"Proposer un défi à « {TITLE} »").count() == 0


def _staffer_proposes(page, live_server, call, check):
    page.goto(live_server.url + "/projets/")
    check(page)
    page.get_by_role("link", name=f"Proposer un défi à « {call.title} »").click()
    page.wait_for_url(f"**/projets/{call.slug}/nouvelle/")
    check(page)
    page.get_by_label("Nom de l’administration").fill(ADMINISTRATION)
    page.get_by_label("Type", exact=True).select_option(label="ministère")
    page.get_by_role("button", name="Commencer la proposition").click()
    page.wait_for_url(re.compile(r".*/projets/propositions/\d+/$"))
    _flash(page, f"Votre proposition est créée pour {ADMINISTRATION}")
    check(page)
    return Proposal.objects.get(organisation__name=ADMINISTRATION)


UNSUBMITTED = "Une solution revue, pas encore déposée."


def _staffer_edits_after_submitting(page, live_server, proposal, check):
    """The call is open: the agent goes on editing the submitted proposal, without
    submitting it again."""
    page.goto(f"{live_server.url}/projets/propositions/{proposal.pk}/")
    check(page)
    page.locator("#formulaire-proposition").get_by_label("Solution envisagée").fill(UNSUBMITTED)
    page.wait_for_selector(SAVED)
    check(page)
    proposal.refresh_from_db()
    assert proposal.data["sections"]["solution"] == UNSUBMITTED and proposal.version == 1


# --- 3. Pre-instruction ----------------------------------------------------------------


def _team_pre_instructs(page, live_server, call, proposal, check):
    page.goto(f"{live_server.url}/instruction/{call.pk}/")
    steps = page.get_by_role("region", name=f"Les étapes de « {TITLE} »")
    assert "Préparer les décisions Action de : l'équipe du programme — pas encore" in " ".join(
        steps.inner_text().split()
    )
    check(page)
    page.get_by_role("link", name=DEFI).click()
    page.wait_for_url(f"**/instruction/propositions/{proposal.pk}/")
    # The reviewers read the version submitted last, and are told there are later edits.
    notice = " ".join(page.locator("#version-lue").inner_text().split())
    assert notice.startswith("Vous lisez la version 1, déposée le ")
    assert "Solution envisagée : notre projet." in _main(page)
    assert UNSUBMITTED not in _main(page)
    check(page)
    for step, label in (("Éligibilité", "éligible"), ("Complétude", "complète")):
        group = page.get_by_role("group", name=step, exact=True)
        _tick(group.get_by_label(label, exact=True))
        page.get_by_role("button", name=f"Enregistrer : {step.lower()}").click()
        page.wait_for_url(lambda url: url.endswith("#examen"))
    check(page)
    evaluation = page.get_by_role("region", name="Évaluation")
    _fill_grid(evaluation, call, [4, 3, 4, 3, 4], "Un besoin clair et porté haut.")
    evaluation.get_by_role("button", name="Enregistrer mon évaluation").click()
    page.wait_for_url(lambda url: url.endswith("#evaluation"))
    check(page)
    jury = page.get_by_role("region", name="Questions pour le jury")
    jury.get_by_label("Nouvelle question pour le jury").fill("Demander le calendrier.")
    jury.get_by_role("button", name="Enregistrer la question").click()
    page.wait_for_url(lambda url: url.endswith("#jury"))
    check(page)

    page.goto(f"{live_server.url}/instruction/{call.pk}/")
    for title in (DEFI, OTHER_DEFI):
        _tick(page.get_by_label(f"Sélectionner {title}"))
    page.get_by_label("Action sur les propositions cochées").select_option(
        label="Retenir pour le jury des défis"
    )
    page.get_by_role("button", name="Appliquer").click()
    _flash(page, "2 propositions modifiées.")
    check(page)
    assert set(Proposal.objects.values_list("status", flat=True)) == {Proposal.Status.SHORTLISTED}


def _decisions_refused_while_open(page, live_server, call, dates, check):
    page.goto(f"{live_server.url}/gestion/projets/{call.pk}/")
    warning = page.locator("#conditions-decisions")
    text = " ".join(warning.inner_text().split())
    assert text.startswith("Pas encore le moment de préparer, valider ou envoyer une décision")
    assert "L'appel est encore ouvert aux dépôts jusqu'au" in text
    check(page)
    page.get_by_role("button", name="Préparer les décisions").click()
    page.wait_for_url(f"**/gestion/projets/{call.pk}/")
    assert "Impossible de préparer, valider ou envoyer une décision : l'appel est encore " in (
        _main(page)
    )
    check(page)
    assert not Decision.objects.exists()


def _decisions_wait_for_the_auditions(page, live_server, call, auditions, check):
    page.goto(f"{live_server.url}/gestion/projets/{call.pk}/")
    text = " ".join(page.locator("#conditions-decisions").inner_text().split())
    last = " ".join(format_moment(auditions[-1].ends_at).split())
    assert f"Les auditions du jury des défis se terminent le {last}" in text
    assert "encore ouvert" not in text
    check(page)


# --- 4. The défi jury ------------------------------------------------------------------


def _team_builds_the_pool(page, browser, live_server, call, jurors, check):
    page.goto(live_server.url + "/jurys/defis/")
    check(page)
    page.get_by_role("link", name=f"Vivier de jurés — {TITLE}").click()
    page.wait_for_url(f"**/jurys/defis/{call.pk}/jures/")
    check(page)
    for category, user in jurors.items():
        page.get_by_label("Adresse électronique du compte").fill(user.email)
        page.locator("#id_category").select_option(category)
        page.get_by_role("button", name="Ajouter au vivier").click()
        _flash(page, f"{user.get_full_name()} rejoint le vivier de jurés.")
    check(page)

    page.get_by_label("Prénom", exact=True).fill("Rose")
    page.get_by_label("Nom", exact=True).fill("Référente")
    page.locator("#id_invitation-email").fill(REFEREE_EMAIL)
    page.locator("#id_invitation-category").select_option("expert")
    page.get_by_role("button", name="Envoyer l’invitation").click()
    page.wait_for_url(f"**/jurys/defis/{call.pk}/jures/")
    _flash(page, f"Invitation envoyée à Rose Référente ({REFEREE_EMAIL})")
    check(page)
    assert JuryPoolMember.objects.filter(call=call).count() == 4

    # The invited juror follows the e-mail's link, creates their account, verifies it.
    referee = _follow_link(browser, live_server, REFEREE_EMAIL, r"https?://\S+/compte/signup/\S*",
                           check)  # fmt: skip
    referee.get_by_label("Prénom").fill("Rose")
    referee.get_by_label("Nom", exact=True).fill("Référente")
    referee.get_by_label("Courriel").fill(REFEREE_EMAIL)
    referee.get_by_label("Mot de passe", exact=True).fill(REFEREE_PASSWORD)
    referee.get_by_label("Mot de passe (confirmation)").fill(REFEREE_PASSWORD)
    referee.get_by_role("button", name="Création de compte").click()
    referee.wait_for_url("**/compte/confirm-email/")
    check(referee)
    referee.context.close()
    referee = _follow_link(browser, live_server, REFEREE_EMAIL,
                           r"https?://\S+/compte/confirm-email/\S+/", check)  # fmt: skip
    referee.get_by_role("button", name="Confirmer").click()
    referee.wait_for_url("**/compte/login/**")
    _sign_in(referee, REFEREE_EMAIL, REFEREE_PASSWORD)
    referee.wait_for_url(re.compile(r".*/mon-espace/$"))
    check(referee)
    assert JuryPoolMember.objects.filter(call=call, user__email=REFEREE_EMAIL).exists()
    page.reload()
    assert "Rose Référente" in _main(page)
    check(page)
    return referee


def _team_composes(page, live_server, call, dates, check):
    page.goto(f"{live_server.url}/jurys/defis/{call.pk}/composition/")
    check(page)
    page.get_by_label("Nombre de jurys à composer").fill("1")
    page.get_by_label("Jours d'audition").fill(dates["audition_day"].strftime("%d/%m/%Y"))
    page.get_by_label("Temps de calcul maximal (secondes)").fill("5")
    page.get_by_role("button", name="Composer les jurys").click()
    page.wait_for_url("**calcul=*")
    _flash(page, "Jurys composés : relisez-les avant de les appliquer.")
    check(page)
    page.get_by_role("link", name="Appliquer cette composition").click()
    page.wait_for_url("**/appliquer/")
    check(page)
    page.get_by_role("button", name="Appliquer cette composition").click()
    page.wait_for_url("**/composition/#jurys")
    _flash(page, "Composition appliquée : 1 jury(s), 2 audition(s) créée(s)")
    check(page)
    panel = Panel.objects.get(call=call)
    assert panel.members.count() == 5
    auditions = list(Audition.objects.filter(panel=panel).order_by("starts_at"))
    assert [a.starts_at.astimezone(PARIS).date() for a in auditions] == [dates["audition_day"]] * 2
    assert {a.duration_minutes for a in auditions} == {45}

    page.get_by_label("Référent·e du jury").select_option(label="Rose Référente")
    page.get_by_role("button", name=f"Enregistrer le référent — {panel.name}").click()
    _flash(page, f"Référent·e du « {panel.name} » enregistré·e.")
    check(page)
    page.get_by_role("link", name="Envoyer les convocations des 2 auditions prévues").click()
    page.wait_for_url(f"**/jurys/defis/{call.pk}/convocations/")
    check(page)
    page.get_by_role("button", name="Envoyer les convocations").click()
    page.wait_for_url("**/composition/#jurys")
    _flash(page, "2 convocations envoyées.")
    check(page)
    return panel, auditions


def _verdicts_refused_before_the_audition(page, live_server, panel, auditions, check):
    page.goto(f"{live_server.url}/jurys/defis/")
    steps = " ".join(page.get_by_role("region", name=f"Les étapes de « {TITLE} »").inner_text()
                     .split())  # fmt: skip
    opening = " ".join(format_moment(auditions[-1].starts_at).split())
    assert (
        "Auditionner les défis, remplir les grilles et donner les avis Action de : les jurys des "
        "défis — pas encore : les avis se donnent une fois les auditions du jury commencées "
        f"(premiers avis possibles le {opening})"
    ) in steps
    check(page)
    page.goto(f"{live_server.url}/jurys/defis/jurys/{panel.pk}/avis/")
    assert f"Ce formulaire s’ouvre le {opening}" in " ".join(_main(page).split())
    check(page)
    for title, position in ((DEFI, "1"), (OTHER_DEFI, "2")):
        defi = page.get_by_role("group", name=re.compile(f"^{re.escape(title)}"))
        _tick(defi.get_by_label("Favorable", exact=True))
        defi.get_by_label("Rang dans le jury").select_option(position)
        defi.get_by_label("Justification").fill("Trop tôt.")
    page.get_by_role("button", name="Enregistrer les avis du jury").click()
    page.locator("[role=alert]").get_by_text("Rien n’est enregistré").wait_for()
    refusal = " ".join(page.locator("[role=alert]").inner_text().split())
    assert "Les avis se donnent une fois l'audition commencée ; pas encore : « " in refusal
    check(page)
    assert not PanelVerdict.objects.exists()


def _referee_concludes(page, live_server, call, panel, proposal, other, check):
    page.goto(f"{live_server.url}/jurys/defis/jurys/{panel.pk}/")
    check(page)
    page.get_by_role("link", name=DEFI, exact=True).click()
    page.wait_for_url(f"**/jurys/defis/jurys/{panel.pk}/defis/{proposal.pk}/")
    assert "Demander le calendrier." in page.locator("#questions-jury").inner_text()
    check(page)
    for defi, other_proposal, scores in ((DEFI, proposal, [4, 4, 4, 3, 4]),
                                         (OTHER_DEFI, other, [2, 3, 2, 2, 3])):  # fmt: skip
        page.goto(f"{live_server.url}/jurys/defis/jurys/{panel.pk}/")
        page.get_by_role("link", name=f"Remplir la grille collective — {defi}").click()
        page.wait_for_url(f"**/defis/{other_proposal.pk}/grille/")
        check(page)
        _fill_grid(page.locator("main"), call, scores, "Le jury a délibéré.")
        page.get_by_role("button", name="Enregistrer la grille collective").click()
        page.wait_for_url(f"**/jurys/defis/jurys/{panel.pk}/")
        _flash(page, "La grille collective est enregistrée.")
        check(page)

    page.get_by_role("link", name="Donner les avis du jury").click()
    page.wait_for_url(f"**/jurys/defis/jurys/{panel.pk}/avis/")
    check(page)
    for title, opinion, position, why in (
        (DEFI, "Favorable", "1", "Un besoin clair, une équipe engagée."),
        (OTHER_DEFI, "Défavorable", "2", "Les données ne sont pas encore accessibles."),
    ):
        defi = page.get_by_role("group", name=re.compile(f"^{re.escape(title)}"))
        _tick(defi.get_by_label(opinion, exact=True))
        defi.get_by_label("Rang dans le jury").select_option(position)
        defi.get_by_label("Justification").fill(why)
    page.get_by_role("button", name="Enregistrer les avis du jury").click()
    page.wait_for_url(f"**/jurys/defis/jurys/{panel.pk}/")
    _flash(page, "Les avis du jury sont enregistrés.")
    check(page)
    assert PanelVerdict.objects.get(proposal=proposal).favourable


# --- 5. Decisions and publication ------------------------------------------------------


def _team_stages(page, live_server, call, check):
    page.goto(f"{live_server.url}/gestion/projets/{call.pk}/")
    assert page.locator("#conditions-decisions").count() == 0
    check(page)
    _tick(page.get_by_label(f"Retenir {DEFI}"))
    page.get_by_role("button", name="Préparer les décisions").click()
    page.wait_for_url(f"**/gestion/projets/{call.pk}/")
    _flash(page, "2 décisions préparées (1 défi(s) retenu(s))")
    check(page)


def _director_validates(page, live_server, call, check):
    page.goto(f"{live_server.url}/gestion/projets/{call.pk}/validation/")
    check(page)
    page.get_by_role("button", name="Valider toutes les décisions à valider (2)").click()
    page.wait_for_url(f"**/gestion/projets/{call.pk}/validation/")
    _flash(page, "2 décision(s) validée(s).")
    check(page)


def _team_sends(page, live_server, call, check):
    page.goto(f"{live_server.url}/gestion/projets/{call.pk}/envoi/")
    check(page)
    page.get_by_role("button", name="Envoyer ces 2 décisions").click()
    page.wait_for_url(f"**/gestion/projets/{call.pk}/courriels/")
    _flash(page, "2 e-mail(s) de décision mis en file d'envoi")
    check(page)
    mail.outbox.clear()
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    assert [m.to for m in mail.outbox if m.subject == "Votre défi est retenu"] == [[STAFF_EMAIL]]
    assert Proposal.objects.get(title=DEFI).status == Proposal.Status.SELECTED


def _team_writes_the_public_page(page, live_server, call, check):
    page.goto(f"{live_server.url}/gestion/projets/{call.pk}/defis/")
    check(page)
    page.get_by_role("link", name=f"Modifier la page publique {DEFI}").click()
    page.wait_for_url("**/page-publique/")
    check(page)
    # The draft starts from the public sections only.
    draft = " ".join(page.locator("textarea").all_inner_texts()) + " ".join(
        page.locator("textarea").evaluate_all("nodes => nodes.map(n => n.value)")
    )
    assert all(text in draft for text in _public())
    assert not any(text in draft for text in [*_internal(), UNSUBMITTED])
    page.get_by_label("Accroche").fill("Repérer plus tôt les fraudes, avec les agents.")
    page.get_by_role("button", name="Enregistrer la page publique").click()
    _flash(page, "La page publique du défi est enregistrée.")
    check(page)
    challenge = Challenge.objects.get(proposal__title=DEFI)
    assert challenge.tagline == "Repérer plus tôt les fraudes, avec les agents."
    assert challenge.status == Challenge.Status.DRAFT


def _publication_refused_then_done(page, live_server, call, check, traveller, dates):
    page.goto(f"{live_server.url}/gestion/projets/{call.pk}/defis/")
    warning = " ".join(page.locator("#conditions-publication").inner_text().split())
    assert "Les résultats restent confidentiels jusqu'à l'annonce publique du" in warning
    assert page.get_by_role("button", name="Publier les défis retenus").is_disabled()
    check(page)

    traveller.move_to(dates["announcement"] + datetime.timedelta(minutes=1))
    page.reload()
    assert page.locator("#conditions-publication").count() == 0
    page.get_by_role("button", name="Publier les défis retenus").click()
    page.wait_for_url(f"**/gestion/projets/{call.pk}/defis/")
    _flash(page, "1 défi publié sur le site public.")
    check(page)


# --- The journey -----------------------------------------------------------------------


def test_call_for_projects_from_configuration_to_the_public_defi(
    live_server, page, browser, check_accessibility, tmp_path
):
    check = check_accessibility
    page.context.set_default_timeout(TIMEOUT)
    ProgrammeFactory()
    ExpertiseFactory(name="Développement", slug="developpement")
    team_user, director, jurors = _people()
    dates = _calendar(timezone.now())
    pages = [page]

    def log_in(email, password=PASSWORD):
        signed_in = _log_in(browser, live_server, email, password, check)
        pages.append(signed_in)
        return signed_in

    try:
        # 1. Configuration, today, for a call that opens tomorrow.
        team = log_in(team_user.email)
        call = _team_configures(team, live_server, dates, check)

        # 2. The agent signs up today; nothing can be proposed before the opening.
        staffer = _staffer_signs_up(page, browser, live_server, check)
        pages.append(staffer)
        _not_open_yet(staffer, live_server, dates, check)

        with time_machine.travel(dates["opens"] + datetime.timedelta(hours=1), tick=True) as tm:
            proposal = _staffer_proposes(staffer, live_server, call, check)
            _staffer_fills_the_form(staffer, call, check, tmp_path)
            _staffer_submits(staffer, proposal, check)
            _staffer_edits_after_submitting(staffer, live_server, proposal, check)
            culture = OrganisationFactory(
                name="Ministère de la Culture", slug="culture", kind=Organisation.Kind.MINISTRY
            )
            OrganisationMemberFactory(
                organisation=culture,
                user=UserFactory(username="culture", email="projet@culture.gouv.fr"),
            )
            other = ProposalFactory(call=call, organisation=culture, title=OTHER_DEFI,
                                    eligibility="eligible", completeness="complete")  # fmt: skip

            # 3. Pre-instruction while the call is open; decisions must wait.
            _team_pre_instructs(team, live_server, call, proposal, check)
            _decisions_refused_while_open(team, live_server, call, dates, check)

            # 4. The pool, the composition on the audition day, the convocations.
            referee = _team_builds_the_pool(team, browser, live_server, call, jurors, check)
            pages.append(referee)
            panel, auditions = _team_composes(team, live_server, call, dates, check)

            # The call closes; the audition day comes but not its first audition.
            tm.move_to(auditions[0].starts_at - datetime.timedelta(minutes=30))
            _decisions_wait_for_the_auditions(team, live_server, call, auditions, check)
            _verdicts_refused_before_the_audition(referee, live_server, panel, auditions, check)
            tm.move_to(auditions[-1].starts_at + datetime.timedelta(minutes=5))
            _referee_concludes(referee, live_server, call, panel, proposal, other, check)

            # 5. After the last audition: decisions, validation, sending, the public page.
            tm.move_to(auditions[-1].ends_at + datetime.timedelta(minutes=5))
            _team_stages(team, live_server, call, check)
            _director_validates(log_in(director.email), live_server, call, check)
            _team_sends(team, live_server, call, check)
            staffer.goto(live_server.url + "/projets/mes-propositions/")
            assert "lauréate" in _main(staffer).lower()
            check(staffer)
            _team_writes_the_public_page(team, live_server, call, check)
            _publication_refused_then_done(team, live_server, call, check, tm, dates)

            visitor = _new_page(browser)
            pages.append(visitor)
            challenge = Challenge.objects.get(proposal=proposal)
            visitor.goto(live_server.url + "/defis/")
            assert DEFI in _main(visitor)
            check(visitor)
            visitor.get_by_role("link", name=DEFI).first.click()
            visitor.wait_for_url(f"**/defis/{challenge.slug}/")
            public = _main(visitor)
            assert "Repérer plus tôt les fraudes, avec les agents." in public
            for text in _public():
                assert text in public
            for internal in _internal():
                assert internal not in public
            check(visitor)
    finally:
        for other_page in pages[1:]:
            other_page.context.close()
