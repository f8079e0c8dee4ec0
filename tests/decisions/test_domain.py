"""Decisions: staged by the team, validated by the director, sent; each step audited."""

import datetime

import pytest
from django.utils import timezone

from cohorte.audit.models import ActivityLog
from cohorte.calls.models import Application
from cohorte.notifications.models import EmailTemplate, OutboxMessage
from cohorte.selection import decisions as domain
from cohorte.selection.models import Decision
from tests.decisions.conftest import rank, sent, staged, validated
from tests.factories import (
    ApplicationChoiceFactory,
    ApplicationFactory,
    ChallengeFactory,
    ExpertiseFactory,
)

pytestmark = pytest.mark.django_db


def entries(action):
    return list(ActivityLog.objects.filter(action=action).order_by("id"))


def snapshot():
    """What a refused action must leave untouched."""
    return (
        list(Decision.objects.values_list("pk", "outcome", "challenge", "profile", "status")),
        list(Application.objects.values_list("pk", "status", "decided_at")),
        OutboxMessage.objects.count(),
        ActivityLog.objects.count(),
    )


# Staging ------------------------------------------------------------------------------


def test_staging_a_selection_records_it(world, profile):
    decision = domain.stage_decision(
        world.application, "selected", world.challenge, profile, world.team
    )

    assert (decision.outcome, decision.challenge, decision.profile, decision.status) == (
        "selected",
        world.challenge,
        profile,
        "staged",
    )
    assert decision.staged_by == world.team
    [entry] = entries("decision.staged")
    assert entry.subject == world.application
    assert entry.actor == world.team
    assert entry.data == {
        "decision": decision.pk,
        "outcome": "selected",
        "challenge": world.challenge.pk,
        "profile": profile.pk,
        "previous": None,
    }
    world.application.refresh_from_db()
    assert world.application.status == "submitted"  # the candidate learns nothing yet


def test_restaging_changes_the_decision_and_says_what_it_was(world, profile):
    first = staged(world, profile=profile)
    second = domain.stage_decision(world.application, "not_selected", actor=world.team)

    assert second.pk == first.pk
    assert (second.outcome, second.challenge, second.profile) == ("not_selected", None, None)
    assert entries("decision.staged")[-1].data["previous"] == {
        "outcome": "selected",
        "status": "staged",
    }


def test_restaging_a_validated_decision_needs_a_new_validation(world, profile):
    validated(world, profile=profile)
    decision = domain.stage_decision(world.application, "waiting_list", world.challenge)
    assert (decision.status, decision.validated_by, decision.validated_at) == ("staged", None, None)


@pytest.mark.parametrize(
    ("outcome", "challenge", "message"),
    [
        ("selected", None, "Choisissez le défi de cette décision."),
        ("waiting_list", None, "Choisissez le défi de cette décision."),
        ("maybe", None, "Choisissez une décision."),
    ],
)
def test_incomplete_decisions_are_refused(world, outcome, challenge, message):
    before = snapshot()
    with pytest.raises(domain.DecisionError, match=message):
        domain.stage_decision(world.application, outcome, challenge, None, world.team)
    assert snapshot() == before


def test_a_defi_the_candidate_did_not_choose_is_refused(world):
    before = snapshot()
    with pytest.raises(domain.DecisionError) as error:
        domain.stage_decision(world.application, "selected", world.other_challenge)
    assert str(error.value) == (
        "Le défi « Autre défi » n'est ni un choix du candidat ni un défi que le jury lui a "
        "proposé et qu'il a accepté."
    )
    assert snapshot() == before


def test_a_defi_offered_by_the_jury_counts_once_accepted(world):
    entry = rank(world, world.application, world.other_challenge, 1, offered=True)
    with pytest.raises(domain.DecisionError, match="ni un choix du candidat"):
        domain.stage_decision(world.application, "selected", world.other_challenge)

    entry.accepted = True
    entry.save()
    decision = domain.stage_decision(world.application, "selected", world.other_challenge)
    assert decision.challenge == world.other_challenge


def test_a_candidate_who_chose_only_profiles_may_be_placed_on_any_defi(world, profile):
    world.application.choices.all().delete()
    ApplicationChoiceFactory(application=world.application, challenge=None, profile=profile)
    decision = domain.stage_decision(world.application, "selected", world.other_challenge, profile)
    assert decision.challenge == world.other_challenge


def test_profile_is_required_when_the_call_seeks_profiles(world, profile):
    with pytest.raises(domain.DecisionError, match="Choisissez le profil"):
        domain.stage_decision(world.application, "selected", world.challenge, None)


def test_a_profile_sought_by_neither_the_call_nor_the_defi_is_refused(world, profile):
    stranger = ExpertiseFactory(name="Plomberie")
    with pytest.raises(domain.DecisionError) as error:
        domain.stage_decision(world.application, "selected", world.challenge, stranger)
    assert str(error.value) == (
        "Le profil « Plomberie » n'est recherché ni par l'appel ni par ce défi."
    )


def test_a_profile_sought_by_the_defi_is_accepted(world):
    design = ExpertiseFactory(name="Design")
    world.challenge.expertises.add(design)
    decision = domain.stage_decision(world.application, "selected", world.challenge, design)
    assert decision.profile == design


def test_without_profiles_anywhere_none_is_needed(world):
    decision = domain.stage_decision(world.application, "selected", world.challenge)
    assert decision.profile is None


def test_seats_cannot_be_exceeded(world):
    world.challenge.seats = 1
    world.challenge.save()
    rival = ApplicationFactory(call=world.call, eligibility="eligible", completeness="complete")
    ApplicationChoiceFactory(application=rival, challenge=world.challenge)
    domain.stage_decision(rival, "selected", world.challenge)
    before = snapshot()

    with pytest.raises(domain.DecisionError) as error:
        domain.stage_decision(world.application, "selected", world.challenge)

    assert str(error.value) == (
        "Le défi « Défi choisi » n'a plus de place : 1 retenu·e(s) pour 1 place(s)."
    )
    assert snapshot() == before
    # The waiting list does not take a seat.
    assert domain.stage_decision(world.application, "waiting_list", world.challenge)


def test_changing_ones_own_selection_does_not_count_twice(world):
    world.challenge.seats = 1
    world.challenge.save()
    staged(world)
    assert staged(world).outcome == "selected"


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("withdrawn", "Cette candidature a été retirée : aucune décision possible."),
        ("draft", "Cette candidature n'a pas été déposée : c'est un brouillon."),
        ("not_selected", "La décision sur cette candidature a déjà été envoyée."),
    ],
)
def test_no_decision_on_withdrawn_drafts_or_decided(world, status, message):
    Application.objects.filter(pk=world.application.pk).update(status=status)
    before = snapshot()
    with pytest.raises(domain.DecisionError, match=message):
        staged(world)
    assert snapshot() == before


def test_unstaging_deletes_the_decision(world):
    decision = staged(world)
    assert domain.unstage(decision, world.team) is None
    assert not Decision.objects.exists()
    [entry] = entries("decision.unstaged")
    assert entry.data == {"decision": decision.pk, "outcome": "selected", "status": "staged"}


def test_a_sent_decision_cannot_be_unstaged(world):
    decision = sent(world)
    with pytest.raises(domain.DecisionError, match="Une décision envoyée ne peut plus"):
        domain.unstage(decision, world.team)


# Validation ---------------------------------------------------------------------------


def test_the_director_validates(world):
    decision = staged(world)
    moment = timezone.now()
    domain.validate_decisions([decision], world.director, now=moment)

    decision.refresh_from_db()
    assert (decision.status, decision.validated_by, decision.validated_at) == (
        "validated",
        world.director,
        moment,
    )
    [entry] = entries("decision.validated")
    assert (entry.subject, entry.actor) == (world.application, world.director)
    assert entry.data == {"decision": decision.pk, "outcome": "selected"}


@pytest.mark.parametrize("role", ["team", "mentor", "candidate", "juror"])
def test_only_the_director_validates(world, role):
    decision = staged(world)
    before = snapshot()
    with pytest.raises(domain.DecisionError, match="Seule la direction du programme"):
        domain.validate_decisions([decision], world.roles()[role])
    assert snapshot() == before


def test_validation_is_all_or_nothing(world):
    first = staged(world)
    second = staged(world, application=world.other_application)
    domain.validate_decisions([second], world.director)
    before = snapshot()
    with pytest.raises(domain.DecisionError, match="n'est pas à valider"):
        domain.validate_decisions([first, second], world.director)
    assert snapshot() == before


def test_validation_rechecks_seats_lowered_since_staging(world):
    decision = staged(world)
    rival = ApplicationFactory(call=world.call, eligibility="eligible", completeness="complete")
    ApplicationChoiceFactory(application=rival, challenge=world.challenge)
    other = domain.stage_decision(rival, "selected", world.challenge)
    world.challenge.seats = 1
    world.challenge.save()
    with pytest.raises(domain.DecisionError) as error:
        domain.validate_decisions([decision, other], world.director)
    assert str(error.value) == (
        "Le défi « Défi choisi » a 2 retenu·e(s) pour 1 place(s) : corrigez les décisions "
        "avant de les valider."
    )


def test_a_withdrawal_after_staging_blocks_validation(world):
    decision = staged(world)
    Application.objects.filter(pk=world.application.pk).update(status="withdrawn")
    with pytest.raises(domain.DecisionError, match="a été retirée"):
        domain.validate_decisions([decision], world.director)


# Sending ------------------------------------------------------------------------------


def test_sending_an_unvalidated_decision_is_refused(world):
    decision = staged(world)
    before = snapshot()
    with pytest.raises(domain.DecisionError) as error:
        domain.send_decisions([decision], world.team)
    assert str(error.value) == (
        f"La décision sur {world.application.display_name} n'est pas validée par la direction "
        "du programme (préparée) : rien n'a été envoyé."
    )
    assert snapshot() == before


def test_sending_is_all_or_nothing(world):
    good = validated(world)
    bad = staged(world, application=world.other_application)
    before = snapshot()
    with pytest.raises(domain.DecisionError, match="n'est pas validée"):
        domain.send_decisions([good, bad], world.team)
    assert snapshot() == before


def test_sending_queues_the_email_and_gives_the_outcome(
    world, profile, django_capture_on_commit_callbacks
):
    world.call.announcement_at = datetime.datetime(2020, 7, 15, 8, tzinfo=datetime.UTC)
    world.call.save()
    decision = validated(world, profile=profile)
    moment = timezone.now()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        [message] = domain.send_decisions([decision], world.team, now=moment)

    assert len(callbacks) == 1  # delivery is enqueued once the transaction commits
    decision.refresh_from_db()
    world.application.refresh_from_db()
    assert (decision.status, decision.sent_at) == ("sent", moment)
    assert (world.application.status, world.application.decided_at) == ("selected", moment)
    assert message.to == [world.candidate.email]
    assert message.subject == "Votre candidature est retenue"
    name = world.application.display_name
    assert message.body == (
        f"Bonjour {name},\n\nNous avons le plaisir de vous annoncer que vous êtes retenu·e pour "
        "le défi Défi choisi en tant que Développement.\nCette information reste confidentielle "
        "jusqu'à l'annonce publique du 15 juillet 2020.\n\nL'équipe du programme"
    )
    [entry] = entries("decision.sent")
    assert (entry.subject, entry.actor) == (world.application, world.team)
    assert entry.data == {
        "decision": decision.pk,
        "call": world.call.pk,
        "outcome": "selected",
        "challenge": world.challenge.pk,
        "profile": profile.pk,
        "message": message.pk,
    }


def test_a_decision_is_sent_only_once(world):
    decision = validated(world)
    domain.send_decisions([decision], world.team)
    before = snapshot()
    with pytest.raises(domain.DecisionError, match="n'est pas validée"):
        domain.send_decisions([decision], world.team)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("outcome", "subject", "body"),
    [
        (
            "waiting_list",
            "Votre candidature est sur liste d'attente",
            "Bonjour {name},\n\nVotre candidature à « {call} » est placée sur liste d'attente "
            "pour le défi Défi choisi. Nous reviendrons vers vous si une place se libère.\n\n"
            "L'équipe du programme",
        ),
        (
            "not_selected",
            "Réponse à votre candidature",
            "Bonjour {name},\n\nNous sommes au regret de vous annoncer que votre candidature à "
            "« {call} » n'a pas été retenue. Merci de l'intérêt que vous portez au programme."
            "\n\nL'équipe du programme",
        ),
    ],
)
def test_each_outcome_has_its_email(world, outcome, subject, body):
    decision = validated(world, outcome=outcome)
    [message] = domain.send_decisions([decision], world.team)
    assert message.subject == subject
    assert message.body == body.format(name=world.application.display_name, call=world.call.title)
    world.application.refresh_from_db()
    assert world.application.status == outcome


def test_the_calls_own_template_wins_over_the_general_one(world, settings):
    settings.SITE_URL = "https://eig.example.org"
    EmailTemplate.objects.create(
        key="decision_not_selected", subject="Général", body="Général {candidate_name}"
    )
    EmailTemplate.objects.create(
        key="decision_not_selected",
        call=world.call,
        subject="Réponse : {call_title}",
        body="{candidate_name}|{call_title}|{site_url}",
    )
    decision = validated(world, outcome="not_selected")
    [message] = domain.send_decisions([decision], world.team)
    assert message.subject == f"Réponse : {world.call.title}"
    name = world.application.display_name
    assert message.body == f"{name}|{world.call.title}|https://eig.example.org"


def test_email_values_fill_every_placeholder(world, profile, settings):
    settings.SITE_URL = "https://eig.example.org"
    decision = staged(world, profile=profile)
    assert domain.email_values(decision) == {
        "candidate_name": world.application.display_name,
        "call_title": world.call.title,
        "challenge_title": "Défi choisi",
        "profile": "Développement",
        "announcement_date": "(date à venir)",
        "site_url": "https://eig.example.org",
    }


def test_a_withdrawal_after_validation_blocks_sending(world):
    decision = validated(world)
    Application.objects.filter(pk=world.application.pk).update(status="withdrawn")
    with pytest.raises(domain.DecisionError, match="a été retirée : rien n'a été envoyé"):
        domain.send_decisions([decision], world.team)
    assert not OutboxMessage.objects.exists()


# A waiting list decided again ----------------------------------------------------------


def test_a_waiting_list_may_be_promoted_when_a_seat_frees_up(world):
    decision = sent(world, outcome="waiting_list")
    promoted = domain.stage_decision(world.application, "selected", world.challenge)
    assert (promoted.pk, promoted.status) == (decision.pk, "staged")
    domain.validate_decisions([promoted], world.director)
    [message] = domain.send_decisions([promoted], world.team)
    assert message.subject == "Votre candidature est retenue"
    world.application.refresh_from_db()
    assert world.application.status == "selected"


def test_cancelling_a_promotion_restores_the_waiting_list_as_sent(world):
    decision = sent(world, outcome="waiting_list")
    domain.stage_decision(world.application, "selected", world.challenge, actor=world.team)
    restored = domain.unstage(decision, world.team)
    assert (restored.outcome, restored.challenge, restored.status) == (
        "waiting_list",
        world.challenge,
        "sent",
    )
    assert restored.validated_by == world.director
    assert entries("decision.unstaged")[-1].data["restored"] == "waiting_list"


# Bulk staging ---------------------------------------------------------------------------


def test_the_rest_is_staged_not_selected(world):
    ineligible = ApplicationFactory(call=world.call, eligibility="ineligible")
    ApplicationFactory(call=world.call, status="draft")
    ApplicationFactory(call=world.call, status="withdrawn")
    staged(world)

    decisions = domain.stage_rest_not_selected(world.call, world.team)

    assert sorted(d.application_id for d in decisions) == sorted(
        [world.other_application.pk, ineligible.pk]
    )
    assert {d.outcome for d in decisions} == {"not_selected"}
    assert [e.data.get("source") for e in entries("decision.staged")][-2:] == ["bulk", "bulk"]


def test_proposals_follow_rankings_and_seats(world, profile):
    world.challenge.seats = 1
    world.challenge.save()
    second = ApplicationFactory(call=world.call)
    ApplicationChoiceFactory(application=second, challenge=world.challenge)
    unranked = ApplicationFactory(call=world.call)
    ApplicationChoiceFactory(application=unranked, challenge=world.challenge)
    rank(world, world.application, world.challenge, 1, profile=profile)
    rank(world, second, world.challenge, 2, profile=profile)
    rank(world, world.other_application, world.other_challenge, 1)

    proposals = domain.propose_decisions(world.call)

    assert proposals[world.application.pk].outcome == "selected"
    assert proposals[world.application.pk].challenge == world.challenge.pk
    assert proposals[world.application.pk].profile == profile.pk
    assert proposals[second.pk].outcome == "waiting_list"
    assert proposals[second.pk].challenge == world.challenge.pk
    assert proposals[world.other_application.pk].outcome == "selected"
    assert proposals[unranked.pk].outcome == "not_selected"

    staged_now = domain.stage_proposals(world.call, world.team)
    assert len(staged_now) == 4
    assert {e.data.get("source") for e in entries("decision.staged")} == {"rankings"}
    assert domain.propose_decisions(world.call) == {}


def test_proposals_that_no_longer_fit_stage_nothing(world):
    world.challenge.seats = 0
    world.challenge.save()
    rank(world, world.application, world.challenge, 1)
    # Seats are counted when proposing: none free, so the candidate waits.
    assert domain.propose_decisions(world.call)[world.application.pk].outcome == "waiting_list"


def test_no_rankings_no_proposals(world):
    assert domain.propose_decisions(world.call) == {}
    with pytest.raises(domain.DecisionError, match="Aucune proposition"):
        domain.stage_proposals(world.call, world.team)


def test_a_challenge_without_the_call_is_never_proposed(world):
    stray = ChallengeFactory(cohort=world.call.cohort)
    ApplicationChoiceFactory(application=world.application, rank=2, challenge=stray)
    rank(world, world.application, stray, 1)
    assert domain.propose_decisions(world.call)[world.application.pk].outcome == "not_selected"
