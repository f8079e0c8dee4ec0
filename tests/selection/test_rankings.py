"""The jury's ranked lists: ties, prefill from the grids, offers, waiting list, exports."""

import csv
import io

import pytest
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.calls.models import Call
from cohorte.reviews import domain as reviews
from cohorte.selection import rankings
from cohorte.selection.models import InterviewSlot, RankingEntry
from tests.factories import (
    ApplicationChoiceFactory,
    ApplicationFactory,
    ExpertiseFactory,
    InterviewSlotFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_competition_positions():
    assert rankings.competition_positions([15, 18, 15, None, 12]) == [2, 1, 2, 5, 4]
    assert rankings.competition_positions([10, 10, 10]) == [1, 1, 1]
    assert rankings.competition_positions([]) == []
    assert rankings.competition_positions([None, None]) == [1, 1]


def test_default_lists_follow_the_calls_choice_kind(world):
    design, data = ExpertiseFactory(name="Design"), ExpertiseFactory(name="Data")
    world.call.profiles.add(design, data)
    world.challenge.expertises.add(design)
    labels = lambda: [r.label for r in rankings.default_lists(world.call)]  # noqa: E731
    assert labels() == ["Autre défi", "Défi choisi"]
    world.call.choice_kind = Call.ChoiceKind.PROFILES
    assert labels() == ["Data", "Design"]
    world.call.choice_kind = Call.ChoiceKind.BOTH
    assert labels() == ["Autre défi", "Défi choisi — Design"]


def grade(application, user, value, panel=None, challenge=None):
    """An interview grid of the application, for the défi of its interview by default."""
    scores = {str(c.pk): value for c in application.call.grid.criteria.all()}
    challenge = challenge or application.interviews.get().challenge
    return reviews.submit_review(application, user, scores, "", "yes", stage="interview",
                                 panel=panel, challenge=challenge)  # fmt: skip


@pytest.fixture
def three(world, panel):
    """Three candidates interviewed by Jury A for the chosen défi."""
    second, third = ApplicationFactory(call=world.call), ApplicationFactory(call=world.call)
    for application in (second, third):
        ApplicationChoiceFactory(application=application, challenge=world.challenge)
        InterviewSlotFactory(panel=panel, application=application, challenge=world.challenge)
    return world.application, second, third


def test_prefill_ranks_by_interview_total_with_ties(world, panel, three):
    first, second, third = three
    other_member = UserFactory()
    panel.members.add(other_member)
    grade(first, world.juror, 3)  # 15
    grade(first, other_member, 4)  # 20 -> mean 17.5
    grade(second, world.juror, 4)  # 20 by the member...
    panel.referee = world.juror
    panel.save()
    grade(third, other_member, 2)  # 10
    grade(second, world.juror, 3, panel=panel)  # ...replaced by the collective grid: 15
    item = rankings.RankingList(world.challenge, None)
    rankings.prefill(world.call, item, world.team)
    positions = {e.application_id: e.position for e in rankings.entries(world.call, item)}
    assert positions == {first.pk: 1, second.pk: 2, third.pk: 3}
    grade(third, world.juror, 3, panel=panel)  # 15: ties with second
    rankings.prefill(world.call, item, world.team)
    positions = {e.application_id: e.position for e in rankings.entries(world.call, item)}
    assert positions == {first.pk: 1, second.pk: 2, third.pk: 2}
    assert RankingEntry.objects.count() == 3
    entry = ActivityLog.objects.filter(action="ranking.prefilled").order_by("id").last()
    assert entry.data["positions"] == {str(first.pk): 1, str(second.pk): 2, str(third.pk): 2}


def test_prefill_keeps_marks_and_leaves_out_cancelled_interviews(world, panel, three):
    first, second, third = three
    InterviewSlot.objects.filter(application=third).update(status="cancelled")
    item = rankings.RankingList(world.challenge, None)
    rankings.prefill(world.call, item, world.team)
    RankingEntry.objects.filter(application=second).update(waiting_list=True)
    rankings.prefill(world.call, item, world.team)
    entries = {e.application_id: e for e in rankings.entries(world.call, item)}
    assert set(entries) == {first.pk, second.pk}
    assert entries[second.pk].waiting_list is True
    assert [e.position for e in entries.values()] == [1, 1]  # no grades yet: all tied


def test_an_offer_to_a_candidate_who_did_not_choose_the_defi(world):
    item = rankings.RankingList(world.challenge, None)
    chose = rankings.add_entry(world.call, item, world.application, world.team)
    offered = rankings.add_entry(world.call, item, world.other_application, world.team,
                                 waiting_list=True)  # fmt: skip
    assert (chose.offered, chose.position) == (False, 1)
    assert (offered.offered, offered.position, offered.waiting_list) == (True, 2, True)
    assert ActivityLog.objects.filter(action="ranking.entry_added").count() == 2
    with pytest.raises(rankings.RankingError, match="figure déjà"):
        rankings.add_entry(world.call, item, world.application, world.team)
    rankings.record_acceptance(offered, True, world.team)
    offered.refresh_from_db()
    assert offered.accepted is True
    entry = ActivityLog.objects.get(action="ranking.offer_answered")
    assert entry.data == {"entry_id": offered.pk, "accepted": True}
    with pytest.raises(rankings.RankingError, match="avait choisi ce défi"):
        rankings.record_acceptance(chose, True, world.team)


def test_save_list_with_ties_waiting_list_and_removal_all_or_nothing(world):
    item = rankings.RankingList(world.challenge, None)
    a = rankings.add_entry(world.call, item, world.application, world.team)
    b = rankings.add_entry(world.call, item, world.other_application, world.team)
    with pytest.raises(rankings.RankingError, match="Rang invalide"):
        rankings.save_list(world.call, item, {a.pk: {"position": 1}, b.pk: {"position": 0}},
                           world.team)  # fmt: skip
    with pytest.raises(rankings.RankingError, match="rechargez"):
        rankings.save_list(world.call, item, {999999: {"position": 1}}, world.team)
    assert [(e.position, e.waiting_list) for e in rankings.entries(world.call, item)] == [
        (1, False),
        (2, False),
    ]
    rankings.save_list(world.call, item, {a.pk: {"position": 1},
                                          b.pk: {"position": 1, "waiting_list": True}},
                       world.team)  # fmt: skip
    b.refresh_from_db()
    assert (b.position, b.waiting_list) == (1, True)
    rankings.save_list(world.call, item, {a.pk: {"remove": True}}, world.team)
    assert list(RankingEntry.objects.all()) == [b]
    assert ActivityLog.objects.filter(action="ranking.saved").count() == 2


def test_a_profile_list(world):
    design = ExpertiseFactory(name="Design")
    world.call.profiles.add(design)
    world.call.choice_kind = Call.ChoiceKind.PROFILES
    world.call.save()
    choice = world.application.choices.get()
    choice.profile = design
    choice.save()
    item = rankings.RankingList(None, design)
    rankings.prefill(world.call, item, world.team)
    (entry,) = rankings.entries(world.call, item)
    assert (entry.application, entry.challenge, entry.profile, entry.offered) == (
        world.application,
        None,
        design,
        False,
    )


def test_who_may_edit(world, panel):
    item = rankings.RankingList(world.challenge, None)
    assert rankings.may_edit(world.team, world.call, item)
    assert not rankings.may_edit(world.juror, world.call, item)
    assert rankings.may_view(world.juror, world.call, item)
    assert not rankings.may_view(world.other_juror, world.call, item)
    panel.referee = world.juror
    panel.save()
    assert rankings.may_edit(world.juror, world.call, item)
    assert not rankings.may_edit(world.juror, world.call, rankings.RankingList(
        world.other_challenge, None))  # fmt: skip


def test_referee_edits_the_list_through_the_page(world, as_user, panel, three):
    first, second, _third = three
    panel.referee = world.juror
    panel.save()
    client = as_user(world.juror)
    url = reverse("selection:ranking", args=[world.call.slug]) + f"?defi={world.challenge.pk}"
    client.post(url, {"action": "prefill"})
    entries = {e.application_id: e for e in RankingEntry.objects.all()}
    data = {"action": "save", "entry": [e.pk for e in entries.values()]}
    for e in entries.values():
        data[f"position-{e.pk}"] = "1"
    data[f"waiting-{entries[second.pk].pk}"] = "1"
    response = client.post(url, data, follow=True)
    assert "Classement enregistré." in response.content.decode()
    assert RankingEntry.objects.get(application=second).waiting_list
    data[f"position-{entries[first.pk].pk}"] = "premier"
    response = client.post(url, data, follow=True)
    assert "Rang invalide" in response.content.decode()
    assert RankingEntry.objects.get(application=first).position == 1


def test_jury_offers_a_defi_and_the_team_records_the_answer(world, as_user, panel):
    panel.referee = world.juror
    panel.save()
    InterviewSlotFactory(panel=panel, application=world.other_application,
                         challenge=world.challenge)  # fmt: skip
    url = reverse("selection:ranking", args=[world.call.slug]) + f"?defi={world.challenge.pk}"
    page = as_user(world.juror).get(url).content.decode()
    assert world.other_application.display_name in page  # offered to add
    as_user(world.juror).post(url, {"action": "add", "application": world.other_application.pk})
    entry = RankingEntry.objects.get()
    assert entry.offered is True
    assert as_user(world.juror).post(url, {"action": "accept", "entry": entry.pk,
                                           "accepted": "yes"}).status_code == 302  # fmt: skip
    entry.refresh_from_db()
    assert entry.accepted is None  # only the team records the candidate's answer
    as_user(world.team).post(url, {"action": "accept", "entry": entry.pk, "accepted": "no"})
    entry.refresh_from_db()
    assert entry.accepted is False
    assert "refusé par le candidat" in as_user(world.team).get(url).content.decode()


def test_ranking_export(world, as_user):
    item = rankings.RankingList(world.challenge, None)
    rankings.add_entry(world.call, item, world.application, world.team)
    rankings.add_entry(world.call, item, world.other_application, world.team, position=1,
                       waiting_list=True)  # fmt: skip
    client = as_user(world.team)
    response = client.get(reverse("selection:ranking_export", args=[world.call.slug, "csv"]))
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert rows[0] == ["Défi", "Profil", "Rang", "Liste d'attente", "Candidature (n°)",
                       "Candidat·e", "Adresse e-mail", "Note d'audition", "Proposé par le jury",
                       "Accepté par le candidat"]  # fmt: skip
    assert rows[1][:4] == ["Défi choisi", "", "1", "Non"]
    assert rows[2][:4] == ["Défi choisi", "", "1", "Oui"]
    assert rows[2][8] == "Oui"
    assert response["Content-Disposition"] == (
        f'attachment; filename="classements-{world.call.slug}.csv"'
    )
    response = client.get(reverse("selection:ranking_export", args=[world.call.slug, "csv-fr"]))
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    assert rows[2][:4] == ["Défi choisi", "", "1", "Oui"]
    page = client.get(reverse("selection:rankings", args=[world.call.slug])).content.decode()
    assert reverse("selection:ranking_export", args=[world.call.slug, "csv-fr"]) in page
    assert "CSV (Excel, France)" in page
    for fmt in ("xlsx", "ods"):
        response = client.get(reverse("selection:ranking_export", args=[world.call.slug, fmt]))
        assert response.status_code == 200 and response.getvalue().startswith(b"PK")


def test_rankings_index_lists_what_the_user_may_open(world, as_user):
    page = as_user(world.juror).get(reverse("selection:rankings", args=[world.call.slug]))
    text = page.content.decode()
    assert "Défi choisi" in text and "Autre défi" not in text
    team = as_user(world.team).get(reverse("selection:rankings", args=[world.call.slug]))
    assert "Autre défi" in team.content.decode()
