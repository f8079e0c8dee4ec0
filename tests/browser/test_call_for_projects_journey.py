"""Issue 4 end to end in Chromium, with axe-core on every page visited.

An administration's staffer creates an account with their work address, verifies it from
the e-mail, signs in, declares their administration and fills the whole proposal form
(co-funding estimate shown as they type), submits it and reads the dated receipt. The
team screens, reviews and questions it, the staffer answers; the team shortlists it with
another administration's défi, fills the pool of jurors, composes one panel, names its
referee and sends the convocations. The referee reads the défi, fills the collective
grids and gives the panel's verdicts. The team reads the consolidated ranking, stages the
decisions, the director validates them, the team sends them and the worker delivers the
e-mails. After the announcement date the team publishes: the public sees the new défi.

Every step goes through the real pages. The database is only written for what the world
holds before the story (users, the other administration's proposal, four jurors of the
pool) and for time passing: the auditions are held, the announcement date comes.
"""

import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfWriter

from cohorte.calls.models import Call, Round
from cohorte.challenges.models import Challenge
from cohorte.notifications.models import OutboxMessage
from cohorte.notifications.tasks import content_for_recipient
from cohorte.organisations.models import Organisation
from cohorte.projects.form import COMMITMENTS, SECTIONS
from cohorte.projects.models import (
    Audition,
    JuryPoolMember,
    PanelVerdict,
    Proposal,
    ProposalMessage,
    ProposalNote,
)
from cohorte.public.formats import PARIS, format_moment, format_number
from cohorte.reviews.models import Review
from cohorte.selection.models import Decision, Panel
from tests.factories import (
    ExpertiseFactory,
    OrganisationFactory,
    OrganisationMemberFactory,
    ProjectCallFactory,
    ProposalFactory,
    UserFactory,
    team_and_director,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "motdepasse-solide-42"  # UserFactory's
STAFF_EMAIL = "camille.martin@interieur.gouv.fr"
STAFF_PASSWORD = "un-mot-de-passe-solide-2026"
ADMINISTRATION = "Ministère de l'Intérieur"
DEFI = "Détecter les fraudes aux prestations"
OTHER_DEFI = "Numériser les archives"
TIMEOUT = 15_000  # ms: a step of this journey never takes that long
SAVED = "#autosave-status >> text=Brouillon enregistré à"


@pytest.fixture(autouse=True)
def _one_solver_worker(settings):
    settings.COHORTE_SOLVER_WORKERS = 1


# --- Helpers ---------------------------------------------------------------------------


def _setup():
    """An open call for projects, another administration's complete proposal, the people."""
    call = ProjectCallFactory(
        slug="aap-eig-9",
        title="Appel à projets EIG 9",
        announcement_at=timezone.now() + datetime.timedelta(days=90),
    )
    profile = ExpertiseFactory(name="Développement", slug="developpement")
    culture = OrganisationFactory(
        name="Ministère de la Culture", slug="culture", kind=Organisation.Kind.MINISTRY
    )
    OrganisationMemberFactory(
        organisation=culture, user=UserFactory(username="culture", email="projet@culture.gouv.fr")
    )
    other = ProposalFactory(
        call=call,
        organisation=culture,
        title=OTHER_DEFI,
        eligibility=Proposal.Eligibility.ELIGIBLE,
        completeness=Proposal.Completeness.COMPLETE,
    )
    team, director = team_and_director()
    jurors = [
        UserFactory(username=username, first_name=first, last_name=last)
        for username, first, last in (
            ("referente", "Rose", "Référente"),
            ("jure-admin", "Marc", "Administration"),
            ("jure-alumni", "Léa", "Ancienne"),
            ("jure-expert", "Paul", "Expert"),
            ("jure-tech", "Nina", "Technique"),
        )
    ]
    # The referee joins the pool through its page; the other four are already in it.
    for user, category in zip(
        jurors[1:], ("administration", "alumni", "expert", "tech"), strict=True
    ):
        JuryPoolMember.objects.create(call=call, user=user, category=category)
    return call, profile, other, {"team": team, "director": director, "referee": jurors[0]}


def _pdf(path, pages):
    writer = PdfWriter()
    for _index in range(pages):
        writer.add_blank_page(width=842, height=595)
    with open(path, "wb") as handle:
        writer.write(handle)
    return str(path)


def _new_page(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT)
    return context.new_page()


def _sign_in(page, email, password):
    """The real login form (the page shows it)."""
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe").fill(password)  # and its hint: "Mot de passe oublié ?"
    page.get_by_role("button", name="Connexion").click()


def _log_in(browser, live_server, user, check):
    """A fresh browser for ``user``, signed in through the real login form."""
    page = _new_page(browser)
    page.goto(live_server.url + "/compte/login/")
    check(page)
    _sign_in(page, user.email, PASSWORD)
    page.wait_for_url(re.compile(r".*/mon-espace/$"))
    check(page)
    return page


def _main(page) -> str:
    return " ".join(page.locator("main").inner_text().split())


def _flash(page, text):
    """Wait for a message of the page (whitespace as the reader sees it)."""
    page.locator("main").get_by_text(text).first.wait_for()


def _tick(locator):
    # DSFR draws radios and checkboxes on their label: the input itself is out of sight.
    locator.check(force=True)


def _fill_grid(scope, call, scores, comment):
    for criterion, score in zip(call.grid.criteria.order_by("order", "pk"), scores, strict=True):
        group = scope.get_by_role("group", name=criterion.label)
        _tick(group.get_by_label(str(score), exact=True))
    scope.get_by_label("Commentaire (facultatif)", exact=True).fill(comment)
    _tick(scope.get_by_role("group", name="Avis", exact=True).get_by_label("Favorable", exact=True))


# --- 1. The administration -------------------------------------------------------------


def _staffer_signs_up(page, browser, live_server, check):
    page.goto(live_server.url + "/compte/signup/")
    check(page)
    page.get_by_label("Prénom").fill("Claire")
    page.get_by_label("Nom", exact=True).fill("Martin")
    page.get_by_label("Courriel").fill(STAFF_EMAIL)
    page.get_by_label("Mot de passe", exact=True).fill(STAFF_PASSWORD)
    page.get_by_label("Mot de passe (confirmation)").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Création de compte").click()
    page.wait_for_url("**/compte/confirm-email/")
    check(page)

    # The link from the mailbox, opened in another browser: confirmed, then signed in there.
    verification = OutboxMessage.objects.get(to=[STAFF_EMAIL])
    link = re.search(r"https?://\S+/compte/confirm-email/\S+/", recipient_body(verification)).group(
        0
    )
    page = _new_page(browser)
    page.goto(live_server.url + urlsplit(link).path)  # the link names the site's own host
    check(page)
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url("**/compte/login/**")
    check(page)
    _sign_in(page, STAFF_EMAIL, STAFF_PASSWORD)
    page.wait_for_url(re.compile(r".*/mon-espace/$"))
    check(page)
    return page


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
    proposal = Proposal.objects.get(organisation__name=ADMINISTRATION)
    assert proposal.status == Proposal.Status.DRAFT
    return proposal


def _staffer_fills_the_form(page, call, check, tmp_path):
    form = page.locator("#formulaire-proposition")
    # The administrative part.
    form.get_by_label("Nom du défi").fill(DEFI)
    page.wait_for_selector(SAVED)  # saved as they type
    # "Porteur opérationnel" also names a contact below, and the help of the next field.
    operational = form.get_by_role("textbox", name=re.compile("^Porteur opérationnel"))
    operational.fill("Direction du numérique")
    form.get_by_label("Porteur administratif").fill("Secrétariat général")
    form.get_by_label("Administrations partenaires (facultatif)").fill("Ministère des Comptes")
    form.get_by_label("Adresse de l'administration d'accueil").fill("Place Beauvau, 75008 Paris")
    form.get_by_label("Nombre d'EIG demandés").select_option("2")
    bands = list(call.cohort.funding_rules.bands.order_by("order"))
    for band, cost in zip(bands, ("62000", "71000"), strict=True):
        form.get_by_label(f"Coût total employeur d'un EIG « {band.label} » (€)").fill(cost)
    cofunding = form.get_by_role("group", name="Demandez-vous un cofinancement du programme ?")
    _tick(cofunding.get_by_label("Oui", exact=True))
    form.get_by_label("Numéro du programme budgétaire").fill("216")
    # The estimate follows the form: 3 of 10 months of the dearest and cheapest bands.
    low, high = format_number(2 * 62000 * 3 // 10), format_number(2 * 71000 * 3 // 10)
    estimate = f"Cofinancement estimé : de {low} € à {high} € pour 2 EIG."
    page.locator("#estimation").get_by_text(estimate).wait_for()

    # The contacts.
    for legend, name, role, email in (
        ("Porteur opérationnel (mentor opérationnel)", "Camille Martin", "Cheffe de bureau",
         STAFF_EMAIL),
        ("Mentor de haut niveau", "Hélène Haut", "Directrice", "helene.haut@interieur.gouv.fr"),
        ("Contact ressources humaines", "Rémi Rh", "Chargé RH", "remi.rh@interieur.gouv.fr"),
        ("Contact gestion et finances", "Fanny Fin", "Gestionnaire",
         "fanny.fin@interieur.gouv.fr"),
    ):  # fmt: skip
        group = form.get_by_role("group", name=legend, exact=True)
        group.get_by_label("Prénom et nom").fill(name)
        group.get_by_label("Fonction").fill(role)
        group.get_by_label("Adresse électronique professionnelle").fill(email)
        group.get_by_label("Téléphone professionnel").fill("01 49 27 49 27")

    # Every section of the detailed sheet, within its limit.
    for section in SECTIONS:
        form.get_by_label(str(section.label)).fill(f"{section.label} : notre projet.")

    # The fellows sought.
    for number, mission in ((1, "Construire le service."), (2, "Analyser les données.")):
        fellow = form.get_by_role("group", name=re.compile(rf"^EIG {number}\b"))
        fellow.get_by_label("Mission").fill(mission)
        fellow.get_by_label("Profil et expertise recherchés").select_option(label="Développement")

    # A dataset and a member of the project team.
    dataset = form.get_by_role("group", name="Jeu de données 1", exact=True)
    dataset.get_by_label("Nom du jeu de données").fill("Base des dossiers")
    dataset.get_by_label("Est-il accessible et exploitable ?").select_option(
        label="accessible et exploitable"
    )
    member = form.get_by_role("group", name="Membre 1", exact=True)
    member.get_by_label("Prénom et nom").fill("Camille Martin")
    member.get_by_label("Fonction").fill("Cheffe de projet")
    member.get_by_label("Statut : titulaire, contractuel… (facultatif)").fill("titulaire")
    member.get_by_label("Part du temps de travail (%)").fill("50")
    member.get_by_label("Apport au projet").fill("Pilotage")

    # The commitments, then the attachments.
    for _key, label in COMMITMENTS:
        _tick(form.get_by_label(str(label)))
    form.get_by_label("Pitch").set_input_files(_pdf(tmp_path / "pitch-fraudes.pdf", 3))
    # The costs' help also says "simulation de salaire".
    form.get_by_label(re.compile("^Simulation de salaire")).set_input_files(
        _pdf(tmp_path / "simulation-salaire.pdf", 1)
    )
    page.wait_for_selector(SAVED)
    check(page)


def _staffer_submits(page, proposal, check):
    page.get_by_role("button", name="Déposer la proposition").click()
    page.wait_for_url(f"**/projets/propositions/{proposal.pk}/recepisse/")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SUBMITTED and proposal.version == 1
    assert proposal.title == DEFI
    data = proposal.data
    assert data["fellows_count"] == 2 and data["cofunding_requested"] is True
    assert data["contacts"]["finance"]["email"] == "fanny.fin@interieur.gouv.fr"
    assert [f["profile"] for f in data["fellows"]] == ["developpement", "developpement"]
    assert data["datasets"][0]["accessible"] == "yes" and data["team"][0]["percent"] == 50
    assert set(data["commitments"]) == {key for key, _label in COMMITMENTS}
    assert proposal.files.filter(is_current=True).count() == 2
    version = proposal.versions.get()
    receipt = _main(page)
    assert "La proposition est déposée." in receipt
    moment = " ".join(format_moment(version.submitted_at).split())
    assert f"« {DEFI} » de {ADMINISTRATION} à « {proposal.call.title} », version 1, " in receipt
    assert f"reçue le {moment}, heure de Paris (horodatage du serveur)" in receipt
    assert "pitch-fraudes.pdf" in receipt and "simulation-salaire.pdf" in receipt
    check(page)
    assert OutboxMessage.objects.filter(
        to=[STAFF_EMAIL], subject=f"Proposition de défi reçue : {DEFI}"
    ).exists()


# --- 2. Pre-instruction ----------------------------------------------------------------


def _team_pre_instructs(page, live_server, call, proposal, check):
    page.goto(live_server.url + "/instruction/")
    check(page)
    page.get_by_role("link", name=call.title).click()
    page.wait_for_url(f"**/instruction/{call.pk}/")
    check(page)
    page.get_by_role("link", name=DEFI).click()
    page.wait_for_url(f"**/instruction/propositions/{proposal.pk}/")
    assert page.locator("h1").inner_text() == DEFI
    check(page)

    for step, label in (("Éligibilité", "éligible"), ("Complétude", "complète")):
        group = page.get_by_role("group", name=step, exact=True)
        _tick(group.get_by_label(label, exact=True))
        page.get_by_role("button", name=f"Enregistrer : {step.lower()}").click()
        page.wait_for_url(lambda url: url.endswith("#examen"))
    proposal.refresh_from_db()
    assert (proposal.eligibility, proposal.completeness) == ("eligible", "complete")
    check(page)

    evaluation = page.get_by_role("region", name="Évaluation")
    _fill_grid(evaluation, call, [4, 3, 4, 3, 4], "Un besoin clair et porté haut.")
    evaluation.get_by_role("button", name="Enregistrer mon évaluation").click()
    page.wait_for_url(lambda url: url.endswith("#evaluation"))
    assert Review.objects.get(proposal=proposal, stage=Review.Stage.PRESELECTION).total == 18
    check(page)

    questions = page.get_by_role("region", name="Questions à l’administration")
    questions.get_by_label("Nouvelle question").fill("Quel budget pour l'hébergement ?")
    questions.get_by_role("button", name="Envoyer la question").click()
    page.wait_for_url(lambda url: url.endswith("#questions"))
    assert "en attente de réponse" in _main(page).lower()  # a badge, in capitals
    check(page)
    assert OutboxMessage.objects.filter(
        to=[STAFF_EMAIL], subject="Une question sur votre proposition de défi"
    ).exists()

    jury = page.get_by_role("region", name="Questions pour le jury")
    jury.get_by_label("Nouvelle question pour le jury").fill("Demander le calendrier.")
    jury.get_by_role("button", name="Enregistrer la question").click()
    page.wait_for_url(lambda url: url.endswith("#jury"))
    assert ProposalNote.objects.get(proposal=proposal).kind == "jury_question"
    check(page)


def _staffer_answers(page, live_server, proposal, check):
    page.goto(live_server.url + "/projets/mes-propositions/")
    check(page)
    page.get_by_role("link", name=DEFI).first.click()
    page.wait_for_url(f"**/projets/propositions/{proposal.pk}/")
    thread = page.get_by_role("region", name="Échanges avec l’équipe du programme")
    assert "Quel budget pour l'hébergement ?" in thread.inner_text()
    assert "1 question attend votre réponse." in thread.inner_text()
    check(page)
    thread.get_by_label("Votre réponse").fill("Notre ministère héberge le service.")
    thread.get_by_role("button", name="Envoyer", exact=True).click()
    page.wait_for_url(lambda url: url.endswith("#messages"))
    _flash(page, "Votre message est envoyé à l'équipe du programme.")
    check(page)
    question = ProposalMessage.objects.get(proposal=proposal, from_team=True)
    assert question.answered_at is not None


def _team_shortlists(page, live_server, call, proposal, other, check):
    page.goto(f"{live_server.url}/instruction/propositions/{proposal.pk}/")
    questions = page.get_by_role("region", name="Questions à l’administration")
    assert "Notre ministère héberge le service." in questions.inner_text()
    assert "réponse reçue" in questions.inner_text().lower()
    check(page)

    page.goto(f"{live_server.url}/instruction/{call.pk}/")
    check(page)
    for title in (DEFI, OTHER_DEFI):
        _tick(page.get_by_label(f"Sélectionner {title}"))
    page.get_by_label("Action sur les propositions cochées").select_option(
        label="Retenir pour le jury des défis"
    )
    page.get_by_role("button", name="Appliquer").click()
    _flash(page, "2 propositions modifiées.")
    check(page)
    statuses = set(
        Proposal.objects.filter(pk__in=[proposal.pk, other.pk]).values_list("status", flat=True)
    )
    assert statuses == {Proposal.Status.SHORTLISTED}


# --- 3. The jury's composition ---------------------------------------------------------


def _team_composes_the_jury(page, live_server, call, referee, check):
    page.goto(live_server.url + "/jurys/defis/")
    check(page)
    page.get_by_role("link", name=f"Vivier de jurés — {call.title}").click()
    page.wait_for_url(f"**/jurys/defis/{call.pk}/jures/")
    check(page)
    page.get_by_label("Adresse électronique du compte").fill(referee.email)
    page.locator("#id_category").select_option(label="expert·e du numérique")
    page.get_by_role("button", name="Ajouter au vivier").click()
    _flash(page, "Rose Référente rejoint le vivier de jurés.")
    assert JuryPoolMember.objects.filter(call=call).count() == 5
    check(page)

    page.goto(f"{live_server.url}/jurys/defis/{call.pk}/composition/")
    assert page.locator("h1").inner_text() == "Composition du jury des défis"
    check(page)
    day = (timezone.now() + datetime.timedelta(days=21)).astimezone(PARIS).date()
    page.get_by_label("Nombre de jurys à composer").fill("1")
    page.get_by_label("Jours d'audition").fill(day.strftime("%d/%m/%Y"))
    page.get_by_label("Temps de calcul maximal (secondes)").fill("5")
    page.get_by_role("button", name="Composer les jurys").click()
    page.wait_for_url("**calcul=*")
    _flash(page, "Jurys composés : relisez-les avant de les appliquer.")
    assert "Équilibre des profils" in _main(page)
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
    assert Audition.objects.filter(panel=panel).count() == 2

    page.get_by_label("Référent·e du jury").select_option(label="Rose Référente")
    page.get_by_role("button", name=f"Enregistrer le référent — {panel.name}").click()
    _flash(page, f"Référent·e du « {panel.name} » enregistré·e.")
    panel.refresh_from_db()
    assert panel.referee == referee
    check(page)

    page.get_by_role("link", name="Envoyer les convocations des 2 auditions prévues").click()
    page.wait_for_url(f"**/jurys/defis/{call.pk}/convocations/")
    check(page)
    page.get_by_role("button", name="Envoyer les convocations").click()
    page.wait_for_url("**/composition/#jurys")
    _flash(page, "2 convocations envoyées.")
    check(page)
    assert OutboxMessage.objects.filter(
        to=[STAFF_EMAIL], subject=f"Convocation au jury des défis : {DEFI}"
    ).exists()
    return panel


# --- 4. The panel ----------------------------------------------------------------------


def _referee_concludes(page, live_server, call, panel, proposal, other, check):
    page.goto(live_server.url + "/jurys/defis/")
    check(page)
    page.get_by_role("link", name=panel.name).click()
    page.wait_for_url(f"**/jurys/defis/jurys/{panel.pk}/")
    assert page.locator("h1").inner_text() == panel.name
    check(page)

    page.get_by_role("link", name=DEFI, exact=True).click()
    page.wait_for_url(f"**/jurys/defis/jurys/{panel.pk}/defis/{proposal.pk}/")
    assert "Demander le calendrier." in page.locator("#questions-jury").inner_text()
    assert "Place Beauvau, 75008 Paris" in _main(page)  # the whole proposal is there
    check(page)

    page.get_by_role("link", name="Remplir la grille collective").first.click()
    page.wait_for_url(f"**/defis/{proposal.pk}/grille/")
    check(page)
    _fill_grid(page.locator("main"), call, [4, 4, 4, 3, 4], "Le jury est convaincu.")
    page.get_by_role("button", name="Enregistrer la grille collective").click()
    page.wait_for_url(f"**/jurys/defis/jurys/{panel.pk}/")
    _flash(page, "La grille collective est enregistrée.")
    check(page)

    page.get_by_role("link", name=f"Remplir la grille collective — {OTHER_DEFI}").click()
    page.wait_for_url(f"**/defis/{other.pk}/grille/")
    check(page)
    _fill_grid(page.locator("main"), call, [2, 3, 2, 2, 3], "Un projet encore trop tôt.")
    page.get_by_role("button", name="Enregistrer la grille collective").click()
    page.wait_for_url(f"**/jurys/defis/jurys/{panel.pk}/")
    totals = dict(
        Review.objects.filter(panel=panel, stage=Review.Stage.INTERVIEW).values_list(
            "proposal_id", "total"
        )
    )
    assert totals == {proposal.pk: 19, other.pk: 12}
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
    favourite = page.get_by_role("group", name="Coup de cœur (facultatif)")
    _tick(favourite.get_by_label(DEFI, exact=True))
    page.get_by_role("button", name="Enregistrer les avis du jury").click()
    page.wait_for_url(f"**/jurys/defis/jurys/{panel.pk}/")
    _flash(page, "Les avis du jury sont enregistrés.")
    check(page)
    verdict = PanelVerdict.objects.get(proposal=proposal)
    assert (verdict.favourable, verdict.position, verdict.favourite) == (True, 1, True)
    assert not PanelVerdict.objects.get(proposal=other).favourable


# --- 5. Decisions ----------------------------------------------------------------------


def _team_selects(page, live_server, call, proposal, other, check):
    page.goto(live_server.url + "/jurys/defis/")
    check(page)
    page.get_by_role("link", name=f"Classement consolidé — {call.title}").click()
    page.wait_for_url(f"**/jurys/defis/{call.pk}/consolidation/")
    assert page.locator("h1").inner_text() == "Classement consolidé des défis"
    rows = page.locator("table tbody tr")
    assert rows.count() == 2
    assert DEFI in rows.nth(0).inner_text() and OTHER_DEFI in rows.nth(1).inner_text()
    check(page)

    page.goto(live_server.url + "/gestion/projets/")
    check(page)
    page.get_by_role("link", name=call.title).click()
    page.wait_for_url(f"**/gestion/projets/{call.pk}/")
    assert page.locator("h1").inner_text() == "Sélection des défis"
    check(page)
    _tick(page.get_by_label(f"Retenir {DEFI}"))
    envelope = call.cohort.funding_rules.envelope
    remaining = format_number(envelope - 2 * 71000 * 3 // 10)
    page.locator("#enveloppe").get_by_text(f"Reste disponible : {remaining} €.").wait_for()
    check(page)
    page.get_by_role("button", name="Préparer les décisions").click()
    page.wait_for_url(f"**/gestion/projets/{call.pk}/")
    _flash(page, "2 décisions préparées (1 défi(s) retenu(s))")
    check(page)
    assert dict(Decision.objects.values_list("proposal", "outcome")) == {
        proposal.pk: Decision.Outcome.SELECTED,
        other.pk: Decision.Outcome.NOT_SELECTED,
    }


def _director_validates(page, live_server, call, check):
    page.goto(f"{live_server.url}/gestion/projets/{call.pk}/validation/")
    assert page.locator("h1").inner_text() == "Validation des décisions sur les défis"
    assert DEFI in _main(page)
    check(page)
    page.get_by_role("button", name="Valider toutes les décisions à valider (2)").click()
    page.wait_for_url(f"**/gestion/projets/{call.pk}/validation/")
    _flash(page, "2 décision(s) validée(s).")
    check(page)
    assert set(Decision.objects.values_list("status", flat=True)) == {Decision.Status.VALIDATED}


def _team_sends(page, live_server, call, check):
    page.goto(f"{live_server.url}/gestion/projets/{call.pk}/")
    assert "2 validée(s) à envoyer" in _main(page)
    check(page)
    page.get_by_role("link", name="3. Relire et envoyer").click()
    page.wait_for_url(f"**/gestion/projets/{call.pk}/envoi/")
    preview = _main(page)
    assert "Votre défi est retenu" in preview and STAFF_EMAIL in preview
    assert f"la proposition « {DEFI} » de {ADMINISTRATION} est retenue" in preview
    check(page)
    page.get_by_role("button", name="Envoyer ces 2 décisions").click()
    page.wait_for_url(f"**/gestion/projets/{call.pk}/courriels/")
    _flash(page, "2 e-mail(s) de décision mis en file d'envoi")
    check(page)


def _worker_delivers(proposal):
    decision_email = OutboxMessage.objects.get(to=[STAFF_EMAIL], subject="Votre défi est retenu")
    mail.outbox.clear()
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    decision_email.refresh_from_db()
    assert decision_email.status == OutboxMessage.Status.SENT
    delivered = [m for m in mail.outbox if m.subject == "Votre défi est retenu"]
    assert [m.to for m in delivered] == [[STAFF_EMAIL]]
    assert f"« {DEFI} » de {ADMINISTRATION} est retenue" in delivered[0].body
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.SELECTED


# --- The journey -----------------------------------------------------------------------


def test_call_for_projects_journey(live_server, page, browser, check_accessibility, tmp_path):
    check = check_accessibility
    page.context.set_default_timeout(TIMEOUT)
    call, _profile, other, users = _setup()
    pages = []

    def log_in(name):
        signed_in = _log_in(browser, live_server, users[name], check)
        pages.append(signed_in)
        return signed_in

    try:
        # 1. The staffer's account, their administration, the whole form, the receipt.
        staffer = _staffer_signs_up(page, browser, live_server, check)
        pages.append(staffer)
        proposal = _staffer_proposes(staffer, live_server, call, check)
        _staffer_fills_the_form(staffer, call, check, tmp_path)
        _staffer_submits(staffer, proposal, check)

        # 2. Pre-instruction: screened, reviewed, a question answered, both shortlisted.
        team = log_in("team")
        _team_pre_instructs(team, live_server, call, proposal, check)
        _staffer_answers(staffer, live_server, proposal, check)
        _team_shortlists(team, live_server, call, proposal, other, check)

        # 3. The pool, one panel on one day, its referee, the convocations.
        panel = _team_composes_the_jury(team, live_server, call, users["referee"], check)

        # 4. The call has closed and the auditions are held (time passes); the referee
        # concludes for the panel.
        past = timezone.now() - datetime.timedelta(days=1)
        Audition.objects.filter(panel=panel).update(starts_at=past)
        Call.objects.filter(pk=call.pk).update(closes_at=past)
        Round.objects.filter(call=call).update(closes_at=past)
        referee = log_in("referee")
        _referee_concludes(referee, live_server, call, panel, proposal, other, check)

        # 5. Consolidation, selection, validation, sending; the worker delivers.
        _team_selects(team, live_server, call, proposal, other, check)
        _director_validates(log_in("director"), live_server, call, check)
        _team_sends(team, live_server, call, check)
        _worker_delivers(proposal)
        staffer.goto(live_server.url + "/projets/mes-propositions/")
        assert "lauréate" in _main(staffer).lower()
        check(staffer)

        # 6. Hidden until the announcement; then published and public.
        challenge = Challenge.objects.get(proposal=proposal)
        assert challenge.title == DEFI and challenge.status == Challenge.Status.DRAFT
        team.get_by_role("link", name="5. Défis créés et exports").click()
        team.wait_for_url(f"**/gestion/projets/{call.pk}/defis/")
        assert "caché jusqu’à l’annonce" in _main(team).lower()
        check(team)
        call.announcement_at = timezone.now() - datetime.timedelta(minutes=1)
        call.save(update_fields=["announcement_at"])
        team.reload()
        team.get_by_role("button", name="Publier les défis retenus").click()
        team.wait_for_url(f"**/gestion/projets/{call.pk}/defis/")
        _flash(team, "1 défi publié sur le site public.")
        check(team)
        challenge.refresh_from_db()
        assert challenge.status == Challenge.Status.PUBLISHED

        visitor = _new_page(browser)
        pages.append(visitor)
        visitor.goto(live_server.url + "/defis/")
        assert DEFI in _main(visitor)
        check(visitor)
        visitor.get_by_role("link", name=DEFI).first.click()
        visitor.wait_for_url(f"**/defis/{challenge.slug}/")
        assert visitor.locator("h1").inner_text() == DEFI
        assert ADMINISTRATION in _main(visitor)
        check(visitor)
    finally:
        for other_page in pages:
            other_page.context.close()


def recipient_body(message) -> str:
    """The text as its recipient receives it (authentication links are sealed in the outbox)."""
    return content_for_recipient(message)[1]
