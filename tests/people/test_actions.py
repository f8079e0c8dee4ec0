"""Opening an action on a défi: who may own it, what is refused, its log and e-mail."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cohorte.audit.models import ActivityLog
from cohorte.followup.actions import open_action
from cohorte.followup.models import Action
from cohorte.notifications.models import OutboxMessage
from tests.cohort_world import build_cohort_world

pytestmark = pytest.mark.django_db
DUE = datetime.date(2027, 3, 1)


def test_an_action_owned_by_a_fellow_is_logged_and_emailed_to_them():
    world = build_cohort_world()
    owner, team = world.users["fellow"], world.users["team"]
    action = open_action(world.first, "  Demander l'accès aux données  ", owner, DUE, team)
    assert (action.title, action.owner, action.due_on, action.done_on) == (
        "Demander l'accès aux données",
        owner,
        DUE,
        None,
    )
    entry = ActivityLog.objects.get(action="followup.action_opened")
    assert (entry.actor, entry.object_id) == (team, str(action.pk))
    assert entry.data == {"challenge": world.first.pk, "owner": owner.pk, "due_on": "2027-03-01"}
    message = OutboxMessage.objects.get()
    assert message.to == [owner.email]
    assert message.subject == "Nouvelle action pour le défi « Données de santé »"


@pytest.mark.parametrize("owner", ["mentor", "team", "link"])
def test_mentors_and_who_runs_the_cohort_may_own_an_action(owner):
    world = build_cohort_world()
    open_action(world.first, "Relire", world.users[owner], DUE, world.users["fellow"])
    assert Action.objects.filter(owner=world.users[owner]).count() == 1


@pytest.mark.parametrize("owner", ["other_fellow", "senior_mentor", "hr", "stranger"])
def test_an_action_for_someone_outside_the_defi_is_refused(owner):
    world = build_cohort_world()
    with pytest.raises(ValidationError) as error:
        open_action(world.first, "Relire", world.users[owner], DUE, world.users["team"])
    assert error.value.messages == [
        "Le ou la responsable doit faire partie de l'équipe du défi ou du programme."
    ]
    assert not Action.objects.exists() and not OutboxMessage.objects.exists()


@pytest.mark.parametrize(
    ("title", "due", "message"),
    [
        ("   ", DUE, "Décrivez l'action."),
        ("x" * 301, DUE, "L'action dépasse 300 caractères."),
        ("Relire", None, "Indiquez l'échéance de l'action."),
    ],
)
def test_bad_actions_are_refused_with_a_clear_message(title, due, message):
    world = build_cohort_world()
    with pytest.raises(ValidationError) as error:
        open_action(world.first, title, world.users["fellow"], due, world.users["team"])
    assert error.value.messages == [message]
    assert not Action.objects.exists() and not ActivityLog.objects.exists()
