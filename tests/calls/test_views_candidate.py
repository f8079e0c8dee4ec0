"""The candidate's pages, for every role: form, autosave, receipt, files, withdrawal, answers."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorte.audit.models import ActivityLog
from cohorte.calls import applications
from cohorte.calls.models import Application, ApplicationFile, Message
from cohorte.notifications.models import OutboxMessage
from tests.calls.conftest import EXECUTABLE, complete_data, upload

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous", "candidate", "other_candidate", "team", "director", "mentor", "other_mentor",
    "juror", "other_juror",
]  # fmt: skip


def client_for(client, world, role):
    user = world.roles()[role]
    if role != "anonymous":
        client.force_login(user)
    return client


def login_redirect(response, url):
    return response.status_code == 302 and response.url == f"{reverse('account_login')}?next={url}"


def snapshot(application) -> dict:
    application = Application.objects.get(pk=application.pk)
    return {
        "row": {
            f.attname: getattr(application, f.attname) for f in Application._meta.concrete_fields
        },
        "files": list(application.files.values_list("pk", "is_current")),
        "choices": list(application.choices.values_list("rank", "challenge_id")),
        "versions": application.versions.count(),
        "audit": ActivityLog.objects.count(),
        "outbox": OutboxMessage.objects.count(),
    }


@pytest.fixture
def cv(world):
    """A current CV on the candidate's application."""
    applications.save_draft(
        world.application, {"files": {"cv": upload("cv-camille.pdf")}}, 0, world.candidate
    )
    return ApplicationFile.objects.get(application=world.application)


def form_data(application, **extra):
    """What the browser posts for this application's form."""
    call = application.call
    data = complete_data(call, cv=False)
    post = {
        "application": application.pk,
        "revision": application.revision,
        "first_name": data["first_name"],
        "last_name": data["last_name"],
        "phone": data["phone"],
        "statements": [str(pk) for pk in data["statements"]],
        "gender": data["gender"],
        "publication_consent": "on",
        "choices": [f"c{c['challenge']}" for c in data["choices"]] + ["", ""],
        **{f"q_{key}": value for key, value in data["answers"].items()},
    }
    post.update(extra)
    return post


# --- The application page, for every role ---------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_application_page_by_role(client, world, role):
    url = reverse("calls:application", args=[world.call.slug])
    response = client_for(client, world, role).get(url)
    if role == "anonymous":
        assert login_redirect(response, url)
        return
    if role in ("team", "director"):
        assert response.status_code == 403
        assert "Vous faites partie de l’équipe du programme" in response.text
        return
    assert response.status_code == 200
    if role not in ("candidate", "other_candidate"):
        # No application yet: a GET creates none, it offers to start one (issue #16).
        assert not Application.objects.filter(candidate=world.roles()[role]).exists()
        assert "Commencer ma candidature" in response.text
        assert world.application.last_name not in response.text
        return
    mine = Application.objects.get(call=world.call, candidate=world.roles()[role])
    assert f'name="application" value="{mine.pk}"' in response.text
    assert world.application.last_name not in response.text or role == "candidate"


def test_the_form_shows_the_exact_deadline_and_the_autosave(client, world):
    client.force_login(world.candidate)
    response = client.get(reverse("calls:application", args=[world.call.slug]))
    text = response.text
    assert "jusqu’au" in text and "heure de Paris" in text
    assert f'data-hx-post="{reverse("calls:autosave", args=[world.call.slug])}"' in text
    assert 'data-hx-params="not cv,portfolio"' in text
    assert 'name="action" value="save"' in text and "Enregistrer le brouillon" in text
    assert "calls/autosave.js" in text
    assert "uniquement à établir des statistiques anonymes" in text


@pytest.mark.parametrize("role", ROLES)
def test_file_download_by_role(client, world, cv, role):
    url = reverse("calls:application_file", args=[world.call.slug, cv.pk])
    response = client_for(client, world, role).get(url)
    if role == "anonymous":
        assert login_redirect(response, url)
    elif role == "candidate":
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="cv-camille.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    else:
        assert response.status_code == 404


def test_another_candidates_file_id_is_not_found(client, world, cv):
    other = applications.save_draft(
        world.other_application, {"files": {"cv": upload("autre.pdf")}}, 0, world.other_candidate
    )
    other_file = other.files.get()
    client.force_login(world.candidate)
    url = reverse("calls:application_file", args=[world.call.slug, other_file.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_receipt_by_role(client, world, role):
    applications.save_draft(world.application, complete_data(world.call), 0, world.candidate)
    applications.submit(world.application, world.candidate)
    url = reverse("calls:receipt", args=[world.call.slug])
    response = client_for(client, world, role).get(url)
    if role == "anonymous":
        assert login_redirect(response, url)
    elif role == "candidate":
        assert response.status_code == 200
    else:
        assert response.status_code == 404  # no submitted application of theirs


@pytest.mark.parametrize("role", ROLES)
def test_withdraw_page_by_role(client, world, role):
    url = reverse("calls:withdraw", args=[world.call.slug])
    response = client_for(client, world, role).get(url)
    if role == "anonymous":
        assert login_redirect(response, url)
    elif role in ("candidate", "other_candidate"):
        assert response.status_code == 200  # each about their own application
        assert "Le retrait est définitif" in response.text
        assert world.roles()[role].applications.get().status == "submitted"
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_answer_by_role(client, world, role):
    request = Message.objects.create(
        application=world.application, author=world.team, from_team=True,
        kind=Message.Kind.INFO_REQUEST, body="Quelle est votre date de disponibilité ?",
    )  # fmt: skip
    url = reverse("calls:answer", args=[world.call.slug, request.pk])
    response = client_for(client, world, role).post(url, {"body": "En septembre."})
    request.refresh_from_db()
    if role == "anonymous":
        assert login_redirect(response, url)
    elif role == "candidate":
        assert response.status_code == 302
        assert request.answered_at is not None
        return
    else:
        assert response.status_code == 404
    assert request.answered_at is None
    assert Message.objects.count() == 1


@pytest.mark.parametrize("role", ROLES)
def test_autosave_by_role(client, world, role):
    url = reverse("calls:autosave", args=[world.call.slug])
    client = client_for(client, world, role)
    response = client.post(url, form_data(world.application, first_name="Auto"))
    application = Application.objects.get(pk=world.application.pk)
    if role == "anonymous":
        assert response.status_code == 401
        assert "Votre session a expiré" in response.text
        assert response["X-Autosave"] == "1"
    elif role == "candidate":
        assert response.status_code == 200
        assert application.first_name == "Auto"
        return
    else:
        # Their own draft (if any) is not the one in the form: nothing is written anywhere.
        assert response.status_code in (403, 404)
    assert application.first_name == world.application.first_name


# --- Autosave -----------------------------------------------------------------------


def test_autosave_answers_a_status_and_the_new_revision(client, world):
    client.force_login(world.candidate)
    url = reverse("calls:autosave", args=[world.call.slug])
    response = client.post(url, form_data(world.application, first_name="Alexandra"))
    assert response.status_code == 200
    application = Application.objects.get(pk=world.application.pk)
    assert application.revision == 1
    clock = timezone.localtime(application.updated_at)
    assert f"Brouillon enregistré à {clock.hour} h {clock.minute:02d}." in response.text
    assert 'id="id_revision" value="1" data-hx-swap-oob="true"' in response.text
    assert not ActivityLog.objects.filter(action="application.submitted").exists()
    # What screen readers hear leaves out the time: saving again is heard once.
    assert 'data-summary="Brouillon enregistré."' in response.text


def test_an_expired_session_is_summed_up_in_one_sentence(client, world):
    response = client.post(
        reverse("calls:autosave", args=[world.call.slug]), form_data(world.application)
    )
    assert response.status_code == 401
    assert (
        'data-summary="Votre session a expiré : vos dernières modifications ne sont pas '
        'enregistrées. Reconnectez-vous dans un nouvel onglet."'
    ) in html.unescape(response.text)


def test_text_answers_show_a_counter_instead_of_a_maxlength(client, world):
    client.force_login(world.candidate)
    page = client.get(reverse("calls:application", args=[world.call.slug])).text
    texts = world.call.questions.filter(kind__in=["short_text", "long_text"])
    assert texts.exists()
    for question in texts:
        limit = question.max_length or (300 if question.kind == "short_text" else 20000)
        widget = page[page.index(f'id="id_q_{question.pk}"') - 200 :]
        widget = widget[: widget.index(">", 200)]
        assert f'data-limit="{limit}"' in widget and "maxlength" not in widget
        assert f"id_q_{question.pk}-compteur" in widget  # the counter describes the field
        answer = world.application.answers.get(str(question.pk)) or ""
        assert (
            f'<p class="fr-hint-text fr-mt-1v" id="id_q_{question.pk}-compteur">'
            f"{len(answer)} / {limit} caractères</p>"
        ) in page
    assert "calls/counters.js" in page


def test_autosave_from_a_stale_tab_is_refused(client, world):
    client.force_login(world.candidate)
    url = reverse("calls:autosave", args=[world.call.slug])
    client.post(url, form_data(world.application, first_name="Onglet A"))
    before = snapshot(world.application)
    response = client.post(url, form_data(world.application, first_name="Onglet B"))
    assert response.status_code == 409
    assert "modifiée ailleurs (dans un autre onglet ou une autre fenêtre)" in response.text
    assert "hx-swap-oob" not in response.text
    assert snapshot(world.application) == before


def test_autosave_after_the_deadline_is_refused(client, world):
    world.call.rounds.update(closes_at=timezone.now() - datetime.timedelta(seconds=1))
    client.force_login(world.candidate)
    before = snapshot(world.application)
    response = client.post(
        reverse("calls:autosave", args=[world.call.slug]), form_data(world.application)
    )
    assert response.status_code == 403
    assert "votre candidature ne peut plus être modifiée." in response.text
    assert snapshot(world.application) == before


def test_autosave_saves_the_rest_and_says_what_it_could_not_save(client, world):
    client.force_login(world.candidate)
    question = world.call.questions.first()
    stored = Application.objects.get(pk=world.application.pk).answers.get(str(question.pk))
    response = client.post(
        reverse("calls:autosave", args=[world.call.slug]),
        form_data(world.application, first_name="Camille-Anne",
                  **{f"q_{question.pk}": "x" * 3001}),
    )  # fmt: skip
    message = (
        "« Votre expérience » : 3\u202f000 caractères au maximum (vous en avez écrit 3\u202f001)."
    )
    assert response.status_code == 400
    assert response["X-Autosave-Saved"] == "1"
    saved = Application.objects.get(pk=world.application.pk)
    assert saved.first_name == "Camille-Anne"
    assert saved.answers.get(str(question.pk)) == stored
    assert saved.revision == world.application.revision + 1
    page = html.unescape(response.text)
    assert f"sauf 1 point : {message}" in page
    # Screen readers hear one short sentence (the summary), not the line and its details.
    assert 'data-summary="Brouillon enregistré, sauf 1 point à corriger."' in page
    assert f'<li><a href="#id_q_{question.pk}">{message}</a></li>' in page
    assert 'role="alert"' not in page  # re-sent at every save, an alert would be re-read
    # The field's messages, no longer a live region: a length changes at every key.
    assert (
        f'<div class="fr-messages-group" id="id_q_{question.pk}-messages" '
        f'data-hx-swap-oob="true"><p class="fr-message fr-message--error">{message}</p></div>'
    ) in page
    assert f'id="id_revision" value="{saved.revision}" data-hx-swap-oob="true"' in page


def test_autosave_from_another_account_writes_nothing(client, world):
    client.force_login(world.other_candidate)
    before = snapshot(world.other_application)
    response = client.post(
        reverse("calls:autosave", args=[world.call.slug]), form_data(world.application)
    )
    assert response.status_code == 403
    assert "connecté·e avec un autre compte" in response.text
    assert snapshot(world.other_application) == before


# --- Saving and submitting with the plain form ---------------------------------------


def test_save_draft_button_saves_and_redirects(client, world):
    client.force_login(world.candidate)
    url = reverse("calls:application", args=[world.call.slug])
    response = client.post(
        url,
        {
            **form_data(world.application, first_name="Brouillon"),
            "action": "save",
            "cv": upload("cv.pdf"),
        },
    )
    assert response.status_code == 302 and response.url == url
    application = Application.objects.get(pk=world.application.pk)
    assert application.first_name == "Brouillon"
    assert application.files.get().original_name == "cv.pdf"
    page = client.get(url)
    assert "Brouillon enregistré à" in page.text
    assert "cv.pdf" in page.text


def test_a_renamed_executable_as_cv_is_refused(client, world):
    client.force_login(world.candidate)
    before = snapshot(world.application)
    response = client.post(
        reverse("calls:application", args=[world.call.slug]),
        {**form_data(world.application), "action": "save", "cv": upload("cv.pdf", EXECUTABLE)},
    )
    assert response.status_code == 400
    assert "sauf 1 point(s) à corriger ci-dessous" in response.text
    assert (
        "n&#x27;est pas un PDF : son contenu ne correspond pas à un document PDF" in response.text
    )
    assert 'value="Camille"' in response.text  # what was typed is still on the page
    after = snapshot(world.application)
    assert after["files"] == before["files"]
    assert after["row"]["revision"] == before["row"]["revision"] + 1
    assert f'value="{after["row"]["revision"]}"' in response.text


def test_submit_redirects_to_the_receipt_with_the_server_timestamp(client, world):
    client.force_login(world.candidate)
    url = reverse("calls:application", args=[world.call.slug])
    world.application.status = Application.Status.DRAFT
    world.application.version = 0
    world.application.first_submitted_at = world.application.submitted_at = None
    world.application.save()
    response = client.post(
        url, {**form_data(world.application), "action": "submit", "cv": upload()}
    )
    assert response.status_code == 302
    assert response.url == reverse("calls:receipt", args=[world.call.slug])
    application = Application.objects.get(pk=world.application.pk)
    assert application.status == "submitted" and application.version == 1
    receipt = client.get(response.url)
    from cohorte.public.formats import format_moment

    assert (
        f"reçue le {format_moment(application.submitted_at)}, heure de Paris "
        "(horodatage du serveur)" in receipt.text
    )
    assert OutboxMessage.objects.filter(subject__startswith="Candidature reçue").count() == 1


def test_an_incomplete_submission_keeps_the_draft_and_lists_what_is_missing(client, world):
    client.force_login(world.candidate)
    world.application.status = Application.Status.DRAFT
    world.application.save()
    response = client.post(
        reverse("calls:application", args=[world.call.slug]),
        {**form_data(world.application, statements=[]), "action": "submit", "cv": upload()},
    )
    assert response.status_code == 400
    assert (
        "Votre candidature n&#x27;a pas été déposée : 1 point(s) à compléter ou corriger."
        in response.text
    )
    assert "Cochez toutes les déclarations sur l&#x27;honneur" in response.text
    application = Application.objects.get(pk=world.application.pk)
    assert application.status == "draft"
    assert application.versions.count() == 0
    assert f'name="revision" value="{application.revision}"' in response.text
    assert not OutboxMessage.objects.exists()


def test_the_same_form_submitted_from_two_tabs(client, world):
    client.force_login(world.candidate)
    url = reverse("calls:application", args=[world.call.slug])
    tab = form_data(world.application, first_name="Premier onglet")
    assert client.post(url, {**tab, "action": "save"}).status_code == 302
    before = snapshot(world.application)
    response = client.post(url, {**tab, "first_name": "Second onglet", "action": "save"})
    assert response.status_code == 409
    assert "modifiée ailleurs (dans un autre onglet ou une autre fenêtre)" in response.text
    assert 'value="Second onglet"' in response.text
    assert snapshot(world.application) == before


def test_after_the_deadline_the_page_is_read_only_and_posts_are_refused(client, world):
    applications.save_draft(world.application, complete_data(world.call), 0, world.candidate)
    applications.submit(world.application, world.candidate)
    closed = timezone.now() - datetime.timedelta(seconds=1)
    world.call.rounds.update(opens_at=closed - datetime.timedelta(days=5), closes_at=closed)
    client.force_login(world.candidate)
    url = reverse("calls:application", args=[world.call.slug])
    page = client.get(url)
    assert page.status_code == 200
    assert "formulaire-candidature" not in page.text
    assert "Ma candidature déposée" in page.text
    assert "Une réponse réfléchie." in page.text
    assert "L&#x27;appel a fermé le" in page.text
    before = snapshot(world.application)
    application = Application.objects.get(pk=world.application.pk)
    response = client.post(url, {**form_data(application), "action": "submit"})
    assert response.status_code == 403
    assert "votre candidature n&#x27;a pas pu être déposée." in response.text
    assert snapshot(world.application) == before


def test_before_opening_no_draft_is_created(client, world):
    world.call.rounds.update(
        opens_at=timezone.now() + datetime.timedelta(days=2),
        closes_at=timezone.now() + datetime.timedelta(days=9),
    )
    client.force_login(world.mentor)
    response = client.get(reverse("calls:application", args=[world.call.slug]))
    assert response.status_code == 200
    assert "vous pourrez candidater à partir de cette date." in response.text
    assert not Application.objects.filter(candidate=world.mentor).exists()


# --- Dashboard: status, messages, interview, decision --------------------------------


def test_the_dashboard_never_shows_internal_data(client, world):
    from cohorte.calls.models import Note

    Note.objects.create(application=world.application, author=world.team, body="NOTE-PRIVEE")
    Message.objects.create(
        application=world.application, author=world.team, from_team=True,
        kind=Message.Kind.INFO_REQUEST, body="Pouvez-vous préciser ?",
    )  # fmt: skip
    world.application.eligibility = Application.Eligibility.INELIGIBLE
    world.application.status = Application.Status.SHORTLISTED
    world.application.save()
    client.force_login(world.candidate)
    text = client.get(reverse("calls:application", args=[world.call.slug])).text
    assert "NOTE-PRIVEE" not in text
    assert "éligible" not in text and "présélectionnée" not in text
    assert world.team.last_name not in text
    assert "Demande de complément de l’équipe du programme" in text
    assert "Pouvez-vous préciser ?" in text
    assert "Envoyer ma réponse" in text
    assert "Déposée" in text


def test_the_dashboard_shows_an_invited_interview_and_a_sent_decision(client, world):
    from cohorte.selection.models import Decision, InterviewSlot

    slot = InterviewSlot.objects.get(application=world.application)
    client.force_login(world.candidate)
    url = reverse("calls:application", args=[world.call.slug])
    assert "Mon audition" not in client.get(url).text  # planned, not yet invited
    slot.status = InterviewSlot.Status.INVITED
    slot.location = "Salle Turing"
    slot.save()
    text = client.get(url).text
    assert "Mon audition" in text and "Salle Turing" in text
    decision = Decision.objects.create(
        application=world.application, outcome="selected", challenge=world.challenge
    )
    assert "Félicitations" not in client.get(url).text  # staged: not sent yet
    decision.status = Decision.Status.SENT
    decision.save()
    text = client.get(url).text
    assert "Félicitations ! Vous êtes retenu·e pour le défi « Défi choisi »." in text
    assert "Retirer ma candidature" not in text


def test_answering_from_the_dashboard(client, world):
    request = Message.objects.create(
        application=world.application, author=world.team, from_team=True,
        kind=Message.Kind.INFO_REQUEST, body="?",
    )  # fmt: skip
    client.force_login(world.candidate)
    url = reverse("calls:answer", args=[world.call.slug, request.pk])
    empty = client.post(url, {"body": " "})
    assert empty.status_code == 400
    assert "Écrivez votre réponse avant de l&#x27;envoyer." in empty.text
    assert client.post(url, {"body": "Voici."}).status_code == 302
    assert ActivityLog.objects.filter(action="application.info_answered").count() == 1
    again = client.post(url, {"body": "Encore"})
    assert again.status_code == 409
    assert "Vous avez déjà répondu à cette demande." in again.text


def test_withdraw_from_the_page(client, world):
    client.force_login(world.candidate)
    url = reverse("calls:withdraw", args=[world.call.slug])
    response = client.post(url)
    assert response.status_code == 302
    application = Application.objects.get(pk=world.application.pk)
    assert application.status == "withdrawn"
    assert OutboxMessage.objects.filter(subject__startswith="Candidature retirée").count() == 1
    again = client.post(url)
    assert again.status_code == 409
    assert "Cette candidature est déjà retirée." in again.text


@pytest.mark.parametrize("size", [1, 4])
def test_application_page_queries_do_not_grow_with_messages_and_versions(
    client, world, size, django_assert_max_num_queries
):
    applications.save_draft(world.application, complete_data(world.call), 0, world.candidate)
    for _ in range(size):
        applications.submit(world.application, world.candidate)
        Message.objects.create(
            application=world.application, from_team=True, kind="info_request", body="?"
        )
    client.force_login(world.candidate)
    with django_assert_max_num_queries(26):
        assert client.get(reverse("calls:application", args=[world.call.slug])).status_code == 200
