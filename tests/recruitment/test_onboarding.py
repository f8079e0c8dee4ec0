"""The onboarding checklist: the team's steps per cohort, ticked per fellow (issue #11, §1)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cohorte.notifications.models import OutboxMessage
from cohorte.recruitment import onboarding
from cohorte.recruitment.models import OnboardingCheck, OnboardingItem
from tests.factories import CohortFactory

from .conftest import actions

pytestmark = pytest.mark.django_db
DAY = datetime.date(2027, 1, 11)


def labels(cohort):
    return list(cohort.onboarding_items.values_list("label", flat=True))


def test_the_usual_steps_then_one_more_in_order(recruitment):
    cohort, team = recruitment.cohort, recruitment.users["team"]
    assert labels(cohort) == list(onboarding.DEFAULT_ITEMS)
    onboarding.add_item(cohort, "  Adresse   de messagerie ", team)
    assert labels(cohort)[-1] == "Adresse de messagerie"
    assert actions(cohort)[-1] == (
        "recruitment.onboarding_item_added",
        {"item": cohort.onboarding_items.last().pk, "label": "Adresse de messagerie"},
    )


@pytest.mark.parametrize(
    "label, message",
    [
        ("   ", "Nommez l'étape."),
        ("charte SIGNÉE", "Cette étape est déjà dans la liste."),
        ("x" * 121, "Le nom de l'étape dépasse 120 caractères."),
    ],
)
def test_a_bad_step_is_refused_and_nothing_changes(recruitment, label, message):
    before = labels(recruitment.cohort)
    with pytest.raises(ValidationError) as refused:
        onboarding.add_item(recruitment.cohort, label, recruitment.users["team"])
    assert refused.value.messages == [message]
    assert labels(recruitment.cohort) == before


def test_the_usual_steps_only_for_a_cohort_without_any(recruitment):
    with pytest.raises(ValidationError) as refused:
        onboarding.add_default_items(recruitment.cohort, recruitment.users["team"])
    assert refused.value.messages == ["La promotion a déjà ses étapes : ajoutez-les une à une."]
    assert len(labels(recruitment.cohort)) == 5


def test_a_ticked_step_stays_an_unticked_one_goes(recruitment):
    team = recruitment.users["team"]
    first, second = recruitment.cohort.onboarding_items.all()[:2]
    onboarding.set_check(recruitment.fellow, first, True, team, DAY)
    with pytest.raises(ValidationError) as refused:
        onboarding.remove_item(first, team)
    assert refused.value.messages == [
        "Cette étape est déjà cochée pour 1 EIG : elle reste dans la liste."
    ]
    onboarding.remove_item(second, team)
    assert not OnboardingItem.objects.filter(pk=second.pk).exists()
    assert actions(recruitment.cohort)[-1] == (
        "recruitment.onboarding_item_removed", {"label": second.label},
    )  # fmt: skip


def test_ticking_is_logged_and_the_last_tick_tells_the_fellow_and_the_team(recruitment):
    host = recruitment.users["host"]
    items = list(recruitment.cohort.onboarding_items.all())
    for item in items[:-1]:
        assert onboarding.set_check(recruitment.fellow, item, True, host, DAY) is True
    assert onboarding.set_check(recruitment.fellow, items[0], True, host, DAY) is False
    assert not OutboxMessage.objects.exists()
    onboarding.set_check(recruitment.fellow, items[-1], True, host, DAY)
    assert sorted(m.subject for m in OutboxMessage.objects.all()) == [
        "Arrivée prête : Camille Roux",
        "Votre arrivée est prête",
    ]
    check = OnboardingCheck.objects.get(fellow=recruitment.fellow, item=items[0])
    assert (check.done_on, check.done_by) == (DAY, host)
    onboarding.set_check(recruitment.fellow, items[0], False, host, DAY)
    logged = [action for action, _data in actions(recruitment.fellow)]
    assert logged == ["recruitment.onboarding_checked"] * 5 + ["recruitment.onboarding_unchecked"]
    assert actions(recruitment.fellow)[0][1] == {"item": items[0].pk, "label": items[0].label}


def test_a_step_of_another_cohort_is_refused(recruitment):
    foreign = OnboardingItem.objects.create(cohort=CohortFactory(), label="Autre")
    with pytest.raises(ValidationError) as refused:
        onboarding.set_check(recruitment.fellow, foreign, True, recruitment.users["team"], DAY)
    assert refused.value.messages == ["Cette étape n'est pas une étape de la promotion de cet EIG."]
    assert not OnboardingCheck.objects.exists()
