"""What a panel concludes (collective grid, verdicts), jurors' comments, and the pool."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from cohorte.projects import verdicts
from cohorte.projects.jury_comments import add_juror_comment, jury_notes
from cohorte.projects.jury_pool import account_by_email, add_to_pool, remove_from_pool
from cohorte.projects.jury_runs import JuryError
from cohorte.projects.models import Audition, JuryPoolMember, PanelVerdict, ProposalNote
from cohorte.public.formats import format_moment
from cohorte.reviews.domain import ReviewError
from cohorte.reviews.models import Review
from tests.factories import ProposalFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def auditioned(project_world, settings):
    """Jury A auditioned two défis yesterday: the world's proposal and a second one."""
    settings.COHORTE_TEAM_EMAIL = "equipe@eig.example"
    pw = project_world
    second = ProposalFactory(call=pw.call, organisation=pw.other_organisation, title="Second")
    pw.panel.proposals.add(second)
    yesterday = timezone.now() - datetime.timedelta(days=1)
    for k, proposal in enumerate((pw.proposal, second)):
        Audition.objects.create(
            panel=pw.panel, proposal=proposal, starts_at=yesterday + datetime.timedelta(hours=k)
        )
    return pw, second


def entries(pw, second, overrides=None):
    values = {
        pw.proposal.pk: {"favourable": "yes", "position": "1", "justification": "Solide."},
        second.pk: {"favourable": "no", "position": "2", "justification": "Trop tôt."},
    }
    for pk, change in (overrides or {}).items():
        values[pk].update(change)
    return values


def scores(call, value=3):
    return {str(c.pk): value for c in call.grid.criteria.all()}


def test_the_referee_fills_one_collective_grid_per_defi(project_world):
    pw = project_world
    review = verdicts.fill_collective_grid(
        pw.panel, pw.proposal, pw.juror, scores(pw.call), "Collectif.", "yes"
    )
    assert (review.panel, review.stage, review.total) == (pw.panel, Review.Stage.INTERVIEW, 15)
    assert ActivityLog.objects.get(action="review.submitted").data["collective"] is True
    colleague = UserFactory(username="colleague")
    pw.panel.members.add(colleague)
    with pytest.raises(ReviewError, match="Seul le référent"):
        verdicts.fill_collective_grid(pw.panel, pw.proposal, colleague, scores(pw.call), "", "yes")
    with pytest.raises(ReviewError, match="n'auditionne pas ce défi"):
        verdicts.fill_collective_grid(
            pw.panel, pw.other_proposal, pw.juror, scores(pw.call), "", "yes"
        )
    assert Review.objects.count() == 1


def test_verdicts_are_saved_together_and_the_team_is_told(auditioned):
    pw, second = auditioned
    saved = verdicts.give_verdicts(pw.panel, pw.juror, entries(pw, second), str(second.pk))
    assert len(saved) == 2
    first = PanelVerdict.objects.get(proposal=pw.proposal)
    assert (first.favourable, first.position, first.favourite, first.decided_by) == (
        True,
        1,
        False,
        pw.juror,
    )
    assert PanelVerdict.objects.get(proposal=second).favourite is True
    logged = ActivityLog.objects.filter(action="verdict.given")
    assert {e.object_id for e in logged} == {str(pw.proposal.pk), str(second.pk)}
    message = OutboxMessage.objects.get()
    assert message.to == ["equipe@eig.example"]
    assert message.subject == "Avis du « Jury des défis A »"
    assert f"/jurys/defis/{pw.call.pk}/consolidation/" in message.body
    # Given again, the favourite moves (one per panel): no constraint is broken.
    verdicts.give_verdicts(pw.panel, pw.team, entries(pw, second), str(pw.proposal.pk))
    assert PanelVerdict.objects.get(favourite=True).proposal == pw.proposal
    assert ActivityLog.objects.filter(action="verdict.updated").count() == 2


@pytest.mark.parametrize(
    ("overrides", "favourite", "field", "message"),
    [
        ({"second": {"position": "1"}}, "", "position-second", "Le rang 1 est donné à plusieurs"),
        ({"second": {"position": "3"}}, "", "position-second", "un nombre entier de 1 à 2"),
        ({"second": {"favourable": ""}}, "", "favourable-second", "favorable ou défavorable"),
        ({"second": {"justification": "  "}}, "", "justification-second", "Justifiez"),
        ({"second": {"justification": "x" * 3001}}, "", "justification-second", "3000"),
        ({}, "other", "favourite", "l'un des défis de ce jury"),
    ],
)
def test_bad_verdicts_are_refused_and_nothing_is_saved(
    auditioned, overrides, favourite, field, message
):
    pw, second = auditioned
    keys = {"second": second.pk, "other": pw.other_proposal.pk}
    changes = {keys[k]: v for k, v in overrides.items()}
    with pytest.raises(verdicts.VerdictError) as error:
        verdicts.give_verdicts(
            pw.panel, pw.juror, entries(pw, second, changes), keys.get(favourite, "")
        )
    key = field.replace("second", str(second.pk))
    assert message in error.value.errors[key]
    assert not PanelVerdict.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert not ActivityLog.objects.filter(action__startswith="verdict").exists()


def test_verdicts_wait_for_the_auditions_and_the_referee(auditioned):
    pw, second = auditioned
    later = timezone.now() + datetime.timedelta(hours=2)
    Audition.objects.filter(proposal=second).update(starts_at=later)
    with pytest.raises(verdicts.VerdictError) as error:
        verdicts.give_verdicts(pw.panel, pw.juror, entries(pw, second), "")
    assert error.value.errors["form"] == (
        "Les avis se donnent une fois l'audition commencée ; pas encore : « Second » "
        f"(audition le {format_moment(later)}). La grille collective peut déjà être remplie."
    )
    colleague = UserFactory(username="colleague")
    pw.panel.members.add(colleague)
    with pytest.raises(verdicts.VerdictError, match="Seul le référent"):
        verdicts.give_verdicts(pw.panel, colleague, entries(pw, second), "")
    assert not PanelVerdict.objects.exists()


def test_jurors_comment_before_the_jury(project_world):
    pw = project_world
    ProposalNote.objects.create(
        proposal=pw.proposal, kind=ProposalNote.Kind.JURY_QUESTION, body="Budget ?"
    )
    ProposalNote.objects.create(proposal=pw.proposal, kind=ProposalNote.Kind.PRIVATE, body="Non")
    note = add_juror_comment(pw.proposal, pw.juror, "  Bonne équipe.  ")
    assert (note.kind, note.body) == (ProposalNote.Kind.JUROR_COMMENT, "Bonne équipe.")
    entry = ActivityLog.objects.get(action="juror_comment.added")
    assert entry.data == {"note_id": note.pk, "length": 13}  # no text in the log
    questions, comments = jury_notes(pw.proposal)
    assert [n.body for n in questions] == ["Budget ?"] and comments == [note]
    for body, message in (("   ", "Écrivez votre commentaire"), ("x" * 3001, "3000")):
        with pytest.raises(JuryError, match=message):
            add_juror_comment(pw.proposal, pw.juror, body)
    assert ProposalNote.objects.filter(kind=ProposalNote.Kind.JUROR_COMMENT).count() == 1


def test_the_pool_takes_existing_accounts_and_lets_them_go(project_world):
    pw = project_world
    with pytest.raises(JuryError, match="Aucun compte actif n'utilise l'adresse"):
        account_by_email("personne@example.org")
    user = account_by_email("Preinstructor@Example.org")
    assert user == pw.preinstructor
    member = add_to_pool(pw.call, user, "alumni", pw.other_organisation, pw.team)
    assert ActivityLog.objects.get(action="jury_pool.added").data["category"] == "alumni"
    with pytest.raises(JuryError, match="fait déjà partie du vivier"):
        add_to_pool(pw.call, user, "alumni", None, pw.team)
    with pytest.raises(JuryError, match="profil"):
        add_to_pool(pw.call, pw.director, "astronaut", None, pw.team)
    assert JuryPoolMember.objects.filter(call=pw.call).count() == 3
    assert remove_from_pool(member, pw.team) == []
    juror = JuryPoolMember.objects.get(call=pw.call, user=pw.juror)
    assert remove_from_pool(juror, pw.team) == ["Jury des défis A"]
    pw.panel.refresh_from_db()
    assert pw.panel.referee is None and not pw.panel.members.filter(pk=pw.juror.pk).exists()
    removed = ActivityLog.objects.filter(action="jury_pool.removed").order_by("pk")
    assert [e.data["panels"] for e in removed] == [[], [pw.panel.pk]]


def test_verdicts_open_when_the_last_audition_starts(auditioned):
    """The deliberation is the audition's last phase: the verdicts are given during it."""
    pw, second = auditioned
    started = timezone.now() - datetime.timedelta(minutes=10)
    Audition.objects.filter(proposal=second).update(starts_at=started)
    assert Audition.objects.get(proposal=second).ends_at > timezone.now()  # not over yet
    saved = verdicts.give_verdicts(pw.panel, pw.juror, entries(pw, second), "")
    assert len(saved) == 2
    assert ActivityLog.objects.filter(action="verdict.given").count() == 2


def test_an_unscheduled_audition_keeps_the_verdicts_closed(auditioned):
    pw, second = auditioned
    Audition.objects.filter(proposal=second).delete()
    with pytest.raises(verdicts.VerdictError) as error:
        verdicts.give_verdicts(pw.panel, pw.juror, entries(pw, second), "")
    assert error.value.errors["form"] == (
        "Les avis se donnent une fois l'audition commencée ; pas encore : « Second » "
        "(audition non programmée). La grille collective peut déjà être remplie."
    )
    assert not PanelVerdict.objects.exists()


def test_the_collective_grid_may_be_filled_before_the_audition(auditioned):
    pw, second = auditioned
    Audition.objects.filter(proposal=second).update(
        starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    review = verdicts.fill_collective_grid(pw.panel, second, pw.juror, scores(pw.call), "", "yes")
    assert (review.proposal, review.panel, review.total) == (second, pw.panel, 15)


def test_the_pages_say_when_the_verdicts_open(auditioned, client):
    pw, second = auditioned
    later = timezone.now() + datetime.timedelta(days=3)
    Audition.objects.filter(proposal=second).update(starts_at=later)
    client.force_login(pw.juror)
    when = format_moment(later)
    page = client.get(reverse("defi_jury:verdicts", args=[pw.panel.pk])).content.decode()
    assert f"Ce formulaire s’ouvre le {when} (heure de Paris)" in html.unescape(page)
    page = client.get(reverse("defi_jury:panel", args=[pw.panel.pk])).content.decode()
    assert f"Les avis s’ouvrent le {when} (heure de Paris)" in html.unescape(page)
    response = client.post(reverse("defi_jury:verdicts", args=[pw.panel.pk]), {})
    assert response.status_code == 200
    assert "Les avis se donnent une fois l&#x27;audition commencée" in response.content.decode()
    assert not PanelVerdict.objects.exists()
