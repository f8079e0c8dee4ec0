"""The candidate's domain actions: draft, submit, re-submit, withdraw, answer."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cohorte.audit.models import ActivityLog
from cohorte.calls import applications, drafts
from cohorte.calls.applications import ApplicationError, NotAllowed, StaleRevision, WindowClosed
from cohorte.calls.models import (
    Application,
    ApplicationFile,
    ApplicationVersion,
    Call,
    Message,
    Question,
)
from cohorte.notifications.models import OutboxMessage
from cohorte.selection.models import Decision
from tests.calls.conftest import (
    CLOSES,
    DURING,
    EXECUTABLE,
    OPENS,
    complete_data,
    make_pdf,
    second_round,
    upload,
)
from tests.factories import ExpertiseFactory, UserFactory

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)


def state(application) -> dict:
    """Everything a refused action must leave unchanged."""
    application = Application.objects.get(pk=application.pk)
    return {
        "row": {
            f.attname: getattr(application, f.attname) for f in Application._meta.concrete_fields
        },
        "choices": list(application.choices.values_list("rank", "challenge_id", "profile_id")),
        "files": list(application.files.values_list("pk", "is_current", "sha256")),
        "versions": list(application.versions.values_list("number", flat=True)),
        "audit": ActivityLog.objects.count(),
        "outbox": OutboxMessage.objects.count(),
    }


def actions(application) -> list[str]:
    return list(
        ActivityLog.objects.filter(object_id=str(application.pk), content_type__model="application")
        .order_by("pk")
        .values_list("action", flat=True)
    )


# --- Starting and saving a draft -----------------------------------------------------


def test_start_creates_one_draft_and_records_it(fixed_call, candidate):
    first = applications.start(fixed_call, candidate, now=DURING)
    again = applications.start(fixed_call, candidate, now=DURING)
    assert first.pk == again.pk
    assert first.status == Application.Status.DRAFT
    assert first.round is None
    assert actions(first) == ["application.created"]


def test_start_before_opening_says_when_it_opens(fixed_call, candidate):
    with pytest.raises(WindowClosed) as refused:
        applications.start(fixed_call, candidate, now=OPENS - SECOND)
    assert refused.value.message == (
        "L'appel ouvre le 1er mai 2026 à 9 h 00, heure de Paris : vous pourrez candidater à "
        "partir de cette date."
    )
    assert not Application.objects.exists()


def test_start_after_closing_is_refused(fixed_call, candidate):
    with pytest.raises(WindowClosed) as refused:
        applications.start(fixed_call, candidate, now=CLOSES)
    assert refused.value.message == (
        "L'appel a fermé le 7 juin 2026 à 23 h 00, heure de Paris : il n'est plus possible "
        "de candidater."
    )


def test_save_draft_stores_everything_and_bumps_the_revision(draft):
    saved = applications.save_draft(
        draft, complete_data(draft.call), 0, draft.candidate, now=DURING
    )
    assert saved.revision == 1
    assert saved.first_name == "Camille"
    assert saved.phone == "06 12 34 56 78"
    assert saved.gender == "woman"
    assert saved.publication_consent is True
    assert len(saved.statements) == 3
    assert saved.choices.count() == 1
    cv = saved.files.get()
    assert (cv.kind, cv.original_name, cv.is_current) == ("cv", "Mon CV.pdf", True)
    assert cv.file.name.startswith(f"applications/{draft.call_id}/")
    assert cv.file.name.endswith(".pdf") and "Mon CV" not in cv.file.name
    assert actions(draft) == ["application.file_added"]
    entry = ActivityLog.objects.get(action="application.file_added")
    assert entry.data == {
        "file": cv.pk, "kind": "cv", "question": None, "size": cv.size, "pages": 2,
        "sha256": cv.sha256,
    }  # fmt: skip


def test_saving_the_same_data_changes_nothing(draft):
    data = complete_data(draft.call, cv=False)
    applications.save_draft(draft, data, 0, draft.candidate, now=DURING)
    again = applications.save_draft(draft, data, 1, draft.candidate, now=DURING)
    assert again.revision == 1


def test_crlf_line_breaks_count_as_one_character(draft):
    question = draft.call.questions.first()
    question.max_length = 5
    question.save()
    saved = applications.save_draft(
        draft, {"answers": {str(question.pk): "ab\r\ncd"}}, 0, draft.candidate, now=DURING
    )
    assert saved.answers[str(question.pk)] == "ab\ncd"


def test_a_stale_revision_is_refused_and_overwrites_nothing(draft):
    applications.save_draft(draft, {"first_name": "Onglet A"}, 0, draft.candidate, now=DURING)
    before = state(draft)
    with pytest.raises(StaleRevision) as refused:
        applications.save_draft(draft, {"first_name": "Onglet B"}, 0, draft.candidate, now=DURING)
    assert refused.value.message == (
        "Votre candidature a été modifiée ailleurs (dans un autre onglet ou une autre fenêtre) "
        "depuis l'ouverture de cette page : pour ne rien écraser, ces modifications n'ont pas "
        "été enregistrées. Copiez les textes à garder, puis rechargez la page."
    )
    assert state(draft) == before
    assert Application.objects.get(pk=draft.pk).first_name == "Onglet A"


def test_someone_else_cannot_save_a_draft(draft):
    before = state(draft)
    with pytest.raises(NotAllowed):
        applications.save_draft(draft, {"first_name": "X"}, 0, UserFactory(), now=DURING)
    assert state(draft) == before


URL_MESSAGE = (
    "« Q » : indiquez une adresse web complète, par exemple https://exemple.fr/mon-projet."
)
BAD_ANSWERS = [
    ("short_text", [], "x" * 11, "« Q » : 10 caractères au maximum (vous en avez écrit 11)."),
    ("url", [], "pas une adresse", URL_MESSAGE),
    ("url", [], "javascript:alert(1)", URL_MESSAGE),
    ("single_choice", ["A", "B"], "C", "« Q » : choisissez une des réponses proposées."),
    ("multiple_choice", ["A", "B"], ["A", "Z"], "« Q » : choisissez parmi les réponses proposées."),
    ("yes_no", [], "peut-être", "« Q » : répondez oui ou non."),
]


@pytest.mark.parametrize(("kind", "options", "value", "message"), BAD_ANSWERS)
def test_bad_answers_are_refused_with_a_message_naming_the_question(
    draft, kind, options, value, message
):
    question = Question.objects.create(
        call=draft.call, label="Q", kind=kind, options=options, max_length=10
    )
    Application.objects.filter(pk=draft.pk).update(answers={str(question.pk): "A"})
    with pytest.raises(applications.PartiallySaved) as refused:
        applications.save_draft(
            draft,
            {"first_name": "Camille", "answers": {str(question.pk): value}},
            0,
            draft.candidate,
            now=DURING,
        )
    assert refused.value.message_dict == {f"q_{question.pk}": [message]}
    saved = Application.objects.get(pk=draft.pk)
    assert saved.first_name == "Camille"  # the rest is saved
    assert saved.answers == {str(question.pk): "A"}  # the faulty answer keeps its stored value
    assert refused.value.application.revision == saved.revision == 1


def test_good_answers_of_every_kind(draft):
    call = draft.call
    questions = {
        kind: Question.objects.create(call=call, label=kind, kind=kind, options=["A", "B"])
        for kind in ("short_text", "url", "single_choice", "multiple_choice", "yes_no")
    }
    values = {
        "short_text": "  court  ",
        "url": "https://exemple.fr/projet",
        "single_choice": "B",
        "multiple_choice": ["B", "A"],
        "yes_no": False,
    }
    saved = applications.save_draft(
        draft,
        {"answers": {str(questions[k].pk): v for k, v in values.items()}},
        0,
        draft.candidate,
        now=DURING,
    )
    assert {k: saved.answers[str(q.pk)] for k, q in questions.items()} == {
        "short_text": "court",
        "url": "https://exemple.fr/projet",
        "single_choice": "B",
        "multiple_choice": ["A", "B"],
        "yes_no": False,
    }


# --- Ranked choices ------------------------------------------------------------------


def _choices(*challenges):
    return [{"challenge": c.pk, "profile": None} for c in challenges]


def test_too_many_choices_are_refused(draft):
    alpha, beta, gamma, delta = draft.call.challenges.order_by("title")
    before = state(draft)
    with pytest.raises(ValidationError) as refused:
        applications.save_draft(
            draft, {"choices": _choices(alpha, beta, gamma, delta)}, 0, draft.candidate, now=DURING
        )
    assert refused.value.message_dict == {
        "choices": ["Vous pouvez faire au plus 3 choix (vous en avez fait 4)."]
    }
    assert state(draft) == before


def test_duplicate_choices_are_refused(draft):
    alpha, beta, *_ = draft.call.challenges.order_by("title")
    before = state(draft)
    with pytest.raises(ValidationError) as refused:
        applications.save_draft(
            draft, {"choices": _choices(alpha, beta, alpha)}, 0, draft.candidate, now=DURING
        )
    assert refused.value.message_dict == {
        "choices": ["Vous avez choisi deux fois « Défi alpha » : chaque choix doit être différent."]
    }
    assert state(draft) == before


def test_a_challenge_not_open_to_the_call_is_refused(draft):
    from tests.factories import ChallengeFactory

    elsewhere = ChallengeFactory()
    with pytest.raises(ValidationError) as refused:
        applications.save_draft(
            draft, {"choices": _choices(elsewhere)}, 0, draft.candidate, now=DURING
        )
    assert refused.value.message_dict == {
        "choices": ["Un de vos choix n'est pas proposé par cet appel."]
    }


def test_choices_are_ranked_in_order_and_replaced(draft):
    alpha, beta, gamma, _ = draft.call.challenges.order_by("title")
    saved = applications.save_draft(
        draft, {"choices": _choices(gamma, alpha)}, 0, draft.candidate, now=DURING
    )
    assert list(saved.choices.values_list("rank", "challenge_id")) == [(1, gamma.pk), (2, alpha.pk)]
    saved = applications.save_draft(
        saved, {"choices": _choices(beta)}, 1, draft.candidate, now=DURING
    )
    assert list(saved.choices.values_list("rank", "challenge_id")) == [(1, beta.pk)]


def test_pairs_of_challenge_and_profile(draft):
    call = draft.call
    call.choice_kind = Call.ChoiceKind.BOTH
    call.save()
    dev, data = ExpertiseFactory(name="Développement"), ExpertiseFactory(name="Data science")
    call.profiles.add(dev, data)
    alpha = call.challenges.get(title="Défi alpha")
    alpha.expertises.add(data)
    saved = applications.save_draft(
        draft, {"choices": [{"challenge": alpha.pk, "profile": data.pk}]}, 0, draft.candidate,
        now=DURING,
    )  # fmt: skip
    assert list(saved.choices.values_list("challenge_id", "profile_id")) == [(alpha.pk, data.pk)]
    with pytest.raises(ValidationError) as refused:
        applications.save_draft(
            saved, {"choices": [{"challenge": alpha.pk, "profile": dev.pk}]}, 1, draft.candidate,
            now=DURING,
        )  # fmt: skip
    assert refused.value.message_dict == {
        "choices": ["Un de vos choix n'est pas proposé par cet appel."]
    }


def test_no_choice_is_asked_when_choices_come_with_a_vote(draft):
    call = draft.call
    call.choice_timing = Call.ChoiceTiming.VOTING
    call.save()
    alpha = call.challenges.first()
    with pytest.raises(ValidationError) as refused:
        applications.save_draft(draft, {"choices": _choices(alpha)}, 0, draft.candidate, now=DURING)
    assert refused.value.message_dict == {
        "choices": [
            "Cet appel ne demande pas de choix dans la candidature : vous choisirez après la "
            "présélection."
        ]
    }
    data = complete_data(call)
    del data["choices"]
    applications.save_draft(draft, data, 0, draft.candidate, now=DURING)
    version = applications.submit(draft, draft.candidate, now=DURING)
    assert version.data["choices"] == []


# --- Files ---------------------------------------------------------------------------


BAD_CVS = [
    (
        EXECUTABLE,
        "Le fichier « cv.pdf » n'est pas un PDF : son contenu ne correspond pas à un document "
        "PDF, quel que soit son nom. Enregistrez votre document au format PDF puis déposez-le "
        "à nouveau.",
    ),
    (
        make_pdf() + b"%" * (10 * 1024 * 1024),
        "Le fichier « cv.pdf » dépasse la taille maximale de 10 Mo.",
    ),
    (
        b"%PDF-1.4 not really",
        "Le fichier « cv.pdf » est un PDF illisible ou endommagé : enregistrez-le à nouveau au "
        "format PDF puis déposez-le.",
    ),
]


@pytest.mark.parametrize(
    ("content", "message"), BAD_CVS, ids=["renamed-executable", "oversized", "unreadable"]
)
def test_a_bad_cv_is_refused_the_rest_saved_the_former_cv_kept(draft, content, message, settings):
    draft = applications.save_draft(
        draft, {"files": {"cv": upload("v1.pdf", pages=1)}}, 0, draft.candidate, now=DURING
    )
    files = list(draft.files.values_list("pk", "is_current", "sha256"))
    with pytest.raises(applications.PartiallySaved) as refused:
        applications.save_draft(
            draft,
            {"first_name": "Camille", "files": {"cv": upload("cv.pdf", content)}},
            1,
            draft.candidate,
            now=DURING,
        )
    assert refused.value.message_dict == {"cv": [message]}
    saved = Application.objects.get(pk=draft.pk)
    assert saved.first_name == "Camille" and saved.revision == 2
    assert list(saved.files.values_list("pk", "is_current", "sha256")) == files
    assert len(list((settings.MEDIA_ROOT / "applications").rglob("*.pdf"))) == 1


def test_a_replaced_file_is_kept_as_not_current(draft):
    first = applications.save_draft(
        draft, {"files": {"cv": upload("v1.pdf", pages=1)}}, 0, draft.candidate, now=DURING
    )
    second = applications.save_draft(
        first, {"files": {"cv": upload("v2.pdf", pages=2)}}, 1, draft.candidate, now=DURING
    )
    rows = list(second.files.order_by("pk").values_list("original_name", "is_current"))
    assert rows == [("v1.pdf", False), ("v2.pdf", True)]
    same = applications.save_draft(
        second, {"files": {"cv": upload("v2 bis.pdf", pages=2)}}, 2, draft.candidate, now=DURING
    )
    assert same.revision == 2  # the same content again: nothing new
    assert second.files.count() == 2


def test_file_questions_and_portfolio(draft):
    call = draft.call
    question = Question.objects.create(call=call, label="Lettre", kind=Question.Kind.FILE)
    saved = applications.save_draft(
        draft,
        {"files": {f"q_{question.pk}": upload("lettre.pdf"), "portfolio": upload("pf.pdf")}},
        0,
        draft.candidate,
        now=DURING,
    )
    kinds = sorted(saved.files.values_list("kind", "question_id"))
    assert kinds == [("answer", question.pk), ("portfolio", None)]
    saved.call.portfolio_enabled = False
    saved.call.save()
    with pytest.raises(ValidationError) as refused:
        applications.save_draft(
            saved, {"files": {"portfolio": upload("pf.pdf")}}, 1, draft.candidate, now=DURING
        )
    assert refused.value.message_dict == {"portfolio": ["Cet appel ne demande pas de portfolio."]}


# --- Submission ----------------------------------------------------------------------


def test_an_incomplete_application_is_not_submitted(draft):
    call = draft.call
    before = state(draft)
    with pytest.raises(ValidationError) as refused:
        applications.submit(draft, draft.candidate, now=DURING)
    q1, q2 = call.questions.all()
    assert refused.value.message_dict == {
        "first_name": ["Indiquez votre prénom."],
        "last_name": ["Indiquez votre nom."],
        f"q_{q1.pk}": ["« Votre expérience » : cette question est obligatoire."],
        f"q_{q2.pk}": ["« Votre motivation » : cette question est obligatoire."],
        "cv": ["Joignez votre CV au format PDF."],
        "choices": ["Choisissez au moins un défi."],
        "statements": [
            "Cochez toutes les déclarations sur l'honneur pour déposer votre candidature."
        ],
    }
    assert state(draft) == before


def test_submit_makes_a_version_a_receipt_and_an_email(draft):
    applications.save_draft(draft, complete_data(draft.call), 0, draft.candidate, now=DURING)
    moment = datetime.datetime(2026, 6, 7, 22, 59, 58, tzinfo=CLOSES.tzinfo)
    version = applications.submit(draft, draft.candidate, now=moment)
    draft.refresh_from_db()
    assert draft.status == Application.Status.SUBMITTED
    assert draft.submitted_at == moment == draft.first_submitted_at
    assert draft.version == version.number == 1
    assert draft.round == draft.call.rounds.get()
    assert version.submitted_at == moment
    assert version.data["first_name"] == "Camille"
    assert version.data["revision"] == draft.revision
    assert [c["challenge"]["title"] for c in version.data["choices"]] == ["Défi alpha"]
    assert [f["original_name"] for f in version.data["files"]] == ["Mon CV.pdf"]
    assert [a["label"] for a in version.data["answers"]] == ["Votre expérience", "Votre motivation"]
    entry = ActivityLog.objects.get(action="application.submitted")
    assert entry.actor == draft.candidate
    assert entry.data == {
        "version": 1, "round": draft.round_id, "submitted_at": "2026-06-07T22:59:58+02:00"
    }  # fmt: skip
    email = OutboxMessage.objects.get()
    assert email.to == ["camille@example.org"]
    assert email.subject == "Candidature reçue : Appel EIG 2026"
    assert "le 7 juin 2026 à 22 h 59 min 58 s (heure de Paris, horodatage du serveur)" in email.body
    assert "jusqu'au 7 juin 2026 à 23 h 00, heure de Paris" in email.body
    assert "/appels/" in email.body and "/candidature/" in email.body
    assert not drafts.has_unsubmitted_changes(draft)


def test_resubmission_keeps_every_version(draft):
    applications.save_draft(draft, complete_data(draft.call), 0, draft.candidate, now=DURING)
    applications.submit(draft, draft.candidate, now=DURING)
    draft.refresh_from_db()
    applications.save_draft(
        draft, {"first_name": "Camille-Anne"}, draft.revision, draft.candidate, now=DURING
    )
    draft.refresh_from_db()
    assert drafts.has_unsubmitted_changes(draft)
    later = DURING + datetime.timedelta(days=1)
    applications.submit(draft, draft.candidate, now=later)
    draft.refresh_from_db()
    assert draft.version == 2
    assert draft.first_submitted_at == DURING
    assert draft.submitted_at == later
    names = list(
        ApplicationVersion.objects.order_by("number").values_list("number", "data__first_name")
    )
    assert names == [(1, "Camille"), (2, "Camille-Anne")]
    assert actions(draft).count("application.submitted") == 2
    assert OutboxMessage.objects.count() == 2


def test_a_submission_one_second_after_the_deadline_is_refused(draft):
    applications.save_draft(draft, complete_data(draft.call), 0, draft.candidate, now=DURING)
    before = state(draft)
    with pytest.raises(WindowClosed) as refused:
        applications.submit(draft, draft.candidate, now=CLOSES + SECOND)
    assert refused.value.message == (
        "L'appel a fermé le 7 juin 2026 à 23 h 00, heure de Paris : votre candidature n'a pas "
        "pu être déposée."
    )
    assert state(draft) == before


def test_a_submission_at_the_closing_instant_is_refused(draft):
    applications.save_draft(draft, complete_data(draft.call), 0, draft.candidate, now=DURING)
    with pytest.raises(WindowClosed):
        applications.submit(draft, draft.candidate, now=CLOSES)
    assert applications.submit(draft, draft.candidate, now=CLOSES - SECOND).number == 1


def test_save_and_submit_late_says_the_submission_failed(draft):
    before = state(draft)
    with pytest.raises(WindowClosed) as refused:
        applications.save_and_submit(
            draft, complete_data(draft.call), 0, draft.candidate, now=CLOSES + SECOND
        )
    assert refused.value.message.endswith("votre candidature n'a pas pu être déposée.")
    assert state(draft) == before


def test_edits_after_the_deadline_are_refused(draft):
    before = state(draft)
    with pytest.raises(WindowClosed) as refused:
        applications.save_draft(draft, {"first_name": "Tard"}, 0, draft.candidate, now=CLOSES)
    assert refused.value.message == (
        "L'appel a fermé le 7 juin 2026 à 23 h 00, heure de Paris : votre candidature ne peut "
        "plus être modifiée."
    )
    assert state(draft) == before


def test_an_application_keeps_the_round_of_its_first_submission(draft):
    call = draft.call
    session_2 = second_round(call)
    session_1 = call.rounds.get(name="Session 1")
    early = datetime.datetime(2026, 5, 10, 12, 0, tzinfo=CLOSES.tzinfo)
    applications.save_draft(draft, complete_data(call), 0, draft.candidate, now=early)
    applications.submit(draft, draft.candidate, now=early)
    draft.refresh_from_db()
    assert draft.round == session_1
    during_2 = datetime.datetime(2026, 5, 25, 12, 0, tzinfo=CLOSES.tzinfo)
    with pytest.raises(WindowClosed) as refused:
        applications.submit(draft, draft.candidate, now=during_2)
    assert refused.value.message == (
        "La session « Session 1 » a fermé le 15 mai 2026 à 23 h 00, heure de Paris : votre "
        "candidature n'a pas pu être déposée."
    )
    other = applications.start(call, UserFactory(), now=during_2)
    applications.save_draft(other, complete_data(call), 0, other.candidate, now=during_2)
    applications.submit(other, other.candidate, now=during_2)
    other.refresh_from_db()
    assert other.round == session_2


def test_between_two_rounds_a_draft_waits_for_the_next(draft):
    second_round(draft.call)
    between = datetime.datetime(2026, 5, 17, 12, 0, tzinfo=CLOSES.tzinfo)
    with pytest.raises(WindowClosed) as refused:
        applications.save_draft(draft, {"first_name": "X"}, 0, draft.candidate, now=between)
    assert refused.value.message == (
        "La session « Session 2 » ouvre le 20 mai 2026 à 9 h 00, heure de Paris : vous pourrez "
        "déposer votre candidature à partir de cette date."
    )


# --- Withdrawal ----------------------------------------------------------------------


def test_withdraw_records_and_notifies(draft):
    applications.withdraw(draft, draft.candidate, now=DURING)
    draft.refresh_from_db()
    assert draft.status == Application.Status.WITHDRAWN
    assert draft.withdrawn_at == DURING
    entry = ActivityLog.objects.get(action="application.withdrawn")
    assert entry.data == {"previous_status": "draft"}
    email = OutboxMessage.objects.get()
    assert email.subject == "Candidature retirée : Appel EIG 2026"
    assert "depuis le 1er juin 2026 à 12 h 00, heure de Paris" in email.body
    with pytest.raises(ApplicationError) as refused:
        applications.withdraw(draft, draft.candidate, now=DURING)
    assert refused.value.message == "Cette candidature est déjà retirée."


def test_withdraw_is_refused_once_a_decision_is_sent(draft):
    Decision.objects.create(application=draft, outcome="not_selected", status=Decision.Status.SENT)
    before = state(draft)
    with pytest.raises(ApplicationError) as refused:
        applications.withdraw(draft, draft.candidate, now=DURING)
    assert refused.value.message == (
        "Une décision vous a déjà été communiquée : la candidature ne peut plus être retirée."
    )
    assert state(draft) == before


def test_a_withdrawn_application_cannot_be_edited(draft):
    applications.withdraw(draft, draft.candidate, now=DURING)
    with pytest.raises(WindowClosed) as refused:
        applications.save_draft(draft, {"first_name": "X"}, 1, draft.candidate, now=DURING)
    assert refused.value.message == (
        "Vous avez retiré cette candidature : elle ne peut plus être modifiée."
    )


# --- Requests for more information ---------------------------------------------------


def test_answer_an_info_request(draft):
    team_member = UserFactory(username="equipe", email="equipe@example.org")
    request = Message.objects.create(
        application=draft, author=team_member, from_team=True, kind=Message.Kind.INFO_REQUEST,
        body="Pouvez-vous préciser votre disponibilité ?",
    )  # fmt: skip
    answer = applications.answer_info_request(
        request, "Dès septembre.", draft.candidate, now=DURING
    )
    request.refresh_from_db()
    assert request.answered_at == DURING
    assert (answer.from_team, answer.body, answer.author) == (
        False,
        "Dès septembre.",
        draft.candidate,
    )
    entry = ActivityLog.objects.get(action="application.info_answered")
    assert entry.data == {"request": request.pk, "answer": answer.pk}
    email = OutboxMessage.objects.get()
    assert email.to == ["equipe@example.org"]
    assert email.subject == "Réponse à votre demande de complément — Appel EIG 2026"
    before = state(draft)
    with pytest.raises(ApplicationError) as refused:
        applications.answer_info_request(request, "Encore", draft.candidate, now=DURING)
    assert refused.value.message == "Vous avez déjà répondu à cette demande."
    assert state(draft) == before


def test_an_empty_answer_or_another_candidate_is_refused(draft):
    request = Message.objects.create(
        application=draft, from_team=True, kind=Message.Kind.INFO_REQUEST, body="?"
    )
    with pytest.raises(ValidationError) as refused:
        applications.answer_info_request(request, "   ", draft.candidate)
    assert refused.value.message_dict == {"body": ["Écrivez votre réponse avant de l'envoyer."]}
    with pytest.raises(NotAllowed):
        applications.answer_info_request(request, "Bonjour", UserFactory())
    assert Message.objects.count() == 1
    assert not ActivityLog.objects.filter(action="application.info_answered").exists()


def test_files_rows_survive_only_in_storage_names(draft):
    saved = applications.save_draft(
        draft, {"files": {"cv": upload()}}, 0, draft.candidate, now=DURING
    )
    row = ApplicationFile.objects.get(application=saved)
    assert row.sha256 and row.size > 0 and row.content_type == "application/pdf"


def test_save_and_submit_saves_and_submits_under_one_lock(draft, monkeypatch):
    taken = []
    real_locked = applications._locked

    def counted(*args, **kwargs):
        taken.append(args[0].pk)
        return real_locked(*args, **kwargs)

    monkeypatch.setattr(applications, "_locked", counted)
    version = applications.save_and_submit(
        draft, complete_data(draft.call), 0, draft.candidate, now=DURING
    )
    assert taken == [draft.pk]
    assert (version.number, draft.version, draft.status) == (1, 1, Application.Status.SUBMITTED)
    stored = Application.objects.get(pk=draft.pk)
    # The saved edits and the submission are one row write: a revision each, as before.
    assert (stored.first_name, stored.revision, stored.version) == ("Camille", 2, 1)
    assert actions(draft).count("application.submitted") == 1


def test_save_and_submit_of_an_incomplete_form_keeps_the_saved_draft(draft):
    data = complete_data(draft.call)
    data["statements"] = []  # an honour statement left unticked
    with pytest.raises(ValidationError) as refused:
        applications.save_and_submit(draft, data, 0, draft.candidate, now=DURING)
    assert refused.value.message_dict == {
        "statements": [
            "Cochez toutes les déclarations sur l'honneur pour déposer votre candidature."
        ]
    }
    stored = Application.objects.get(pk=draft.pk)
    assert (stored.first_name, stored.revision, stored.version) == ("Camille", 1, 0)
    assert (stored.status, stored.files.filter(is_current=True).count()) == ("draft", 1)
    assert "application.submitted" not in actions(draft)
    assert OutboxMessage.objects.count() == 0
