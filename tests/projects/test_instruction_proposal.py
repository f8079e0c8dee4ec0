"""The proposal page of the pre-instruction: reading it whole, screening, reviewing, declaring a
conflict, asking the administration, questions for the jury, private notes, the shortlist and
files; each bad input answered with a French message and nothing changed."""

import pytest
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from cohorte.projects.models import ProposalMessage, ProposalNote, ProposalVersion
from cohorte.projects.proposals import snapshot
from cohorte.reviews.models import Conflict, Review
from tests.factories import ExpertiseFactory
from tests.projects.instruction_helpers import actions, add_file, full_scores

pytestmark = pytest.mark.django_db


def url(name, proposal, *args):
    return reverse(f"instruction:{name}", args=[proposal.pk, *args])


def page(response) -> str:
    return response.content.decode()


def test_the_whole_proposal_is_readable(project_world, client):
    from django.utils import timezone

    proposal = project_world.proposal
    ExpertiseFactory(name="Développement", slug="developpement")
    pitch = add_file(proposal, name="pitch-fraudes.pdf")
    old = add_file(proposal, name="ancien-pitch.pdf", is_current=False)
    # What the administration submitted: readers read this version (the snapshot of submit).
    ProposalVersion.objects.create(
        proposal=proposal, number=1, submitted_at=timezone.now(), data=snapshot(proposal),
        submitted_by=project_world.admin_user,
    )  # fmt: skip
    client.force_login(project_world.preinstructor)
    text = page(client.get(url("proposal", proposal)))
    for expected in [
        "Direction du numérique",  # administrative part
        "20 avenue de Ségur, 75007 Paris",
        "Coût employeur total d’un EIG".replace("’", "&#x27;"),
        "62\u202f000",
        "hr@interieur.gouv.fr",  # contacts
        "Contexte et problématique à résoudre : texte de la rubrique.",  # sections
        "sur 1500",
        "Développement",  # fellows' profiles by name
        "Construire le service.",
        "Base des dossiers",  # datasets
        "accessible et exploitable",
        "Cheffe de projet",  # project team
        "Les EIG pourront travailler hors les murs.",  # commitments
        "De 37\u202f200 € à 42\u202f600 € pour 2 EIG",  # estimate
        url("proposal_file", proposal, pitch.pk),  # files, through the checked view
        url("proposal_file", proposal, old.pk),
        "Version 1, déposée le",  # versions
    ]:
        assert expected in text, expected
    # The team's parts are not the pre-instructor's.
    assert 'id="examen"' not in text and 'id="notes"' not in text


def test_files_are_served_as_attachments_to_reviewers(project_world, client):
    file = add_file(project_world.proposal, name="pitch.pdf")
    client.force_login(project_world.preinstructor)
    response = client.get(url("proposal_file", project_world.proposal, file.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_missing_stored_file_is_404(project_world, client):
    file = add_file(project_world.proposal)
    file.file.storage.delete(file.file.name)
    client.force_login(project_world.team)
    assert client.get(url("proposal_file", project_world.proposal, file.pk)).status_code == 404


# --- Screening and shortlist --------------------------------------------------------------


def test_the_team_screens_with_a_reason(project_world, client):
    proposal = project_world.proposal
    client.force_login(project_world.team)
    response = client.post(
        url("proposal_screening", proposal),
        {"step": "eligibility", "eligibility-value": "ineligible",
         "eligibility-reason": "Pas une administration d'État."},
    )  # fmt: skip
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.eligibility == "ineligible"
    assert ActivityLog.objects.get().data["reason"] == "Pas une administration d'État."
    assert "Dernier motif : Pas une administration d" in page(client.get(url("proposal", proposal)))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"step": "eligibility", "eligibility-value": "peut-être"}, "Valeur d&#x27;éligibilité"),
        ({"step": "completeness"}, "Choisissez une valeur."),
        ({"step": "eligibility", "eligibility-value": "eligible",
          "eligibility-reason": "x" * 1001}, "au plus 1000 caractères"),
    ],
)  # fmt: skip
def test_bad_screening_is_refused_with_a_message(project_world, client, data, message):
    client.force_login(project_world.team)
    response = client.post(url("proposal_screening", project_world.proposal), data)
    assert response.status_code == 400
    assert message in page(response)
    project_world.proposal.refresh_from_db()
    assert project_world.proposal.eligibility == project_world.proposal.completeness == "pending"
    assert not ActivityLog.objects.exists()


def test_an_unknown_step_changes_nothing(project_world, client):
    client.force_login(project_world.team)
    response = client.post(
        url("proposal_screening", project_world.proposal), {"step": "budget"}, follow=True
    )
    assert "Étape d&#x27;examen inconnue : rien n&#x27;a été modifié." in page(response)
    assert not ActivityLog.objects.exists()


def test_shortlisting_an_ineligible_proposal_is_refused_clearly(project_world, client):
    proposal = project_world.proposal
    proposal.eligibility, proposal.completeness = "ineligible", "complete"
    proposal.save()
    client.force_login(project_world.team)
    response = client.post(url("proposal_shortlist", proposal), follow=True)
    assert (
        "Détecter les fraudes : présélection impossible, la proposition n&#x27;est pas encore "
        "marquée éligible." in page(response)
    )
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    assert not OutboxMessage.objects.exists()


def test_shortlist_then_take_off_from_the_page(project_world, client):
    proposal = project_world.proposal
    proposal.eligibility, proposal.completeness = "eligible", "complete"
    proposal.save()
    client.force_login(project_world.team)
    response = client.post(url("proposal_shortlist", proposal), follow=True)
    assert "Proposition retenue pour le jury des défis" in page(response)
    assert "Retirer de la liste pour le jury" in page(response)
    response = client.post(url("proposal_shortlist", proposal), {"undo": "1"}, follow=True)
    assert "n&#x27;est plus retenue pour le jury" in page(response)
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    assert actions(proposal) == ["proposal.shortlisted", "proposal.unshortlisted"]
    assert OutboxMessage.objects.count() == 2


# --- Reviews and conflicts ----------------------------------------------------------------


def _review_data(call, **overrides):
    return {**full_scores(call), "comment": "Besoin clair.", "recommendation": "yes", **overrides}


def test_a_preinstructor_reviews_then_updates(project_world, client):
    proposal, call = project_world.proposal, project_world.call
    client.force_login(project_world.preinstructor)
    response = client.post(url("proposal_review", proposal), _review_data(call), follow=True)
    assert "Votre évaluation est enregistrée." in page(response)
    review = Review.objects.get(proposal=proposal)
    assert (review.total, review.recommendation, review.stage) == (15, "yes", "preselection")
    response = client.post(
        url("proposal_review", proposal),
        _review_data(call, **{f"score-{call.grid.criteria.first().pk}": "4"}),
        follow=True,
    )
    assert "Votre évaluation est mise à jour." in page(response)
    assert Review.objects.get(proposal=proposal).total == 16
    assert actions(proposal) == ["review.submitted", "review.updated"]


def _first(call):
    return call.grid.criteria.first()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: {f"score-{_first(c).pk}": "5"}, "doit être comprise entre 1 et 4"),
        (lambda c: {f"score-{_first(c).pk}": "0"}, "doit être comprise entre 1 et 4"),
        (lambda c: {f"score-{_first(c).pk}": ""}, "Donnez une note pour"),
        (lambda c: {f"score-{_first(c).pk}": "2.5"}, "doit être un nombre entier"),
        (lambda c: {"comment": "x" * 5001}, "Le commentaire dépasse 5000 caractères."),
        (lambda c: {"recommendation": "peut-être"}, "Choisissez un avis"),
    ],
)
def test_bad_reviews_are_refused_and_the_typed_values_kept(project_world, client, change, message):
    proposal, call = project_world.proposal, project_world.call
    client.force_login(project_world.preinstructor)
    response = client.post(url("proposal_review", proposal), _review_data(call, **change(call)))
    assert response.status_code == 400
    assert message in page(response)
    assert "L’évaluation n’est pas enregistrée" in page(response)
    assert response.context["values"]["comment"] in ("Besoin clair.", "x" * 5001)
    assert not Review.objects.exists()
    assert not ActivityLog.objects.exists()


def test_others_reviews_follow_the_calls_visibility_rule(project_world, client):
    proposal, call = project_world.proposal, project_world.call
    Review.objects.create(
        proposal=proposal, reviewer=project_world.team, stage="preselection", total=17,
        scores={}, comment="Avis de l'équipe très détaillé", recommendation="yes",
    )  # fmt: skip
    client.force_login(project_world.preinstructor)
    text = page(client.get(url("proposal", proposal)))
    assert "Avis de l" not in text
    assert "Vous verrez les évaluations des autres après avoir enregistré la vôtre." in text
    client.post(url("proposal_review", proposal), _review_data(call))
    text = page(client.get(url("proposal", proposal)))
    assert "Avis de l&#x27;équipe très détaillé" in text
    assert "Moyenne : 16,0 / 20" in text


def test_declaring_a_conflict_hides_the_proposal_for_good(project_world, client):
    proposal, call = project_world.proposal, project_world.call
    client.force_login(project_world.preinstructor)
    client.post(url("proposal_review", proposal), _review_data(call))
    response = client.get(url("proposal_conflict", proposal))
    assert "Déclarer un conflit d’intérêts" in page(response)
    response = client.post(url("proposal_conflict", proposal), {"reason": "Ancien collègue"})
    assert response.status_code == 302
    assert response["Location"] == reverse("instruction:call", args=[call.pk])
    conflict = Conflict.objects.get(proposal=proposal)
    assert (conflict.reviewer, conflict.reason) == (project_world.preinstructor, "Ancien collègue")
    assert not Review.objects.filter(proposal=proposal).exists()  # its scores no longer count
    assert "conflict.declared" in actions(proposal)
    assert client.get(url("proposal", proposal)).status_code == 404
    listed = client.get(reverse("instruction:call", args=[call.pk])).context["rows"]
    assert proposal not in [row["proposal"] for row in listed]


def test_a_too_long_conflict_reason_is_refused(project_world, client):
    client.force_login(project_world.preinstructor)
    response = client.post(url("proposal_conflict", project_world.proposal), {"reason": "x" * 301})
    assert response.status_code == 400
    assert "Le motif dépasse 300 caractères." in page(response)
    assert not Conflict.objects.exists()


# --- Questions to the administration, for the jury, private notes --------------------------


def test_a_question_to_the_administration_is_sent_and_its_answer_shown(project_world, client):
    from cohorte.projects import thread

    proposal = project_world.proposal
    client.force_login(project_world.preinstructor)
    response = client.post(
        url("proposal_question", proposal), {"body": "Quel budget ?"}, follow=True
    )
    assert "Question envoyée à l&#x27;administration" in page(response)
    question = ProposalMessage.objects.get()
    assert (question.from_team, question.is_question, question.body) == (
        True, True, "Quel budget ?",
    )  # fmt: skip
    assert "proposal.question_asked" in actions(proposal)
    [mail] = OutboxMessage.objects.all()
    assert mail.to == ["admin.user@interieur.gouv.fr"]
    thread.reply(proposal, "Deux cent mille euros.", project_world.admin_user)
    text = page(client.get(url("proposal", proposal)))
    assert "Deux cent mille euros." in text
    assert "réponse reçue" in text


@pytest.mark.parametrize(
    ("body", "message"),
    [("   ", "Écrivez votre message avant de l&#x27;envoyer."),
     ("x" * 10_001, "Votre message dépasse 10\u202f000 caractères")],
)  # fmt: skip
def test_a_bad_question_is_refused(project_world, client, body, message):
    client.force_login(project_world.team)
    response = client.post(url("proposal_question", project_world.proposal), {"body": body})
    assert response.status_code == 400
    assert message in page(response)
    assert not ProposalMessage.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_jury_questions_and_private_notes(project_world, client):
    proposal = project_world.proposal
    client.force_login(project_world.preinstructor)
    response = client.post(
        url("proposal_note", proposal),
        {"kind": "jury_question", "body": "Demander le calendrier."},
        follow=True,
    )
    assert "Question pour le jury enregistrée." in page(response)
    assert "Demander le calendrier." in page(response)
    client.force_login(project_world.team)
    client.post(url("proposal_note", proposal), {"kind": "private", "body": "Porteur motivé."})
    assert list(ProposalNote.objects.order_by("id").values_list("kind", "body")) == [
        ("jury_question", "Demander le calendrier."),
        ("private", "Porteur motivé."),
    ]
    assert "Porteur motivé." in page(client.get(url("proposal", proposal)))
    client.force_login(project_world.preinstructor)
    text = page(client.get(url("proposal", proposal)))
    assert "Porteur motivé." not in text and "Demander le calendrier." in text


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"kind": "jury_question", "body": ""}, 400, "La question est vide"),
        ({"kind": "private", "body": "x" * 10_001}, 400, "Le texte est trop long"),
        ({"kind": "juror_comment", "body": "Bien."}, 302, "Type de note inconnu"),
    ],
)
def test_bad_notes_are_refused_with_a_message(project_world, client, data, status, message):
    client.force_login(project_world.team)
    response = client.post(url("proposal_note", project_world.proposal), data)
    assert response.status_code == status
    if status == 302:
        response = client.get(response["Location"])
    assert message in page(response)
    assert not ProposalNote.objects.exists()


def test_the_team_reads_the_proposals_journal_in_words(project_world, client):
    from django.urls import reverse

    from cohorte.calls import screening

    screening.set_eligibility(project_world.proposal, "eligible", project_world.team, "Vérifié")
    client.force_login(project_world.team)
    page = client.get(reverse("instruction:proposal", args=[project_world.proposal.pk]))
    journal = page.content.decode().split('id="journal"')[1]
    assert "Éligibilité : éligible" in journal
    assert "motif : Vérifié" in journal
    client.force_login(project_world.preinstructor)
    page = client.get(reverse("instruction:proposal", args=[project_world.proposal.pk]))
    assert 'id="journal"' not in page.content.decode()


def test_the_team_is_warned_of_an_implausible_cost(project_world, client):
    from django.urls import reverse

    proposal = project_world.proposal
    proposal.data = dict(proposal.data, employer_costs={"junior": 62000, "senior": 5800000000})
    proposal.save(update_fields=["data"])
    client.force_login(project_world.team)
    text = client.get(reverse("instruction:proposal", args=[proposal.pk])).content.decode()
    assert "Montant à vérifier" in text
    assert "Plus de 5 ans d&#x27;expérience : 5\u202f800\u202f000\u202f000 €" in text
