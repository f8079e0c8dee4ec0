"""Issue 3 end to end in Chromium, with axe-core on every page visited.

A candidate applies to an open call; the team and the défi's operational mentor review
the application; the team shortlists it and schedules an interview, the candidate
confirms it, a juror fills the interview grid, the team ranks; the team stages the
decision, the director validates it, the team sends it; the worker delivers the e-mail;
after the public announcement the new fellow appears on the défi's page and in the
directory. Every step goes through the real pages; the database is only read to check.
"""

import base64
import datetime
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone
from pypdf import PdfWriter

from cohorte.calls.models import Application, Call, Round
from cohorte.challenges.models import Challenge
from cohorte.notifications.models import OutboxMessage
from cohorte.notifications.tasks import content_for_recipient
from cohorte.people.models import Role
from cohorte.public.formats import PARIS, format_moment
from cohorte.reviews.models import Review
from cohorte.selection.models import Decision, InterviewSlot, RankingEntry
from tests.factories import (
    ApplicationCallFactory,
    ChallengeFactory,
    ExpertiseFactory,
    PanelFactory,
    PersonFactory,
    UserFactory,
    team_and_director,
)

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "motdepasse-solide-42"  # UserFactory's
CANDIDATE_EMAIL = "nora.belkacem@example.net"
CANDIDATE_PASSWORD = "un-mot-de-passe-solide-2026"
FIRST, LAST = "Nora", "Belkacem"
FULL_NAME = f"{FIRST} {LAST}"


# --- Helpers ---------------------------------------------------------------------------


def _setup():
    """An open call, a défi with seats and a profile sought, and everyone around it."""
    call = ApplicationCallFactory(
        slug="eig-8",
        title="Appel à candidatures EIG 8",
        calendar="- juin : auditions\n- juillet : décisions",
        rules="Les candidatures sont examinées par l’équipe et les mentors.",
        max_choices=2,
        announcement_at=timezone.now() + datetime.timedelta(days=60),
    )
    challenge = ChallengeFactory(
        cohort=call.cohort,
        title="Données de la biodiversité",
        slug="donnees-biodiversite",
        seats=2,
        status=Challenge.Status.PUBLISHED,
    )
    profile = ExpertiseFactory(name="Développement", slug="developpement")
    challenge.expertises.add(profile)
    call.challenges.add(challenge)

    mentor = UserFactory(username="mentor", first_name="Claire", last_name="Mentor")
    person = PersonFactory(user=mentor, full_name="Claire Mentor", slug="claire-mentor")
    Role.objects.create(
        person=person, kind=Role.Kind.OPERATIONAL_MENTOR, challenge=challenge,
        cohort=call.cohort,
    )  # fmt: skip
    team, director = team_and_director()
    juror = UserFactory(username="jure", first_name="Paul", last_name="Juré")
    panel = PanelFactory(call=call, name="Jury Données", location="Salle 2")
    panel.members.add(juror)
    panel.challenges.add(challenge)
    return call, challenge, profile, panel, {
        "mentor": mentor, "team": team, "director": director, "juror": juror,
    }  # fmt: skip


def _pdf(path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": "CV de Nora Belkacem"})
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def _new_page(browser):
    context = browser.new_context(locale="fr-FR", viewport={"width": 1280, "height": 900})
    return context.new_page()


def _log_in(browser, live_server, user, check):
    """A fresh browser for ``user``, signed in through the real login form."""
    page = _new_page(browser)
    page.goto(live_server.url + "/compte/login/")
    check(page)
    page.fill("#id_login", user.email)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url(re.compile(r".*/mon-espace/$"))
    check(page)
    return page


def _tick(page, input_id):
    # DSFR draws checkboxes and radios on the label: the input itself is out of sight.
    page.locator(f"label[for='{input_id}']").click()


def _fill_grid(page, call, scores, comment, recommendation):
    for criterion, score in zip(call.grid.criteria.order_by("order", "pk"), scores, strict=True):
        _tick(page, f"score-{criterion.pk}-{score}")
    page.fill("#comment", comment)
    _tick(page, f"recommendation-{recommendation}")


def _main(page) -> str:
    return page.locator("main").inner_text()


# --- The journey -----------------------------------------------------------------------


def _candidate_applies(page, live_server, call, challenge, check, tmp_path):
    page.goto(f"{live_server.url}/appels/{call.slug}/")
    assert page.locator("h1").inner_text() == call.title
    assert challenge.title in _main(page)
    check(page)

    page.get_by_role("link", name="Candidater : créer un compte").click()
    page.wait_for_url("**/compte/signup/**")
    check(page)
    page.get_by_label("Prénom").fill("Nora")
    page.get_by_label("Nom", exact=True).fill("Belkacem")
    page.fill("#id_email", CANDIDATE_EMAIL)
    page.fill("#id_password1", CANDIDATE_PASSWORD)
    page.fill("#id_password2", CANDIDATE_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/compte/confirm-email/")
    check(page)

    verification = OutboxMessage.objects.get(to=[CANDIDATE_EMAIL])
    link = re.search(r"https?://\S+/compte/confirm-email/\S+/", recipient_body(verification)).group(
        0
    )
    page.goto(live_server.url + urlsplit(link).path)  # the link names the site's own host
    check(page)
    page.get_by_role("button", name="Confirmer").click()
    # Confirming signs the candidate in and brings them back to where they were going:
    # the page that starts an application (following a link creates none).
    page.wait_for_url(f"**/appels/{call.slug}/candidature/")
    assert page.locator("h1").inner_text() == f"Candidater : {call.title}"
    check(page)
    assert not Application.objects.filter(candidate__email=CANDIDATE_EMAIL).exists()
    page.get_by_role("button", name="Commencer ma candidature").click()
    page.wait_for_selector("#id_first_name")
    assert page.locator("h1").inner_text() == f"Ma candidature : {call.title}"
    check(page)

    questions = list(call.questions.order_by("order", "pk"))
    page.fill("#id_first_name", FIRST)
    page.fill("#id_last_name", LAST)
    page.fill("#id_phone", "06 12 34 56 78")
    page.fill(f"#id_q_{questions[0].pk}", "Huit ans de développement de services publics.")
    page.fill(f"#id_q_{questions[1].pk}", "Mettre les données naturalistes au service de tous.")
    page.set_input_files("#id_cv", str(_pdf(tmp_path / "cv-nora-belkacem.pdf")))
    page.select_option("#choix-1", label=challenge.title)
    for index in range(call.statements.count()):
        _tick(page, f"id_statements_{index}")
    _tick(page, "id_publication_consent")
    page.wait_for_selector("#autosave-status >> text=Brouillon enregistré à")
    check(page)

    page.get_by_role("button", name="Déposer ma candidature").click()
    page.wait_for_url("**/candidature/recepisse/")
    application = Application.objects.get(candidate__email=CANDIDATE_EMAIL)
    assert application.status == Application.Status.SUBMITTED
    assert application.publication_consent
    assert application.files.filter(kind="cv", is_current=True).count() == 1
    assert list(application.choices.values_list("challenge_id", flat=True)) == [challenge.pk]
    receipt = _main(page)
    assert f"reçue le {format_moment(application.submitted_at)}, heure de Paris" in receipt
    assert "cv-nora-belkacem.pdf" in receipt
    check(page)
    assert OutboxMessage.objects.filter(
        to=[CANDIDATE_EMAIL], subject=f"Candidature reçue : {call.title}"
    ).exists()
    return application


def _team_screens(page, url, call, application, check):
    """The team opens the application from its call's list and screens it eligible and complete."""
    page.goto(url + "/gestion/")
    check(page)
    page.get_by_role("link", name=call.title).click()
    page.wait_for_url(f"**/gestion/appels/{call.pk}/")
    check(page)
    page.get_by_role("link", name="Voir les candidatures").click()
    page.wait_for_url(f"**/gestion/appels/{call.pk}/candidatures/")
    check(page)
    page.get_by_role("link", name=LAST).first.click()
    page.wait_for_url(f"**/gestion/candidatures/{application.pk}/")
    assert page.locator("h1").inner_text() == FULL_NAME
    check(page)

    _tick(page, "eligibility-eligible")
    page.get_by_role("button", name="Enregistrer : éligibilité").click()
    page.wait_for_url(lambda url: url.endswith("#examen"))
    _tick(page, "completeness-complete")
    page.get_by_role("button", name="Enregistrer : complétude").click()
    page.wait_for_url(lambda url: url.endswith("#examen"))
    application.refresh_from_db()
    assert (application.eligibility, application.completeness) == ("eligible", "complete")
    check(page)


def _team_screens_and_reviews(page, live_server, call, application, check):
    _team_screens(page, live_server.url, call, application, check)

    _review(page, live_server, call, application, check, [4, 3, 4, 3, 4], "Solide.", "yes")


def _review(page, live_server, call, application, check, scores, comment, recommendation):
    page.goto(live_server.url + "/evaluation/")
    assert FULL_NAME in _main(page)
    check(page)
    page.get_by_role("link", name=FULL_NAME).click()
    page.wait_for_url(f"**/evaluation/candidatures/{application.pk}/")
    check(page)
    _fill_grid(page, call, scores, comment, recommendation)
    page.get_by_role("button", name="Enregistrer mon évaluation").click()
    page.wait_for_selector("text=Votre évaluation est enregistrée.")
    check(page)


def _team_schedules_interview(page, live_server, call, challenge, panel, application, check):
    # Shortlist from the reviewers' list, where both reviews' mean shows.
    page.goto(f"{live_server.url}/evaluation/?appel={call.slug}")
    assert "2 avis" in _main(page)
    # This box's label holds only screen-reader text: DSFR draws the box beside an empty label.
    page.locator(f"#choisir-{application.pk}").check(force=True)
    page.get_by_role(
        "button", name="Présélectionner pour une audition les candidatures cochées"
    ).click()
    page.wait_for_selector("text=1 candidature(s) présélectionnée(s) pour une audition.")
    check(page)
    application.refresh_from_db()
    assert application.status == Application.Status.SHORTLISTED

    page.goto(live_server.url + "/jurys/")
    check(page)
    page.get_by_role("link", name=f"programmer l’audition de {FULL_NAME}").click()
    page.wait_for_url(f"**/jurys/appels/{call.slug}/auditions/nouvelle/**")
    check(page)
    day = (timezone.now() + datetime.timedelta(days=10)).astimezone(PARIS).date()
    assert page.locator("#id_application option:checked").inner_text() == FULL_NAME
    page.select_option("#id_panel", label=panel.name)
    page.select_option("#id_challenge", label=challenge.title)
    page.fill("#id_day", day.isoformat())
    page.fill("#id_time", "14:30")
    page.fill("#id_duration_minutes", "45")
    page.fill("#id_location", "Salle 2, 20 avenue de Ségur")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**/jurys/jurys/{panel.pk}/")
    check(page)
    slot = InterviewSlot.objects.get(application=application)
    assert slot.starts_at.astimezone(PARIS).strftime("%Y-%m-%d %H:%M") == f"{day} 14:30"

    # The panel's place: a bad video link is refused with a message naming the field.
    page.get_by_role("link", name="Modifier le jury").click()
    page.wait_for_url(f"**/jurys/jurys/{panel.pk}/modifier/")
    check(page)
    page.get_by_label("Lien de visioconférence").fill("ftp://visio.example/jury")
    page.get_by_role("button", name="Enregistrer").click()
    assert "Lien de visioconférence : l'adresse doit commencer par https://" in _main(page)
    check(page)
    page.get_by_label("Lien de visioconférence").fill("https://visio.example/jury")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**/jurys/jurys/{panel.pk}/")
    assert "visio.example/jury" in _main(page)

    page.get_by_role("button", name="Envoyer l’invitation").click()
    page.wait_for_selector("text=Invitation envoyée : ")
    assert f"(jury « {panel.name} »)." in _main(page)  # what was sent, and to whom
    check(page)
    invitation = OutboxMessage.objects.get(
        to=[CANDIDATE_EMAIL], subject=f"Invitation à une audition : {call.title}"
    )
    (ics,) = invitation.attachments
    assert ics["filename"].endswith(".ics")
    assert b"BEGIN:VEVENT" in base64.b64decode(ics["content"])
    return slot


def _candidate_confirms(page, live_server, call, slot, check):
    page.goto(live_server.url + "/mon-espace/")
    assert "Audition le" in _main(page)
    check(page)
    page.get_by_role("link", name=call.title).click()
    page.wait_for_url(f"**/appels/{call.slug}/candidature/")
    check(page)
    page.get_by_role("link", name="Confirmer ou demander un autre créneau").click()
    page.wait_for_url(f"**/jurys/auditions/{slot.pk}/reponse/")
    check(page)
    page.get_by_role("button", name="Je confirme ma présence").click()
    page.wait_for_selector("text=Merci, votre audition est confirmée.")
    check(page)
    slot.refresh_from_db()
    assert slot.status == InterviewSlot.Status.CONFIRMED


def _juror_scores(page, live_server, call, slot, check):
    page.goto(live_server.url + "/jurys/")
    check(page)
    page.get_by_role("link", name=FULL_NAME).click()
    page.wait_for_url(f"**/jurys/auditions/{slot.pk}/grille/")
    check(page)
    _fill_grid(page, call, [4, 4, 3, 4, 4], "Très convaincante.", "yes")
    page.get_by_role("button", name="Enregistrer ma grille").click()
    page.wait_for_selector("text=Votre grille est enregistrée.")
    check(page)
    assert Review.objects.get(stage=Review.Stage.INTERVIEW).total == 19


def _team_ranks(page, live_server, call, challenge, application, check):
    page.goto(f"{live_server.url}/jurys/appels/{call.slug}/classements/")
    check(page)
    page.get_by_role("link", name=challenge.title).click()
    page.wait_for_url(f"**/jurys/appels/{call.slug}/classement/?defi={challenge.pk}")
    check(page)
    page.get_by_role("button", name="Préremplir d’après les grilles d’audition").click()
    page.wait_for_selector("text=Classement prérempli d'après les grilles d'audition.")
    check(page)
    entry = RankingEntry.objects.get(call=call, challenge=challenge)
    assert (entry.application_id, entry.position, entry.waiting_list) == (application.pk, 1, False)


def _team_stages(page, live_server, call, challenge, profile, application, check):
    page.goto(f"{live_server.url}/jurys/decisions/?appel={call.slug}")
    check(page)
    prefix = f"#d{application.pk}"
    page.select_option(f"{prefix}-outcome", value=Decision.Outcome.SELECTED)
    page.select_option(f"{prefix}-challenge", label=challenge.title)
    page.select_option(f"{prefix}-profile", label=profile.name)
    row = page.locator(f"#candidature-{application.pk}")
    row.get_by_role("button", name="Préparer").click()
    row.get_by_role("button", name="Modifier").wait_for()  # htmx swapped the row in
    decision = Decision.objects.get(application=application)
    assert (decision.outcome, decision.status) == ("selected", "staged")
    assert (decision.challenge_id, decision.profile_id) == (challenge.pk, profile.pk)
    check(page)


def _director_validates(page, live_server, call, check):
    page.goto(f"{live_server.url}/jurys/decisions/validation/?appel={call.slug}")
    assert FULL_NAME in _main(page)
    check(page)
    decision = Decision.objects.get()
    _tick(page, f"decision-{decision.pk}")
    page.get_by_role("button", name="Valider les décisions cochées").click()
    page.wait_for_selector("text=1 décision(s) validée(s).")
    check(page)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.VALIDATED


def _team_sends(page, live_server, call, challenge, check):
    page.goto(f"{live_server.url}/jurys/decisions/envoi/?appel={call.slug}")
    preview = _main(page)
    assert CANDIDATE_EMAIL in preview
    assert f"retenu·e pour le défi {challenge.title} en tant que Développement" in preview
    check(page)
    page.get_by_role("button", name="Envoyer cet e-mail").click()
    page.wait_for_url("**/jurys/decisions/courriels/**")
    assert "1 e-mail(s) de décision mis en file d'envoi." in _main(page)
    check(page)


def test_application_journey(live_server, page, browser, check_accessibility, tmp_path):
    check = check_accessibility
    call, challenge, profile, panel, users = _setup()
    pages = []

    def log_in(name):
        signed_in = _log_in(browser, live_server, users[name], check)
        pages.append(signed_in)
        return signed_in

    try:
        # 1-2. The candidate finds the call, creates an account and applies.
        application = _candidate_applies(page, live_server, call, challenge, check, tmp_path)

        # 3. The team screens the application and reviews it; 4. so does the défi's mentor.
        team = log_in("team")
        _team_screens_and_reviews(team, live_server, call, application, check)
        mentor = log_in("mentor")
        _review(mentor, live_server, call, application, check, [3, 3, 4, 3, 3], "Bien.", "yes")
        assert Review.objects.filter(stage=Review.Stage.PRESELECTION).count() == 2

        # Time passes: the call closes (interviews and decisions wait for it, calls.guards).
        closed = timezone.now() - datetime.timedelta(minutes=1)
        Call.objects.filter(pk=call.pk).update(closes_at=closed)
        Round.objects.filter(call=call).update(closes_at=closed)

        # 5. Shortlist, interview, invitation; the candidate confirms from their space.
        slot = _team_schedules_interview(
            team, live_server, call, challenge, panel, application, check
        )
        _candidate_confirms(page, live_server, call, slot, check)

        # 6. The juror's grid, then the ranked list of the défi.
        _juror_scores(log_in("juror"), live_server, call, slot, check)
        _team_ranks(team, live_server, call, challenge, application, check)

        # Time passes: the interview is over.
        InterviewSlot.objects.filter(pk=slot.pk).update(
            starts_at=timezone.now() - datetime.timedelta(hours=2)
        )

        # 7. Staged, validated by the director, previewed and sent; the worker delivers.
        _team_stages(team, live_server, call, challenge, profile, application, check)
        _director_validates(log_in("director"), live_server, call, check)
        _team_sends(team, live_server, call, challenge, check)
        decision_email = OutboxMessage.objects.get(
            to=[CANDIDATE_EMAIL], subject="Votre candidature est retenue"
        )
        application.refresh_from_db()
        assert application.status == Application.Status.SELECTED
        mail.outbox.clear()
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
        decision_email.refresh_from_db()
        assert decision_email.status == OutboxMessage.Status.SENT
        delivered = [m for m in mail.outbox if m.subject == "Votre candidature est retenue"]
        assert [m.to for m in delivered] == [[CANDIDATE_EMAIL]]
        assert challenge.title in delivered[0].body

        page.goto(live_server.url + "/mon-espace/")
        assert f"Vous êtes retenu·e pour le défi « {challenge.title} »" in _main(page)
        check(page)

        # 8. Confidential until the announcement; then published on the public site.
        visitor = _new_page(browser)
        pages.append(visitor)
        visitor.goto(f"{live_server.url}/defis/{challenge.slug}/")
        before = _main(visitor)
        assert "Claire Mentor" in before and FULL_NAME not in before  # the team is shown
        check(visitor)
        team.goto(f"{live_server.url}/jurys/decisions/?appel={call.slug}")
        team.get_by_role("button", name="Publier les EIG retenu·es").click()
        team.wait_for_selector("text=Les résultats restent confidentiels")
        assert not Role.objects.filter(kind=Role.Kind.FELLOW).exists()

        call.announcement_at = timezone.now() - datetime.timedelta(minutes=1)
        call.save(update_fields=["announcement_at"])
        team.get_by_role("button", name="Publier les EIG retenu·es").click()
        team.wait_for_selector("text=Résultats publiés : 1 EIG retenu·e(s), dont 1 visible(s)")
        check(team)
        fellow = Role.objects.select_related("person").get(kind=Role.Kind.FELLOW)
        assert (fellow.challenge_id, fellow.profile_id) == (challenge.pk, profile.pk)
        assert fellow.person.full_name == FULL_NAME and fellow.person.is_public

        # Browsers may keep a public page for a minute (Cache-Control): a new visitor.
        visitor = _new_page(browser)
        pages.append(visitor)
        visitor.goto(f"{live_server.url}/defis/{challenge.slug}/")
        assert FULL_NAME in _main(visitor)
        check(visitor)
        visitor.get_by_role("link", name=FULL_NAME).first.click()
        visitor.wait_for_url(f"**/personnes/{fellow.person.slug}/")
        check(visitor)
        visitor.goto(f"{live_server.url}/personnes/")
        assert FULL_NAME in _main(visitor)
        check(visitor)
    finally:
        for other in pages:
            other.context.close()


def recipient_body(message) -> str:
    """The text as its recipient receives it (authentication links are sealed in the outbox)."""
    return content_for_recipient(message)[1]
