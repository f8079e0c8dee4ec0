"""A declared conflict of interest keeps the application out of every page and action of
the person who declared it: rankings, ranking edits, decisions, validation, exports,
matching and scheduling (issue #16, item 5). Each action test replays the attack and
checks that nothing changed."""

import csv
import io
import re

import pytest
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.calls.models import Application
from cohorte.notifications.models import OutboxMessage
from cohorte.reviews.models import Review
from cohorte.selection import decisions, rankings
from cohorte.selection.models import (
    Decision,
    InterviewSlot,
    PairConstraint,
    RankingEntry,
    SolverRun,
    Unavailability,
)
from tests.security.conftest import rank_both, shortlist, slot_of, text

pytestmark = pytest.mark.django_db

NOTICE = "1 candidature vous est masquée (conflit d’intérêts)"


def scores(call, value):
    return {str(c.pk): value for c in call.grid.criteria.all()}


def csv_rows(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def state():
    """Everything an action on decisions, rankings, matching or interviews may change."""
    return (
        list(Decision.objects.order_by("pk").values_list("pk", "outcome", "status")),
        list(RankingEntry.objects.order_by("pk").values_list("pk", "position", "waiting_list")),
        list(InterviewSlot.objects.order_by("pk").values_list("pk", "starts_at", "status")),
        list(PairConstraint.objects.values_list("pk", "kind")),
        list(Unavailability.objects.values_list("pk")),
        list(Application.objects.order_by("pk").values_list("pk", "status")),
        OutboxMessage.objects.count(),
    )


# Lists drop the line -----------------------------------------------------------------


def _pages(cw):
    slug = cw.call.slug
    return {
        "reviews": f"{reverse('reviews:home')}?appel={slug}",
        "jury_home": f"{reverse('selection:home')}?appel={slug}",
        "panel": reverse("selection:panel_detail", args=[cw.panel.pk]),
        "ranking": f"{reverse('selection:ranking', args=[slug])}?defi={cw.challenge.pk}",
        "decisions": f"{reverse('selection:decisions')}?appel={slug}",
        "validation": f"{reverse('selection:validation')}?appel={slug}",
        "preview": f"{reverse('selection:decision_preview')}?appel={slug}",
        "team_list": reverse("team:application_list", args=[cw.call.pk]),
    }


PAGES_BY_ROLE = {
    "team": ["reviews", "jury_home", "panel", "ranking", "decisions", "preview", "team_list"],
    "director": ["reviews", "jury_home", "panel", "ranking", "decisions", "validation",
                 "preview", "team_list"],
    "mentor": ["reviews"],
    "juror": ["jury_home", "panel", "ranking"],
    "referee": ["jury_home", "panel", "ranking"],
}  # fmt: skip


@pytest.mark.parametrize(
    ("role", "page"), [(role, page) for role, pages in PAGES_BY_ROLE.items() for page in pages]
)
def test_every_list_drops_the_conflicted_line(cw, as_user, role, page):
    rank_both(cw)
    for application in (cw.conflicted, cw.witness):
        decision = decisions.stage_decision(application, "not_selected", actor=cw.team2)
        if page in ("preview",):
            decisions.validate_decisions([decision], cw.director2)
    cw.declare(role)
    response = as_user(cw.user(role)).get(_pages(cw)[page])
    assert response.status_code == 200
    body = text(response)
    assert "Alex Conflit" not in body
    assert "Alex Témoin" in body
    if page not in ("team_list",):
        assert NOTICE in body


def test_the_control_sees_the_line_without_a_conflict(cw, as_user):
    """The same pages show Alex Conflit to the same people when nobody declared anything."""
    rank_both(cw)
    for role, pages in PAGES_BY_ROLE.items():
        for page in pages:
            if page in ("validation", "preview"):
                continue
            body = text(as_user(cw.user(role)).get(_pages(cw)[page]))
            assert "Alex Conflit" in body, (role, page)


def test_seats_and_counts_of_the_whole_call_stay_exact(cw, as_user):
    cw.challenge.seats = 1
    cw.challenge.save()
    decisions.stage_decision(cw.conflicted, "selected", cw.challenge, None, cw.team2)
    cw.declare("team")
    page = text(as_user(cw.team).get(f"{reverse('selection:decisions')}?appel={cw.call.slug}"))
    assert "Alex Conflit" not in page
    # The seat Alex Conflit holds still counts: the défi is full.
    compact = re.sub(r"\s+", " ", page)
    assert re.search(r"Défi choisi</th> <td>1</td> <td>1 <span[^>]*>complet</span></td>", compact)


# Exports -------------------------------------------------------------------------------


def test_the_reviews_export_leaves_the_conflicted_application_out(cw, as_user):
    from cohorte.reviews import domain

    domain.submit_review(cw.conflicted, cw.team2, scores(cw.call, 3), "Sur Conflit", "yes")
    domain.submit_review(cw.witness, cw.team2, scores(cw.call, 2), "Sur Témoin", "no")
    cw.declare("team")
    response = as_user(cw.team).get(reverse("reviews:export", args=[cw.call.slug, "csv"]))
    content = "\n".join(",".join(row) for row in csv_rows(response))
    assert "Sur Témoin" in content
    assert "Sur Conflit" not in content and "Alex Conflit" not in content


def test_the_rankings_export_leaves_the_conflicted_application_out(cw, as_user):
    rank_both(cw)
    cw.declare("team")
    response = as_user(cw.team).get(reverse("selection:ranking_export", args=[cw.call.slug, "csv"]))
    content = "\n".join(",".join(row) for row in csv_rows(response))
    assert "Alex Témoin" in content
    assert "Alex Conflit" not in content


def test_the_team_export_leaves_the_conflicted_application_out(cw, as_user):
    cw.declare("team")
    client = as_user(cw.team)
    response = client.post(
        reverse("team:export", args=[cw.call.pk]),
        {"fmt": "csv", "columns": ["last_name", "first_name"]},
    )
    content = "\n".join(",".join(row) for row in csv_rows(response))
    assert "Témoin" in content
    assert "Conflit" not in content


def test_the_panel_cvs_leave_the_conflicted_application_out(cw, as_user):
    import zipfile

    from tests.reviews.conftest import add_cv

    add_cv(cw.conflicted, name="cv-conflit.pdf")
    add_cv(cw.witness, name="cv-temoin.pdf")
    cw.declare("juror")
    response = as_user(cw.juror).get(reverse("selection:panel_cvs", args=[cw.panel.pk]))
    names = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))).namelist()
    assert names == ["alex-temoin-cv.pdf"]


# Ranking edits -------------------------------------------------------------------------


def _ranking_url(cw):
    return f"{reverse('selection:ranking', args=[cw.call.slug])}?defi={cw.challenge.pk}"


def test_a_conflicted_referee_cannot_move_the_conflicted_entry(cw, as_user):
    entry = rank_both(cw)
    witness = RankingEntry.objects.get(application=cw.witness)
    cw.declare("referee")
    before = state()
    response = as_user(cw.referee).post(
        _ranking_url(cw),
        {
            "action": "save",
            "entry": [entry.pk, witness.pk],
            f"position-{entry.pk}": "9",
            f"waiting-{entry.pk}": "1",
            f"position-{witness.pk}": "1",
        },
        follow=True,
    )
    assert "Vous avez déclaré un conflit d'intérêts sur cette personne" in text(response)
    assert state() == before


def test_a_conflicted_referee_still_ranks_the_others(cw, as_user):
    entry = rank_both(cw)
    witness = RankingEntry.objects.get(application=cw.witness)
    cw.declare("referee")
    as_user(cw.referee).post(
        _ranking_url(cw), {"action": "save", "entry": [witness.pk], f"position-{witness.pk}": "3"}
    )
    witness.refresh_from_db()
    entry.refresh_from_db()
    assert (witness.position, entry.position, entry.waiting_list) == (3, 1, False)


@pytest.mark.parametrize("role", ["referee", "team"])
def test_a_conflicted_editor_cannot_prefill_a_list_with_the_conflicted_candidate(cw, as_user, role):
    from cohorte.reviews import domain

    domain.submit_review(cw.conflicted, cw.juror, scores(cw.call, 4), "", "yes", stage="interview",
                         challenge=cw.challenge)  # fmt: skip
    cw.declare(role)
    before = state()
    response = as_user(cw.user(role)).post(_ranking_url(cw), {"action": "prefill"}, follow=True)
    assert "le préremplissage, qui classe tout le monde, revient à l'équipe" in text(response)
    assert state() == before
    assert not RankingEntry.objects.exists()


@pytest.mark.parametrize("role", ["referee", "team"])
def test_a_conflicted_editor_cannot_add_the_conflicted_candidate(cw, as_user, role):
    cw.declare(role)
    client = as_user(cw.user(role))
    page = text(client.get(_ranking_url(cw)))
    assert f'<option value="{cw.conflicted.pk}"' not in page
    response = client.post(
        _ranking_url(cw), {"action": "add", "application": cw.conflicted.pk}, follow=True
    )
    assert "Choisissez une personne auditionnée." in text(response)
    assert not RankingEntry.objects.exists()
    with pytest.raises(rankings.RankingError, match="conflit d'intérêts"):
        rankings.add_entry(
            cw.call, rankings.RankingList(cw.challenge, None), cw.conflicted, cw.user(role)
        )


def test_a_conflicted_team_member_cannot_record_the_answer_to_an_offer(cw, as_user):
    entry = rank_both(cw, offered=True)
    cw.declare("team")
    response = as_user(cw.team).post(
        _ranking_url(cw), {"action": "accept", "entry": entry.pk, "accepted": "yes"}
    )
    assert response.status_code == 404
    entry.refresh_from_db()
    assert entry.accepted is None
    with pytest.raises(rankings.RankingError):
        rankings.record_acceptance(entry, True, cw.team)


def test_the_rankings_index_counts_only_the_visible_lines(cw, as_user):
    rank_both(cw)
    cw.declare("juror")
    page = text(as_user(cw.juror).get(reverse("selection:rankings", args=[cw.call.slug])))
    assert re.search(r"Défi choisi</a></td><td>1</td>", page)


# Decisions ------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["team", "director"])
def test_a_conflicted_team_member_cannot_stage_the_decision(cw, as_user, role):
    cw.declare(role)
    pk = cw.conflicted.pk
    before, log = state(), ActivityLog.objects.count()
    response = as_user(cw.user(role)).post(
        reverse("selection:decision_stage", args=[pk]), {f"d{pk}-outcome": "not_selected"}
    )
    assert response.status_code == 404
    assert state() == before and ActivityLog.objects.count() == log
    with pytest.raises(decisions.DecisionError, match="un·e autre membre de l'équipe"):
        decisions.stage_decision(cw.conflicted, "not_selected", actor=cw.user(role))
    assert not Decision.objects.exists()


def test_a_conflicted_team_member_cannot_cancel_the_decision(cw, as_user):
    decision = decisions.stage_decision(cw.conflicted, "not_selected", actor=cw.team2)
    cw.declare("team")
    before = state()
    response = as_user(cw.team).post(reverse("selection:decision_unstage", args=[cw.conflicted.pk]))
    assert response.status_code == 404
    assert state() == before
    with pytest.raises(decisions.DecisionError):
        decisions.unstage(decision, cw.team)
    assert Decision.objects.filter(pk=decision.pk).exists()


def test_bulk_staging_leaves_the_conflicted_application_to_the_others(cw, as_user):
    cw.declare("team")
    response = as_user(cw.team).post(
        reverse("selection:decision_stage_rest", args=[cw.call.slug]), follow=True
    )
    page = text(response)
    assert not Decision.objects.filter(application=cw.conflicted).exists()
    assert Decision.objects.filter(application=cw.witness, outcome="not_selected").exists()
    assert "1 candidature(s) sans décision vous sont masquées (conflit d'intérêts)" in page
    # Another member stages it.
    as_user(cw.team2).post(reverse("selection:decision_stage_rest", args=[cw.call.slug]))
    assert Decision.objects.filter(application=cw.conflicted).exists()


def test_staging_from_the_rankings_leaves_the_conflicted_application_out(cw, as_user):
    rank_both(cw)
    cw.declare("team")
    response = as_user(cw.team).post(
        reverse("selection:decision_stage_proposals", args=[cw.call.slug]), follow=True
    )
    assert not Decision.objects.filter(application=cw.conflicted).exists()
    assert Decision.objects.filter(application=cw.witness).exists()
    assert "vous sont masquées (conflit d'intérêts)" in text(response)


def test_a_conflicted_director_cannot_validate_and_another_director_does(cw, as_user):
    mine = decisions.stage_decision(cw.conflicted, "not_selected", actor=cw.team2)
    other = decisions.stage_decision(cw.witness, "not_selected", actor=cw.team2)
    cw.declare("director")
    client = as_user(cw.director)
    url = f"{reverse('selection:validation')}?appel={cw.call.slug}"
    response = client.post(url, {"decisions": [mine.pk]}, follow=True)
    assert "Une de ces décisions n'est plus à valider : rien n'a changé." in text(response)
    assert Decision.objects.get(pk=mine.pk).status == "staged"
    with pytest.raises(decisions.DecisionError, match="une autre personne de la direction"):
        decisions.validate_decisions([mine], cw.director)
    # "Validate all" validates what the director may see, and leaves the rest.
    client.post(url, {"all": "1"})
    assert Decision.objects.get(pk=other.pk).status == "validated"
    assert Decision.objects.get(pk=mine.pk).status == "staged"
    decisions.validate_decisions([mine], cw.director2)
    assert Decision.objects.get(pk=mine.pk).status == "validated"


def test_a_conflicted_team_member_cannot_send_the_decision(cw, as_user):
    decision = decisions.stage_decision(cw.conflicted, "not_selected", actor=cw.team2)
    decisions.validate_decisions([decision], cw.director2)
    cw.declare("team")
    before = state()
    response = as_user(cw.team).post(
        reverse("selection:decision_send", args=[cw.call.slug]),
        {"decisions": [decision.pk]},
        follow=True,
    )
    assert "Ces décisions ont changé depuis l'aperçu : rien n'a été envoyé." in text(response)
    assert state() == before
    with pytest.raises(decisions.DecisionError):
        decisions.send_decisions([decision], cw.team)
    assert OutboxMessage.objects.count() == 0


def test_the_outbox_and_retry_leave_the_conflicted_decision_out(cw, as_user):
    decision = decisions.stage_decision(cw.conflicted, "not_selected", actor=cw.team2)
    decisions.validate_decisions([decision], cw.director2)
    [message] = decisions.send_decisions([decision], cw.team2)
    message.status = OutboxMessage.Status.FAILED
    message.save()
    cw.declare("team")
    client = as_user(cw.team)
    page = text(client.get(f"{reverse('selection:decision_outbox')}?appel={cw.call.slug}"))
    assert "Alex Conflit" not in page and NOTICE in page
    client.post(reverse("selection:decision_retry", args=[cw.call.slug]))
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED


def test_the_admin_outbox_leaves_the_conflicted_decision_e_mail_out(cw, as_user):
    from django.core.management import call_command

    call_command("setup_roles", verbosity=0)
    decision = decisions.stage_decision(cw.conflicted, "not_selected", actor=cw.team2)
    decisions.validate_decisions([decision], cw.director2)
    [message] = decisions.send_decisions([decision], cw.team2)
    cw.declare("team")
    listing, change = (
        "/admin/notifications/outboxmessage/",
        f"/admin/notifications/outboxmessage/{message.pk}/change/",
    )
    conflicted = as_user(cw.team)
    assert f"{message.pk}/change/" not in text(conflicted.get(listing))
    assert conflicted.get(change).status_code == 302  # the admin's "does not exist"
    other = as_user(cw.team2)
    assert f"{message.pk}/change/" in text(other.get(listing))
    assert "Alex Conflit" in text(other.get(change))


# Matching and scheduling -----------------------------------------------------------------


def test_matching_constraints_on_the_conflicted_application_are_refused(cw, as_user):
    shortlist(cw.conflicted, cw.witness)
    rank_both(cw)
    constraint = PairConstraint.objects.create(
        call=cw.call, application=cw.conflicted, challenge=cw.challenge, kind="forbid"
    )
    cw.declare("team")
    client = as_user(cw.team)
    before = state()
    response = client.post(
        reverse("selection:matching_constraint_set", args=[cw.call.slug]),
        {"candidature": cw.conflicted.pk, "place": f"{cw.challenge.pk}:", "kind": "lock"},
        follow=True,
    )
    assert "Vous avez déclaré un conflit d'intérêts sur cette candidature" in text(response)
    client.post(reverse("selection:matching_constraint_clear", args=[cw.call.slug, constraint.pk]))
    assert state() == before


def test_matching_results_never_name_the_conflicted_candidate_nor_stage_it(cw, as_user):
    from cohorte.selection.matching_runs import run_matching

    shortlist(cw.conflicted, cw.witness)
    rank_both(cw)
    run = run_matching(cw.call, cw.team2)
    cw.declare("team")
    client = as_user(cw.team)
    page = text(client.get(f"{reverse('selection:matching')}?appel={cw.call.slug}"))
    assert "Alex Témoin" in page
    assert "Alex Conflit" not in page and NOTICE in page
    before = state()
    response = client.post(
        reverse("selection:matching_stage", args=[run.pk]), {"confirmer": "oui"}, follow=True
    )
    assert "un·e autre membre de l'équipe prépare ses décisions" in text(response)
    assert state() == before
    assert SolverRun.objects.get(pk=run.pk).applied_at is None


def test_slot_creation_refuses_the_conflicted_candidate(cw, as_user):
    shortlist(cw.conflicted)
    InterviewSlot.objects.all().delete()
    cw.declare("team")
    client = as_user(cw.team)
    url = reverse("selection:slot_create", args=[cw.call.slug])
    assert "Alex Conflit" not in text(client.get(url))
    response = client.post(
        url,
        {"panel": cw.panel.pk, "application": cw.conflicted.pk, "day": "2031-03-12",
         "time": "10:00", "duration_minutes": "30"},
    )  # fmt: skip
    assert response.status_code == 200
    assert not InterviewSlot.objects.exists()


@pytest.mark.parametrize("action", ["edit", "cancel", "lock", "invite", "grid"])
def test_the_conflicted_interview_answers_404(cw, as_user, action):
    slot = slot_of(cw.conflicted)
    cw.declare("team")
    names = {"edit": "slot_edit", "cancel": "slot_cancel", "lock": "slot_lock",
             "invite": "slot_invite", "grid": "interview_grid"}  # fmt: skip
    url = reverse(f"selection:{names[action]}", args=[slot.pk])
    before = state()
    client = as_user(cw.team)
    response = client.post(url, {"locked": "1"}) if action != "edit" else client.get(url)
    assert response.status_code == 404
    assert state() == before


def test_scheduling_invitations_leave_the_conflicted_candidate_to_the_others(cw, as_user):
    shortlist(cw.conflicted, cw.witness)
    cw.declare("team")
    client = as_user(cw.team)
    url = f"{reverse('selection:scheduling_invite')}?appel={cw.call.slug}"
    assert "Alex Conflit" not in text(client.get(url))
    response = client.post(url, follow=True)
    assert slot_of(cw.conflicted).status == "planned"
    assert slot_of(cw.witness).status == "invited"
    assert "un·e autre membre de l'équipe les envoie" in text(response)


def test_a_conflicted_team_member_cannot_apply_a_timetable_with_the_conflicted_candidate(
    cw, as_user, settings
):
    import datetime

    from cohorte.selection.scheduling_runs import SchedulingParameters, run_scheduling

    settings.COHORTE_SOLVER_WORKERS = 1
    shortlist(cw.conflicted, cw.witness)
    InterviewSlot.objects.all().delete()
    run = run_scheduling(
        cw.call, cw.team2, SchedulingParameters(days=(datetime.date(2031, 3, 12),), time_limit=5)
    )
    cw.declare("team")
    client = as_user(cw.team)
    page = text(client.get(f"{reverse('selection:scheduling')}?appel={cw.call.slug}"))
    assert "Alex Conflit" not in page and "Alex Témoin" in page
    response = client.post(reverse("selection:scheduling_apply", args=[run.pk]), follow=True)
    assert "un·e autre membre de l'équipe l'applique" in text(response)
    assert not InterviewSlot.objects.exists()


def test_unavailabilities_of_the_conflicted_candidate_are_out_of_reach(cw, as_user):
    import datetime

    from cohorte.selection.interviews import paris_datetime

    shortlist(cw.conflicted, cw.witness)
    starts = paris_datetime(datetime.date(2031, 3, 12), datetime.time(9))
    item = Unavailability.objects.create(
        call=cw.call,
        application=cw.conflicted,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=1),
    )
    cw.declare("team")
    client = as_user(cw.team)
    url = f"{reverse('selection:scheduling')}?appel={cw.call.slug}"
    assert "Alex Conflit" not in text(client.get(url))
    response = client.post(reverse("selection:scheduling_unavailability_delete", args=[item.pk]))
    assert response.status_code == 404
    assert Unavailability.objects.filter(pk=item.pk).exists()


# Reviews ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["team", "mentor"])
def test_a_conflicted_reviewer_can_neither_open_nor_score(cw, as_user, role):
    cw.declare(role)
    client = as_user(cw.user(role))
    url = reverse("reviews:review", args=[cw.conflicted.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
    assert not Review.objects.exists()


def test_a_proposal_conflict_no_longer_hides_every_application(cw, as_user):
    """Sibling defect: ``NOT IN`` over a subquery holding NULL (the application of a
    conflict on a proposal) emptied the lists of anyone with a proposal conflict."""
    from cohorte.reviews.models import Conflict
    from tests.factories import ProposalFactory

    Conflict.objects.create(proposal=ProposalFactory(), reviewer=cw.team)
    Conflict.objects.create(proposal=ProposalFactory(), reviewer=cw.juror)
    slug = cw.call.slug
    page = text(as_user(cw.team).get(f"{reverse('reviews:home')}?appel={slug}"))
    assert "Alex Conflit" in page and "Alex Témoin" in page
    page = text(as_user(cw.juror).get(reverse("selection:panel_detail", args=[cw.panel.pk])))
    assert "Alex Conflit" in page and "Alex Témoin" in page
