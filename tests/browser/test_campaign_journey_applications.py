"""The call for applications from its configuration to its published result, pages only.

The team configures the call in /gestion/ (the call, its round and interview days, its
questions, its grid, the défi and profile sought, the announcement date), all dates typed as
future dates. A candidate signs up (the verification link read from the outbox), applies and
submits; the team screens the application, the team and the défi's mentor review it blind;
the team shortlists it, creates the panel, schedules the interview and invites; the candidate
confirms; the juror fills the grid once the interview started; the team ranks, stages the
decision, the director validates it, the team sends it and the worker delivers the e-mail;
from the announcement date the team publishes and the new fellow is on the défi's page.

What exists before a campaign comes from factories, and only that: the cohort, the défi
chosen by the previous call for projects (published, with its profile and its operational
mentor), and the accounts of the team member, the director, the mentor and the juror.
Nothing is written in the database afterwards: time passes in the test process
(``time_machine``; the live server runs in it), and each step first meets its guard before
its date, with the page's message, then passes once the date has come. Every page visited
goes through axe-core.
"""

import datetime
import re
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfWriter

from cohorte.audit.models import ActivityLog
from cohorte.calls.models import Application, Call
from cohorte.challenges.models import Challenge
from cohorte.notifications.models import OutboxMessage
from cohorte.notifications.tasks import content_for_recipient
from cohorte.people.models import Role
from cohorte.public.formats import PARIS, format_date, format_moment
from cohorte.reviews.models import Review
from cohorte.selection.models import Decision, InterviewSlot, Panel, RankingEntry
from tests.browser.test_application_journey import _team_screens
from tests.factories import (
    ChallengeFactory,
    CohortFactory,
    ExpertiseFactory,
    PersonFactory,
    UserFactory,
    team_and_director,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "motdepasse-solide-42"  # UserFactory's
TITLE = "Appel à candidatures EIG 8"
DEFI = "Données de la biodiversité"
CANDIDATE_EMAIL = "nora.belkacem@example.net"
CANDIDATE_PASSWORD = "un-mot-de-passe-solide-2026"
FIRST, LAST = "Nora", "Belkacem"
FULL_NAME = f"{FIRST} {LAST}"
QUESTIONS = ("Votre parcours", "Votre motivation pour ce défi")


class Clock:
    """Time in the test process (pages, live server, worker) set to a moment, then ticking."""

    def __init__(self):
        self.traveller = None

    def go(self, moment: datetime.datetime) -> None:
        self.stop()
        self.traveller = time_machine.travel(moment, tick=True)
        self.traveller.start()

    def stop(self) -> None:
        if self.traveller is not None:
            self.traveller.stop()
            self.traveller = None


@pytest.fixture
def clock():
    travelling = Clock()
    yield travelling
    travelling.stop()


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=PARIS)


def _weekday_from(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _before_the_campaign():
    """What exists before the call: the cohort, last call for projects' défi with its profile
    and mentor, and the accounts of the team, the director, the mentor and the juror."""
    cohort = CohortFactory(name="EIG 8")
    profile = ExpertiseFactory(name="Développement", slug="developpement")
    challenge = ChallengeFactory(
        cohort=cohort,
        title=DEFI,
        slug="donnees-biodiversite",
        seats=1,
        status=Challenge.Status.PUBLISHED,
    )
    challenge.expertises.add(profile)
    mentor = UserFactory(username="mentor", first_name="Claire", last_name="Mentor")
    person = PersonFactory(user=mentor, full_name="Claire Mentor", slug="claire-mentor")
    Role.objects.create(
        person=person, kind=Role.Kind.OPERATIONAL_MENTOR, challenge=challenge, cohort=cohort
    )
    team, director = team_and_director()
    juror = UserFactory(
        username="jure", first_name="Paul", last_name="Juré", email="paul.jure@example.org"
    )
    users = {"team": team, "director": director, "mentor": mentor, "juror": juror}
    return challenge, profile, users


def _main(page) -> str:
    return page.locator("main").inner_text()


def _tick(page, input_id):
    # DSFR draws checkboxes and radios on the label: the input itself is out of sight.
    page.locator(f"label[for='{input_id}']").click()


def _pdf(path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def recipient_body(message) -> str:
    """The text as its recipient receives it (authentication links are sealed in the outbox)."""
    return content_for_recipient(message)[1]


class People:
    """Browsers of the journey: each person signs in through the login form when they come
    back (their session may have expired meanwhile)."""

    def __init__(self, browser, live_server, users, check):
        self.browser, self.live_server, self.users, self.check = (
            browser, live_server, users, check,
        )  # fmt: skip
        self.pages = []

    def new_page(self):
        context = self.browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        self.pages.append(page)
        return page

    def log_in(self, name, password=PASSWORD, email=None):
        page = self.new_page()
        page.goto(self.live_server.url + "/compte/login/")
        self.check(page)
        page.fill("#id_login", email or self.users[name].email)
        page.fill("#id_password", password)
        page.get_by_role("button", name="Connexion").click()
        page.wait_for_url(re.compile(r".*/mon-espace/$"))
        self.check(page)
        return page

    def close(self):
        for page in self.pages:
            page.context.close()


# --- The team configures the call ------------------------------------------------------


def _configure(page, url, check, day0):
    """Create the call, its round and interview days, questions, grid, défi and announcement:
    returns the call (read back) and its dates."""
    opens = _at(day0 + datetime.timedelta(days=1), 9)
    closes = _at(day0 + datetime.timedelta(days=10), 23)
    interviews = _weekday_from(day0 + datetime.timedelta(days=13))
    interviews_end = _weekday_from(interviews + datetime.timedelta(days=1))
    announcement = _at(interviews_end + datetime.timedelta(days=14), 10)

    page.goto(url + "/gestion/")
    check(page)
    page.get_by_role("link", name="Créer un appel").click()
    page.wait_for_url("**/gestion/configuration/nouvel-appel/")
    check(page)
    _tick(page, "id_kind_1")
    page.get_by_label("Promotion").select_option(label="EIG 8")
    page.get_by_label("Titre").fill(TITLE)
    page.get_by_label("Nom de la première session").fill("Session unique")
    page.get_by_label("Ouverture du dépôt").fill(opens.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Clôture du dépôt").fill(closes.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_role("button", name="Créer l’appel").click()
    page.wait_for_url("**/gestion/configuration/*/")
    check(page)
    call = Call.objects.get(title=TITLE)
    assert (call.kind, call.opens_at, call.closes_at) == ("applications", opens, closes)

    # The interview days belong to the round: the decisions wait for their end.
    page.get_by_role("link", name="Sessions").click()
    page.wait_for_url("**/sessions/")
    check(page)
    page.get_by_role("link", name="Modifier la session « Session unique »").click()
    check(page)
    page.get_by_label("Début des auditions").fill(interviews.isoformat())
    page.get_by_label("Fin des auditions").fill(interviews_end.isoformat())
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/sessions/")
    assert format_date(interviews_end).split(" ")[0] in _main(page)
    check(page)

    page.get_by_role("link", name="Formulaire de candidature").click()
    page.wait_for_url("**/questions/")
    check(page)
    for label in QUESTIONS:
        page.locator("#id_nouvelle-label").fill(label)
        page.locator("#id_nouvelle-kind").select_option("long_text")
        page.get_by_label("Longueur maximale (caractères)").fill("1500")
        page.get_by_role("button", name="Ajouter la question").click()
        page.wait_for_url("**/questions/")
    assert page.locator("#apercu").get_by_label(QUESTIONS[1]).count() == 1
    check(page)

    page.get_by_role("link", name="Grille d’évaluation").click()
    check(page)
    page.get_by_role(
        "button", name="Créer la grille avec les critères habituels du programme"
    ).click()
    page.wait_for_url("**/grille/")
    check(page)

    page.get_by_role("link", name="Défis, profils et annonce").click()
    check(page)
    page.get_by_label("Nombre de choix").fill("1")
    page.get_by_text(DEFI, exact=True).click()
    page.get_by_label(f"Places du défi « {DEFI} »").fill("1")
    page.locator("#id_profiles").get_by_text("Développement", exact=True).click()
    page.get_by_label("Annonce publique des résultats").fill(
        announcement.strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    page.wait_for_url("**/choix/")
    check(page)
    call.refresh_from_db()
    assert call.announcement_at == announcement
    assert list(call.challenges.values_list("title", flat=True)) == [DEFI]
    assert list(call.profiles.values_list("name", flat=True)) == ["Développement"]
    assert call.grid.criteria.count() == 5
    assert list(call.questions.values_list("label", flat=True)) == list(QUESTIONS)
    return call, {
        "opens": opens, "closes": closes, "interviews": interviews,
        "interviews_end": interviews_end, "announcement": announcement,
    }  # fmt: skip


def _create_panel(page, url, call, check):
    page.goto(f"{url}/jurys/?appel={call.slug}")
    check(page)
    page.get_by_role("link", name="Créer un jury").click()
    page.wait_for_url(f"**/jurys/appels/{call.slug}/jurys/nouveau/")
    check(page)
    page.get_by_label("Nom du jury").fill("Jury Données")
    page.get_by_label("Ajouter des membres par leur adresse e-mail").fill("paul.jure@example.org")
    page.locator("label", has_text=DEFI).click()
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/jurys/jurys/*/")
    check(page)
    panel = Panel.objects.get(call=call)
    assert [u.email for u in panel.members.all()] == ["paul.jure@example.org"]
    return panel


# --- The candidate ---------------------------------------------------------------------


def _candidate_signs_up_and_applies(page, url, call, check, tmp_path):
    page.goto(f"{url}/appels/{call.slug}/")
    assert page.locator("h1").inner_text() == TITLE
    assert DEFI in _main(page)
    check(page)
    page.get_by_role("link", name="Candidater : créer un compte").click()
    page.wait_for_url("**/compte/signup/**")
    check(page)
    page.get_by_label("Prénom").fill(FIRST)
    page.get_by_label("Nom", exact=True).fill(LAST)
    page.fill("#id_email", CANDIDATE_EMAIL)
    page.fill("#id_password1", CANDIDATE_PASSWORD)
    page.fill("#id_password2", CANDIDATE_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/compte/confirm-email/")
    check(page)
    verification = OutboxMessage.objects.get(to=[CANDIDATE_EMAIL])
    link = re.search(r"https?://\S+/compte/confirm-email/\S+/", recipient_body(verification))
    page.goto(url + urlsplit(link.group(0)).path)  # the link names the site's own host
    check(page)
    page.get_by_role("button", name="Confirmer").click()
    page.wait_for_url(f"**/appels/{call.slug}/candidature/")
    check(page)
    page.get_by_role("button", name="Commencer ma candidature").click()
    page.wait_for_selector("#id_first_name")
    check(page)
    questions = list(call.questions.order_by("order", "pk"))
    page.fill("#id_phone", "06 12 34 56 78")
    page.fill(f"#id_q_{questions[0].pk}", "Huit ans de développement de services publics.")
    page.fill(f"#id_q_{questions[1].pk}", "Mettre les données naturalistes au service de tous.")
    page.set_input_files("#id_cv", str(_pdf(tmp_path / "cv-nora-belkacem.pdf")))
    page.select_option("#choix-1", label=DEFI)
    for index in range(call.statements.count()):
        _tick(page, f"id_statements_{index}")
    _tick(page, "id_publication_consent")
    page.wait_for_selector("#autosave-status >> text=Brouillon enregistré à")
    check(page)
    page.get_by_role("button", name="Déposer ma candidature").click()
    page.wait_for_url("**/candidature/recepisse/")
    application = Application.objects.get(candidate__email=CANDIDATE_EMAIL)
    assert application.status == Application.Status.SUBMITTED
    assert f"reçue le {format_moment(application.submitted_at)}" in _main(page)
    check(page)
    return application


# --- Screening and review --------------------------------------------------------------


def _fill_grid(page, call, scores, comment, recommendation):
    for criterion, score in zip(call.grid.criteria.order_by("order", "pk"), scores, strict=True):
        _tick(page, f"score-{criterion.pk}-{score}")
    page.fill("#comment", comment)
    _tick(page, f"recommendation-{recommendation}")


def _review(page, url, call, application, check, scores, comment, others=""):
    """Review blind: ``others``, another reviewer's comment, shows only once this one is in."""
    page.goto(url + "/evaluation/")
    assert FULL_NAME in _main(page)
    check(page)
    page.get_by_role("link", name=FULL_NAME).click()
    page.wait_for_url(f"**/evaluation/candidatures/{application.pk}/")
    before = _main(page)
    assert "Vous verrez les évaluations des autres membres après avoir enregistré la vôtre." in (
        before
    )
    assert not others or others not in before
    check(page)
    _fill_grid(page, call, scores, comment, "yes")
    page.get_by_role("button", name="Enregistrer mon évaluation").click()
    page.wait_for_selector("text=Votre évaluation est enregistrée.")
    assert others in _main(page)
    check(page)


# --- The journey -----------------------------------------------------------------------


def test_call_for_applications_from_configuration_to_publication(
    live_server, page, browser, check_accessibility, tmp_path, clock
):
    check = check_accessibility
    url = live_server.url
    challenge, profile, users = _before_the_campaign()
    people = People(browser, live_server, users, check)
    day0 = timezone.localdate(timezone=PARIS)
    try:
        # 1. The team configures the call, every date typed in the future.
        team = people.log_in("team")
        call, dates = _configure(team, url, check, day0)

        # Before the opening, the call's page says when it opens; nobody may apply yet.
        visitor = people.new_page()
        visitor.goto(f"{url}/appels/{call.slug}/")
        assert format_moment(dates["opens"]) in _main(visitor)
        check(visitor)

        # 2. The round opens: the candidate signs up, applies and submits.
        clock.go(dates["opens"] + datetime.timedelta(hours=1))
        application = _candidate_signs_up_and_applies(page, url, call, check, tmp_path)

        # 3. The team screens the application; the team and the mentor review it.
        team = people.log_in("team")
        _team_screens(team, url, call, application, check)
        _review(team, url, call, application, check, [4, 3, 4, 3, 4], "Solide.")
        mentor = people.log_in("mentor")
        _review(mentor, url, call, application, check, [3, 3, 4, 3, 3], "Bien.", "Solide.")
        assert Review.objects.filter(stage=Review.Stage.PRESELECTION).count() == 2

        # 4. Shortlisted while the round is open (the candidate may still edit), the panel
        # made; the interview may not be scheduled before the round closes.
        team.goto(f"{url}/evaluation/?appel={call.slug}")
        assert "2 avis" in _main(team)
        team.locator(f"#choisir-{application.pk}").check(force=True)
        team.get_by_role(
            "button", name="Présélectionner pour une audition les candidatures cochées"
        ).click()
        team.wait_for_selector("text=1 candidature(s) présélectionnée(s) pour une audition.")
        check(team)
        panel = _create_panel(team, url, call, check)
        team.goto(
            f"{url}/jurys/appels/{call.slug}/auditions/nouvelle/?candidature={application.pk}"
        )
        warning = team.locator("#conditions-convocations").inner_text()
        assert (
            "L'appel est encore ouvert aux dépôts jusqu'au " + format_moment(dates["closes"])
            in warning
        )
        check(team)
        _interview_form(team, panel, dates["interviews"])
        team.get_by_role("button", name="Enregistrer").click()
        assert (
            f"Impossible de planifier une audition ou envoyer une convocation pour {FULL_NAME}"
            in _main(team)
        )
        check(team)
        assert not InterviewSlot.objects.exists()

        # 5. The round has closed: the interview is scheduled, the candidate invited.
        clock.go(dates["closes"] + datetime.timedelta(hours=10))
        team = people.log_in("team")
        team.goto(f"{url}/jurys/?appel={call.slug}")
        check(team)
        team.get_by_role("link", name=f"programmer l’audition de {FULL_NAME}").click()
        team.wait_for_url(f"**/jurys/appels/{call.slug}/auditions/nouvelle/**")
        assert team.locator("#conditions-convocations").count() == 0
        check(team)
        _interview_form(team, panel, dates["interviews"])
        team.get_by_role("button", name="Enregistrer").click()
        team.wait_for_url(f"**/jurys/jurys/{panel.pk}/")
        assert "prévue" in _main(team).lower()  # DSFR badges are drawn in capitals
        check(team)
        team.get_by_role("button", name="Envoyer l’invitation").click()
        team.wait_for_selector("text=Invitation envoyée : ")
        check(team)
        slot = _slot()
        assert slot.status == InterviewSlot.Status.INVITED
        assert OutboxMessage.objects.filter(
            to=[CANDIDATE_EMAIL], subject=f"Invitation à une audition : {call.title}"
        ).exists()

        candidate = people.log_in("candidate", CANDIDATE_PASSWORD, CANDIDATE_EMAIL)
        assert "Audition le" in _main(candidate)
        candidate.get_by_role("link", name=call.title).click()
        candidate.wait_for_url(f"**/appels/{call.slug}/candidature/")
        check(candidate)
        candidate.get_by_role("link", name="Confirmer ou demander un autre créneau").click()
        candidate.wait_for_url(f"**/jurys/auditions/{slot.pk}/reponse/")
        check(candidate)
        candidate.get_by_role("button", name="Je confirme ma présence").click()
        candidate.wait_for_selector("text=Merci, votre audition est confirmée.")
        check(candidate)

        # 6. The interview has started: the juror fills the grid; the team ranks. Decisions
        # wait for the end of the round's interview days.
        clock.go(slot.starts_at + datetime.timedelta(minutes=10))
        juror = people.log_in("juror")
        juror.goto(url + "/jurys/")
        assert "en cours" in _main(juror).lower()
        check(juror)
        juror.get_by_role("link", name=FULL_NAME).click()
        juror.wait_for_url(f"**/jurys/auditions/{slot.pk}/grille/")
        check(juror)
        _fill_grid(juror, call, [4, 4, 3, 4, 4], "Très convaincante.", "yes")
        juror.get_by_role("button", name="Enregistrer ma grille").click()
        juror.wait_for_selector("text=Votre grille est enregistrée.")
        check(juror)
        assert Review.objects.get(stage=Review.Stage.INTERVIEW).total == 19

        team = people.log_in("team")
        team.goto(f"{url}/jurys/appels/{call.slug}/classements/")
        check(team)
        team.get_by_role("link", name=DEFI).click()
        team.wait_for_url(f"**/jurys/appels/{call.slug}/classement/?defi={challenge.pk}")
        team.get_by_role("button", name="Préremplir d’après les grilles d’audition").click()
        team.wait_for_selector("text=Classement prérempli d'après les grilles d'audition.")
        check(team)
        entry = RankingEntry.objects.get(call=call, challenge=challenge)
        assert (entry.application_id, entry.position) == (application.pk, 1)

        team.goto(f"{url}/jurys/decisions/?appel={call.slug}")
        assert (
            "Les auditions de la session « Session unique » durent jusqu'au "
            + format_date(dates["interviews_end"])
            in team.locator("#conditions-decisions").inner_text()
        )
        check(team)
        _stage(team, application, challenge, profile)
        team.wait_for_selector("text=Impossible de préparer, valider ou envoyer une décision")
        check(team)
        assert not Decision.objects.exists()

        # 7. The interview days are over: the interview reads "tenue" (the candidate has
        # nothing left to answer); the decision is staged, validated, sent, delivered.
        clock.go(_at(dates["interviews_end"] + datetime.timedelta(days=1), 9))
        candidate = people.log_in("candidate", CANDIDATE_PASSWORD, CANDIDATE_EMAIL)
        assert "Audition tenue le " in _main(candidate)
        candidate.goto(f"{url}/appels/{call.slug}/candidature/")
        assert "Statut : tenue" in _main(candidate)
        assert (
            candidate.get_by_role("link", name="Confirmer ou demander un autre créneau").count()
            == 0
        )
        check(candidate)
        team = people.log_in("team")
        team.goto(f"{url}/jurys/jurys/{panel.pk}/")
        assert "tenue" in _main(team).lower()
        check(team)
        team.goto(f"{url}/jurys/decisions/?appel={call.slug}")
        assert team.locator("#conditions-decisions").count() == 0
        check(team)
        _stage(team, application, challenge, profile)
        team.locator(f"#candidature-{application.pk}").get_by_role(
            "button", name="Modifier"
        ).wait_for()
        check(team)
        decision = Decision.objects.get(application=application)
        assert (decision.outcome, decision.status) == ("selected", "staged")

        director = people.log_in("director")
        director.goto(f"{url}/jurys/decisions/validation/?appel={call.slug}")
        facts = director.locator(f"#decision-faits-{decision.pk}").inner_text()
        assert "Éligibilité : éligible" in facts and "Complétude : complète" in facts
        check(director)
        _tick(director, f"decision-{decision.pk}")
        director.get_by_role("button", name="Valider les décisions cochées").click()
        director.wait_for_selector("text=1 décision(s) validée(s).")
        check(director)

        team.goto(f"{url}/jurys/decisions/envoi/?appel={call.slug}")
        assert f"retenu·e pour le défi {DEFI} en tant que Développement" in _main(team)
        check(team)
        team.get_by_role("button", name="Envoyer cet e-mail").click()
        team.wait_for_url("**/jurys/decisions/courriels/**")
        assert "1 e-mail(s) de décision mis en file d'envoi." in _main(team)
        check(team)
        mail.outbox.clear()
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
        delivered = [m for m in mail.outbox if m.subject == "Votre candidature est retenue"]
        assert [m.to for m in delivered] == [[CANDIDATE_EMAIL]]

        candidate = people.log_in("candidate", CANDIDATE_PASSWORD, CANDIDATE_EMAIL)
        assert f"Vous êtes retenu·e pour le défi « {DEFI} »" in _main(candidate)
        check(candidate)

        # 8. Confidential until the announcement; published from its date.
        team.goto(f"{url}/jurys/decisions/?appel={call.slug}")
        team.get_by_role("button", name="Publier les EIG retenu·es").click()
        team.wait_for_selector("text=Les résultats restent confidentiels")
        check(team)
        assert not Role.objects.filter(kind=Role.Kind.FELLOW).exists()

        clock.go(dates["announcement"] + datetime.timedelta(minutes=5))
        team = people.log_in("team")
        team.goto(f"{url}/jurys/decisions/?appel={call.slug}")
        assert team.locator("#conditions-publication").count() == 0
        team.get_by_role("button", name="Publier les EIG retenu·es").click()
        team.wait_for_selector("text=Résultats publiés : 1 EIG retenu·e(s), dont 1 visible(s)")
        check(team)
        fellow = Role.objects.select_related("person").get(kind=Role.Kind.FELLOW)
        assert (fellow.challenge_id, fellow.profile_id) == (challenge.pk, profile.pk)

        visitor = people.new_page()
        visitor.goto(f"{url}/defis/{challenge.slug}/")
        assert FULL_NAME in _main(visitor)
        check(visitor)

        journal = set(ActivityLog.objects.values_list("action", flat=True))
        assert journal >= {
            "call.created", "round.changed", "question.created", "grid.created",
            "call.changed", "application.shortlisted", "interview.scheduled",
            "interview.invited",
        }  # fmt: skip
        assert not ActivityLog.objects.filter(action="step.overridden").exists()
    finally:
        people.close()


def _slot() -> InterviewSlot:
    return InterviewSlot.objects.get()


def _interview_form(page, panel, day):
    page.select_option("#id_panel", label=panel.name)
    page.select_option("#id_challenge", label=DEFI)
    page.fill("#id_day", day.isoformat())
    page.fill("#id_time", "14:30")
    page.fill("#id_duration_minutes", "45")
    page.fill("#id_location", "Salle 2, 20 avenue de Ségur")


def _stage(page, application, challenge, profile):
    prefix = f"#d{application.pk}"
    page.select_option(f"{prefix}-outcome", value=Decision.Outcome.SELECTED)
    page.select_option(f"{prefix}-challenge", label=challenge.title)
    page.select_option(f"{prefix}-profile", label=profile.name)
    page.locator(f"#candidature-{application.pk}").get_by_role("button", name="Préparer").click()
