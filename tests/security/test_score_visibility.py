"""One rule for every page that shows a score (issue #16, item 7): under "after own", a
juror or reviewer sees the others' scores only once they gave their own; "never" hides them
from everyone but the team (and the referee, who writes the panel's collective grid);
"always" shows them. Each page is read before and after the reader's own grid."""

import re

import pytest
from django.urls import reverse

from cohorte.projects import verdicts
from cohorte.reviews import domain
from tests.factories import UserFactory
from tests.security.conftest import rank_both, text

pytestmark = pytest.mark.django_db

SETTINGS = ["never", "after_own", "always"]
# Whether a reader who is not in the team sees the others' scores: before, after own grid.
SEES = {"never": (False, False), "after_own": (False, True), "always": (True, True)}


def grid(call, value):
    return {str(c.pk): value for c in call.grid.criteria.all()}


def compact(response) -> str:
    return re.sub(r"\s+", " ", text(response))


def visibility(call, value):
    call.review_visibility = value
    call.save(update_fields=["review_visibility"])


# Applications: interviews ----------------------------------------------------------------


@pytest.fixture
def interviewed(cw):
    """Another member of Jury A graded both candidates 1 everywhere (5 / 20)."""
    member = UserFactory(username="member2")
    cw.panel.members.add(member)
    for application in (cw.conflicted, cw.witness):
        domain.submit_review(application, member, grid(cw.call, 1), "", "no", stage="interview",
                             challenge=cw.challenge)  # fmt: skip
    rank_both(cw)
    return cw


def _ranking(cw, client) -> str:
    url = f"{reverse('selection:ranking', args=[cw.call.slug])}?defi={cw.challenge.pk}"
    return compact(client.get(url))


def _score_shown(page, name, score) -> bool:
    return f"<td>{name}</td> <td>{score}</td>" in page


@pytest.mark.parametrize("setting", SETTINGS)
def test_the_ranking_shows_interview_scores_to_a_juror_per_the_rule(interviewed, as_user, setting):
    cw = interviewed
    visibility(cw.call, setting)
    before, after = SEES[setting]
    client = as_user(cw.juror)
    page = _ranking(cw, client)
    assert _score_shown(page, "Alex Conflit", "5,0") is before
    assert ("<td>Alex Conflit</td> <td>masquée</td>" in page) is not before
    domain.submit_review(cw.conflicted, cw.juror, grid(cw.call, 1), "", "no", stage="interview",
                         challenge=cw.challenge)  # fmt: skip
    page = _ranking(cw, client)
    assert _score_shown(page, "Alex Conflit", "5,0") is after
    # Per line: no grid of the juror on Alex Témoin yet.
    assert _score_shown(page, "Alex Témoin", "5,0") is before


@pytest.mark.parametrize("setting", SETTINGS)
@pytest.mark.parametrize("role", ["team", "director", "referee"])
def test_the_team_and_the_referee_always_see_interview_scores(interviewed, as_user, setting, role):
    visibility(interviewed.call, setting)
    page = _ranking(interviewed, as_user(interviewed.user(role)))
    assert _score_shown(page, "Alex Conflit", "5,0")
    assert _score_shown(page, "Alex Témoin", "5,0")


def test_a_conflicted_team_member_sees_neither_the_line_nor_its_score(interviewed, as_user):
    interviewed.declare("team")
    page = _ranking(interviewed, as_user(interviewed.team))
    assert "Alex Conflit" not in page
    assert _score_shown(page, "Alex Témoin", "5,0")


@pytest.fixture
def collective(cw):
    """The referee wrote Jury A's collective grid on Alex Conflit: 2 everywhere (10 / 20)."""
    domain.submit_review(
        cw.conflicted, cw.referee, grid(cw.call, 2), "", "yes", stage="interview", panel=cw.panel,
        challenge=cw.challenge,
    )  # fmt: skip
    return cw


@pytest.mark.parametrize("setting", SETTINGS)
@pytest.mark.parametrize("page_name", ["jury_home", "panel"])
def test_the_interviews_table_shows_the_collective_grid_per_the_rule(
    collective, as_user, setting, page_name
):
    cw = collective
    visibility(cw.call, setting)
    before, after = SEES[setting]
    url = {
        "jury_home": reverse("selection:home"),
        "panel": reverse("selection:panel_detail", args=[cw.panel.pk]),
    }[page_name]
    client = as_user(cw.juror)
    assert ("collective : 10" in compact(client.get(url))) is before
    domain.submit_review(cw.conflicted, cw.juror, grid(cw.call, 4), "", "yes", stage="interview",
                         challenge=cw.challenge)  # fmt: skip
    page = compact(client.get(url))
    assert ("collective : 10" in page) is after
    assert "la vôtre : 20" in page  # one's own grid is always shown
    # The referee who wrote it, and the team, always read it.
    assert "collective : 10" in compact(as_user(cw.referee).get(url))
    assert "collective : 10" in compact(as_user(cw.team).get(url))


# Applications: preselection --------------------------------------------------------------


@pytest.mark.parametrize("setting", SETTINGS)
def test_the_reviewers_list_shows_the_mean_per_the_rule(cw, as_user, setting):
    visibility(cw.call, setting)
    before, after = SEES[setting]
    domain.submit_review(cw.conflicted, cw.team2, grid(cw.call, 4), "", "yes")
    url = f"{reverse('reviews:home')}?appel={cw.call.slug}&tri=date"
    client = as_user(cw.mentor)
    assert ("20,0 (1 avis" in compact(client.get(url))) is before
    domain.submit_review(cw.conflicted, cw.mentor, grid(cw.call, 2), "", "no")
    assert ("15,0 (2 avis" in compact(client.get(url))) is after
    assert "15,0 (2 avis" in compact(as_user(cw.team).get(url))


# The call for projects --------------------------------------------------------------------


@pytest.fixture
def defi_grid(project_world):
    """Panel A's referee filled its collective grid on its défi: 3 everywhere (15 / 20); a
    second member sits on the panel."""
    world = project_world
    world.member = UserFactory(username="member")
    world.panel.members.add(world.member)
    verdicts.fill_collective_grid(
        world.panel, world.proposal, world.juror, grid(world.call, 3), "", "yes"
    )
    return world


@pytest.mark.parametrize("setting", SETTINGS)
def test_the_defi_jury_grid_follows_the_rule(defi_grid, client, setting):
    """The défi jury scores only collectively: its members co-sign their panel's grid, so
    it is theirs under "after own"; "never" keeps it for the referee and the team."""
    world = defi_grid
    visibility(world.call, setting)
    shown = setting != "never"
    panel, defi = world.panel.pk, world.proposal.pk
    client.force_login(world.member)
    page = compact(client.get(reverse("defi_jury:panel", args=[panel])))
    assert ("Grille collective : 15 sur 20" in page) is shown
    assert ("note masquée selon le réglage de l’appel" in page) is not shown
    page = compact(client.get(reverse("defi_jury:defi", args=[panel, defi])))
    assert ("Grille collective remplie : 15 points" in page) is shown
    for reader in (world.juror, world.team):
        client.force_login(reader)
        page = compact(client.get(reverse("defi_jury:panel", args=[panel])))
        assert "Grille collective : 15 sur 20" in page


@pytest.mark.parametrize("setting", SETTINGS)
def test_the_proposal_page_shows_the_summary_per_the_rule(project_world, client, setting):
    world = project_world
    visibility(world.call, setting)
    before, after = SEES[setting]
    domain.submit_review(world.proposal, world.team, grid(world.call, 4), "", "yes")
    url = reverse("instruction:proposal", args=[world.proposal.pk])
    client.force_login(world.preinstructor)
    assert ("Synthèse des évaluations" in text(client.get(url))) is before
    domain.submit_review(world.proposal, world.preinstructor, grid(world.call, 2), "", "no")
    assert ("Synthèse des évaluations" in text(client.get(url))) is after
