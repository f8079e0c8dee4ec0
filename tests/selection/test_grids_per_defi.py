"""One interview grid per (candidate, défi): per-défi criteria, carried-over shared ones,
one ranking per défi built from its own grids, and the migration of existing grids."""

import csv
import importlib
import io

import pytest
from django.apps import apps
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.reviews.models import Criterion, Review
from cohorte.selection import rankings
from cohorte.selection.models import InterviewSlot, RankingEntry
from tests.factories import (
    ApplicationChoiceFactory,
    ApplicationFactory,
    ChallengeFactory,
    InterviewSlotFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

migration = importlib.import_module("cohorte.reviews.migrations.0005_grid_per_challenge_grids")


@pytest.fixture
def three_defis(world, panel, slot):
    """The candidate interviewed by Jury A for three défis: three interviews, three grids."""
    second = ChallengeFactory(cohort=world.call.cohort, title="Deuxième défi", slug="deuxieme")
    third = ChallengeFactory(cohort=world.call.cohort, title="Troisième défi", slug="troisieme")
    world.call.challenges.add(second, third)
    panel.challenges.add(second, third)
    slots = [slot]
    for rank, challenge in enumerate((second, third), start=2):
        ApplicationChoiceFactory(application=world.application, rank=rank, challenge=challenge)
        slots.append(
            InterviewSlotFactory(
                panel=panel,
                application=world.application,
                challenge=challenge,
                starts_at=slot.starts_at + (rank - 1) * (slot.ends_at - slot.starts_at),
            )
        )
    return slots


def criteria(world):
    items = list(world.call.grid.criteria.all())
    fit = next(c for c in items if c.per_challenge)
    return items, fit


def post_grid(client, slot, shared, fit_value, world):
    items, fit = criteria(world)
    data = {f"score-{c.pk}": str(shared) for c in items}
    data[f"score-{fit.pk}"] = str(fit_value)
    data.update({"recommendation": "yes", "comment": ""})
    return client.post(reverse("selection:interview_grid", args=[slot.pk]), data)


def test_only_the_defi_criterion_is_scored_per_defi_by_default(world):
    items, fit = criteria(world)
    assert fit.label == "Adéquation avec le ou les défis choisis"
    assert [c.per_challenge for c in items] == [False, False, False, False, True]


def test_each_defi_has_its_own_grid_and_its_own_ranking(world, as_user, three_defis):
    rival = ApplicationFactory(call=world.call)
    panel = three_defis[0].panel
    for rank, slot in enumerate(three_defis, start=1):
        ApplicationChoiceFactory(application=rival, rank=rank, challenge=slot.challenge)
        later = slot.starts_at.replace(year=slot.starts_at.year + 1)
        InterviewSlotFactory(
            panel=panel, application=rival, challenge=slot.challenge, starts_at=later
        )
    client = as_user(world.juror)
    for slot, fit in zip(three_defis, (4, 1, 3), strict=True):
        assert post_grid(client, slot, 3, fit, world).status_code == 302
    for slot in InterviewSlot.objects.filter(application=rival):
        assert post_grid(client, slot, 3, 3, world).status_code == 302
    grids = Review.objects.filter(application=world.application, stage="interview")
    assert sorted((g.challenge.title, g.total) for g in grids) == [
        ("Deuxième défi", 13), ("Défi choisi", 16), ("Troisième défi", 15)]  # fmt: skip
    positions = {}
    for slot in three_defis:
        item = rankings.RankingList(slot.challenge, None)
        rankings.prefill(world.call, item, world.team)
        entries = rankings.entries(world.call, item)
        positions[slot.challenge.title] = [(e.application_id, e.position) for e in entries]
    mine, theirs = world.application.pk, rival.pk
    assert positions == {
        "Défi choisi": [(mine, 1), (theirs, 2)],  # 16 against 15
        "Deuxième défi": [(theirs, 1), (mine, 2)],  # 13 against 15
        "Troisième défi": [(mine, 1), (theirs, 1)] if mine < theirs else [(theirs, 1), (mine, 1)],
    }
    response = as_user(world.team).get(reverse("selection:ranking", args=[world.call.slug])
                                       + f"?defi={three_defis[1].challenge.pk}")  # fmt: skip
    shown = {e.application_id: e.interview_total for e in response.context["entries"]}
    assert shown == {mine: 13, theirs: 15}
    export = as_user(world.team).get(reverse("selection:ranking_export",
                                             args=[world.call.slug, "csv"]))  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(export.getvalue().decode("utf-8-sig"))))
    mine_by_defi = {r["Défi"]: r["Note d'audition"] for r in rows
                    if r["Candidature (n°)"] == str(mine)}  # fmt: skip
    assert mine_by_defi == {"Défi choisi": "16", "Deuxième défi": "13",
                            "Troisième défi": "15"}  # fmt: skip


def test_shared_criteria_are_entered_once_and_carried_over(world, as_user, three_defis):
    first, second, _third = three_defis
    items, fit = criteria(world)
    client = as_user(world.juror)
    post_grid(client, first, 2, 4, world)
    page = client.get(reverse("selection:interview_grid", args=[second.pk])).content.decode()
    assert "sont repris de votre grille du défi « Défi choisi »" in page
    assert f'id="score-{items[0].pk}-2" name="score-{items[0].pk}" value="2" checked' in page
    assert f'name="score-{fit.pk}" value="4" checked' not in page  # the défi's own: to score
    assert "Noté pour ce défi seulement." in page
    assert page.count("Commun à tous ses défis") == 4
    response = post_grid(client, second, 3, 1, world)
    assert response.status_code == 302
    first_grid = Review.objects.get(challenge=first.challenge)
    assert first_grid.scores == {**{str(c.pk): 3 for c in items}, str(fit.pk): 4}
    assert first_grid.total == 16
    assert Review.objects.get(challenge=second.challenge).total == 13
    carried = ActivityLog.objects.get(action="review.carried_over")
    assert carried.data == {
        "review_id": first_grid.pk,
        "from_review_id": Review.objects.get(challenge=second.challenge).pk,
        "challenge_id": first.challenge.pk,
        "total": 16,
    }
    shown = [str(m) for m in response.wsgi_request._messages]
    assert shown == [
        "Votre grille est enregistrée.",
        "Les critères communs à tous les défis sont reportés sur votre grille du défi "
        "« Défi choisi ».",
    ]
    # The third défi's grid does not exist yet: nothing is created for it.
    assert not Review.objects.filter(challenge=_third.challenge).exists()


def test_a_criterion_marked_per_defi_is_not_carried_over(world, as_user, three_defis):
    first, second, _third = three_defis
    items, _fit = criteria(world)
    Criterion.objects.filter(pk=items[0].pk).update(per_challenge=True)
    client = as_user(world.juror)
    post_grid(client, first, 2, 2, world)
    post_grid(client, second, 3, 3, world)
    scores = Review.objects.get(challenge=first.challenge).scores
    assert scores[str(items[0].pk)] == 2  # scored per défi: kept
    assert scores[str(items[1].pk)] == 3  # shared: carried over


def test_a_members_grid_never_changes_the_collective_ones(world, as_user, three_defis, panel):
    first, second, _third = three_defis
    panel.referee = world.juror
    panel.save()
    client = as_user(world.juror)
    items, fit = criteria(world)
    data = {f"score-{c.pk}": "4" for c in items} | {"recommendation": "yes", "collective": "1"}
    client.post(reverse("selection:interview_grid", args=[first.pk]), data)
    post_grid(client, second, 1, 1, world)  # their own, not the jury's
    collective = Review.objects.get(challenge=first.challenge)
    assert (collective.panel, collective.total) == (panel, 20)
    assert not ActivityLog.objects.filter(action="review.carried_over").exists()


def test_others_grids_are_per_defi_in_after_own_phase(world, as_user, three_defis, panel):
    first, second, _third = three_defis
    world.call.review_visibility = "after_own"
    world.call.save()
    member = UserFactory()
    panel.members.add(member)
    as_user(world.juror).post(
        reverse("selection:interview_grid", args=[second.pk]),
        {f"score-{c.pk}": "2" for c in criteria(world)[0]}
        | {"recommendation": "no", "comment": "Avis sur le deuxième défi"},
    )
    client = as_user(member)
    post_grid(client, first, 3, 3, world)  # their grid of the first défi only
    url = reverse("selection:interview_grid", args=[second.pk])
    page = client.get(url).content.decode()
    assert "Avis sur le deuxième défi" not in page
    assert "Vous verrez les grilles des autres membres après avoir enregistré la vôtre." in page
    post_grid(client, second, 3, 3, world)
    assert "Avis sur le deuxième défi" in client.get(url).content.decode()


def test_the_grid_says_it_may_be_prepared_before_the_interview(world, as_user, slot):
    page = (
        as_user(world.juror)
        .get(reverse("selection:interview_grid", args=[slot.pk]))
        .content.decode()
    )
    assert "vous pouvez préparer votre grille dès maintenant" in page


def test_migration_gives_each_defi_served_its_grid(world, three_defis, panel):
    first, second, third = three_defis
    InterviewSlot.objects.filter(pk=third.pk).update(status="cancelled")
    items, fit = criteria(world)
    Criterion.objects.update(per_challenge=False)
    old = Review.objects.create(application=world.application, reviewer=world.juror,
                                stage="interview", scores={"1": 3}, total=17,
                                comment="Ancienne grille")  # fmt: skip
    preselection = Review.objects.create(application=world.application, reviewer=world.juror,
                                         stage="preselection", total=12)  # fmt: skip
    migration.per_challenge_grids(apps, None)
    grids = Review.objects.filter(stage="interview").order_by("pk")
    assert [(g.challenge_id, g.total, g.comment) for g in grids] == [
        (first.challenge_id, 17, "Ancienne grille"),
        (second.challenge_id, 17, "Ancienne grille"),
    ]
    assert grids[0].pk == old.pk and grids[1].created_at == old.created_at
    preselection.refresh_from_db()
    assert preselection.challenge_id is None
    assert list(Criterion.objects.filter(per_challenge=True)) == [fit]
    migration.one_grid_per_candidate(apps, None)
    assert list(Review.objects.filter(stage="interview").values_list("pk", "challenge")) == [
        (old.pk, None)
    ]


def test_own_grid_of_one_defi_opens_only_that_defis_scores_in_lists(
    world, as_user, three_defis, panel
):
    """Under "after own", a member's grid on the first défi shows the others' scores of
    that défi only: the second défi's collective grid and ranking total stay hidden."""
    first, second, _third = three_defis
    world.call.review_visibility = "after_own"
    world.call.save()
    panel.referee = world.juror
    panel.save()
    items, _fit = criteria(world)
    collective = {f"score-{c.pk}": "2" for c in items} | {
        "recommendation": "yes",
        "collective": "1",
    }
    referee = as_user(world.juror)
    for slot in (first, second):
        assert referee.post(reverse("selection:interview_grid", args=[slot.pk]), collective)
    member = UserFactory()
    panel.members.add(member)
    client = as_user(member)
    home = reverse("selection:home")

    def collectives():
        return client.get(home).content.decode().count("collective : 10")

    for slot in (first, second):
        RankingEntry.objects.create(
            call=world.call, challenge=slot.challenge, application=world.application, position=1
        )

    def ranking(slot):
        url = reverse("selection:ranking", args=[world.call.slug])
        page = client.get(f"{url}?defi={slot.challenge_id}").content.decode()
        return "masquée" not in page

    assert (collectives(), ranking(first), ranking(second)) == (0, False, False)
    post_grid(client, first, 3, 3, world)
    # The first défi's collective grid and ranking total, not the second's.
    assert (collectives(), ranking(first), ranking(second)) == (1, True, False)
    post_grid(client, second, 3, 3, world)
    assert (collectives(), ranking(first), ranking(second)) == (2, True, True)
