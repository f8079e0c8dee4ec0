"""One application's page: what it shows, notes, messages, screening, files, versions."""

import pytest
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.calls import screening
from cohorte.calls.models import Application, Message, Note, Question
from cohorte.notifications.models import OutboxMessage
from tests.team.conftest import PDF, add_file, add_review, add_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_client(world, client):
    client.force_login(world.team)
    return client


def _detail(world):
    return reverse("team:application_detail", args=[world.application.pk])


def test_the_page_shows_answers_in_order_choices_statements_files_and_reviews(world, team_client):
    app, call = world.application, world.call
    experience, motivation = call.questions.order_by("order")
    link = Question.objects.create(
        call=call, order=3, label="Votre GitHub", kind="url", required=False
    )
    app.answers = {
        str(motivation.pk): "Servir l'intérêt général.",
        str(experience.pk): "Dix ans de Python.",
        str(link.pk): "https://github.com/exemple",
    }
    first_statement = call.statements.order_by("order").first()
    app.statements = [first_statement.pk]
    app.phone = "06 12 34 56 78"
    app.save()
    cv = add_file(app, name="CV Alex.pdf")
    old = add_file(app, name="ancien CV.pdf", is_current=False)
    add_review(app, world.team, 16, recommendation="yes", comment="Très solide")
    add_review(app, world.director, 12)
    page = team_client.get(_detail(world)).content.decode()
    assert page.index("Votre expérience") < page.index("Dix ans de Python.")
    assert page.index("Dix ans de Python.") < page.index("Votre motivation")
    assert page.index("Votre motivation") < page.index("Servir l&#x27;intérêt général.")
    assert 'href="https://github.com/exemple" rel="noopener noreferrer nofollow"' in page
    assert "Défi choisi" in page
    assert "06 12 34 56 78" in page
    assert page.count('fr-badge--success">acceptée') == 1
    assert page.count('fr-badge--error">non acceptée') == 2
    assert reverse("team:application_file", args=[app.pk, cv.pk]) in page
    assert reverse("team:application_file", args=[app.pk, old.pk]) in page
    assert "Fichiers remplacés" in page
    assert "14.0 (2 avis, écart 4)" in page
    assert "Très solide" in page


def test_the_file_download_is_an_attachment_with_its_own_name(world, team_client):
    cv = add_file(world.application, name="Mon CV.pdf")
    response = team_client.get(reverse("team:application_file", args=[world.application.pk, cv.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert "Mon" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_note_is_added_shown_to_the_team_and_never_to_the_candidate(world, team_client, client):
    response = team_client.post(
        reverse("team:application_note", args=[world.application.pk]),
        {"body": "Appeler son ancien manager."},
    )
    assert response.status_code == 302
    assert response["Location"] == _detail(world) + "#notes"
    note = Note.objects.get()
    assert (note.application, note.author) == (world.application, world.team)
    assert "Appeler son ancien manager." in team_client.get(_detail(world)).content.decode()
    assert ActivityLog.objects.filter(action="application.note_added").count() == 1
    # The candidate's own page shows messages, never notes.
    screening.send_message(world.application, "Merci de préciser vos dates.", world.team, True)
    client.force_login(world.candidate)
    candidate_page = client.get(reverse("calls:application", args=[world.call.slug]))
    assert candidate_page.status_code == 200
    text = candidate_page.content.decode()
    assert "Merci de préciser vos dates." in text
    assert "Appeler son ancien manager." not in text


@pytest.mark.parametrize("body", ["", "   "])
def test_an_empty_note_is_refused_with_a_linked_error(world, team_client, body):
    response = team_client.post(
        reverse("team:application_note", args=[world.application.pk]), {"body": body}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "La note est vide : écrivez quelque chose." in page
    assert 'aria-describedby="note-body-aide note-body-erreur"' in page
    assert not Note.objects.exists()


def test_a_message_to_the_candidate_queues_its_email(world, team_client):
    response = team_client.post(
        reverse("team:application_message", args=[world.application.pk]),
        {"body": "Pouvez-vous joindre votre portfolio ?", "request_info": "on"},
    )
    assert response.status_code == 302
    message = Message.objects.get()
    assert (message.kind, message.from_team, message.author) == ("info_request", True, world.team)
    outbox = OutboxMessage.objects.get()
    assert outbox.to == [world.candidate.email]
    assert outbox.subject == "Une question sur votre candidature"
    page = team_client.get(_detail(world)).content.decode()
    assert "Pouvez-vous joindre votre portfolio ?" in page
    assert "demande de complément en attente" in page


def test_an_empty_message_is_refused(world, team_client):
    response = team_client.post(
        reverse("team:application_message", args=[world.application.pk]), {"body": " "}
    )
    assert response.status_code == 400
    assert "Le message est vide" in response.content.decode()
    assert not Message.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_an_info_request_on_a_withdrawn_application_is_refused(world, team_client):
    Application.objects.filter(pk=world.application.pk).update(status="withdrawn")
    response = team_client.post(
        reverse("team:application_message", args=[world.application.pk]),
        {"body": "Une question", "request_info": "on"},
    )
    assert response.status_code == 400
    assert "ne vaut que pour une candidature déposée" in response.content.decode()
    assert not Message.objects.exists()


def test_the_eligibility_step_with_a_reason_appears_in_the_journal(world, team_client):
    url = reverse("team:application_screening", args=[world.application.pk])
    response = team_client.post(
        url,
        {
            "step": "eligibility",
            "eligibility-value": "ineligible",
            "eligibility-reason": "Étudiant",
        },
    )
    assert response.status_code == 302
    world.application.refresh_from_db()
    assert world.application.eligibility == "ineligible"
    page = team_client.get(_detail(world)).content.decode()
    assert "Éligibilité : non éligible" in page
    assert "motif : Étudiant" in page
    assert "Dernier motif : Étudiant" in page
    team_client.post(url, {"step": "completeness", "completeness-value": "complete"})
    world.application.refresh_from_db()
    assert world.application.completeness == "complete"


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {"step": "eligibility", "eligibility-value": "sans doute"},
            "Valeur d&#x27;éligibilité inconnue",
        ),
        ({"step": "eligibility"}, "Choisissez une valeur."),
        (
            {"step": "completeness", "completeness-value": "eligible"},
            "Valeur de complétude inconnue",
        ),
    ],
)
def test_a_bad_screening_value_changes_nothing(world, team_client, data, error):
    response = team_client.post(
        reverse("team:application_screening", args=[world.application.pk]), data
    )
    assert response.status_code == 400
    assert error in response.content.decode()
    world.application.refresh_from_db()
    assert (world.application.eligibility, world.application.completeness) == ("pending", "pending")
    assert not ActivityLog.objects.exists()


def test_an_unknown_screening_step_changes_nothing(world, team_client):
    response = team_client.post(
        reverse("team:application_screening", args=[world.application.pk]),
        {"step": "status", "status-value": "selected"},
        follow=True,
    )
    assert "Étape d’examen inconnue".replace("’", "'") in response.content.decode().replace(
        "&#x27;", "'"
    )
    world.application.refresh_from_db()
    assert world.application.status == "submitted"


def test_shortlist_from_the_page_and_refusal_message(world, team_client):
    url = reverse("team:application_shortlist", args=[world.application.pk])
    team_client.post(url)
    world.application.refresh_from_db()
    assert world.application.status == "shortlisted"
    # The world's interview is still planned: leaving the shortlist is refused, with a reason.
    response = team_client.post(url, {"undo": "1"}, follow=True)
    assert "une audition est prévue" in response.content.decode()
    world.application.refresh_from_db()
    assert world.application.status == "shortlisted"


def test_the_journal_lists_every_change_with_its_author(world, team_client):
    screening.set_completeness(world.application, "incomplete", world.director, "CV manquant")
    screening.add_note(world.application, "note", world.team)
    response = team_client.get(_detail(world))
    labels = [entry["label"] for entry in response.context["journal"]]
    assert labels == ["Note interne ajoutée", "Complétude : incomplète"]
    authors = [entry["actor"] for entry in response.context["journal"]]
    assert authors == [world.team, world.director]


def test_a_version_shows_its_content_and_what_changed(world, team_client):
    app = world.application
    question = world.call.questions.order_by("order").first()

    def snapshot(answer, cv_name, sha):
        return {
            "revision": 3,
            "round": {"id": 1, "name": "Session 1"},
            "first_name": "Alex",
            "last_name": "Martin",
            "phone": "",
            "answers": [
                {
                    "question": question.pk,
                    "label": question.label,
                    "kind": "long_text",
                    "value": answer,
                }
            ],  # fmt: skip
            "choices": [
                {"rank": 1, "challenge": {"id": 1, "title": "Défi choisi"}, "profile": None}
            ],
            "statements": [{"id": 1, "text": "Je ne suis pas fonctionnaire."}],
            "gender": "",
            "publication_consent": False,
            "files": [
                {
                    "id": 1,
                    "kind": "cv",
                    "question": None,
                    "original_name": cv_name,
                    "size": 2048,
                    "sha256": sha,
                }
            ],  # fmt: skip
        }

    add_version(app, 1, snapshot("Cinq ans de Django.", "cv.pdf", "a" * 64))
    add_version(app, 2, snapshot("Six ans de Django.", "cv.pdf", "b" * 64))
    first = team_client.get(reverse("team:application_version", args=[app.pk, 1]))
    assert first.context["changes"] == []
    assert "C’est la première version déposée." in first.content.decode()
    second = team_client.get(reverse("team:application_version", args=[app.pk, 2]))
    changes = second.context["changes"]
    assert [(c["label"], c["before"], c["after"]) for c in changes] == [
        ("Votre expérience", "Cinq ans de Django.", "Six ans de Django."),
        ("CV", "cv.pdf (2,0\xa0Kio)", "cv.pdf (2,0\xa0Kio) — nouveau contenu"),
    ]
    fields = dict(second.context["fields"])
    assert fields["Choix 1"] == "défi : Défi choisi"
    assert fields["Genre (déclaratif)"] == "non renseigné"
    assert "revision" not in fields
