"""The call for projects' side of item 5 (issue #16): a conflict on a proposal keeps it out
of the consolidation, the selection of défis, the decisions and their exports, and the
défi jury's pages and actions of the person who declared it."""

import csv
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from cohorte.accounts.roles import add_to_team
from cohorte.projects.models import Audition, PanelVerdict
from cohorte.reviews.models import Conflict
from cohorte.selection import decisions as selection_domain
from cohorte.selection.models import Decision
from tests.factories import UserFactory
from tests.projects.decisions_helpers import decisions, stage, text, verdicts

pytestmark = pytest.mark.django_db

MINE = "Détecter les fraudes"  # the conflicted proposal (panel A, the juror is its referee)
OTHER = "Numériser les archives"
NOTICE = "1 proposition vous est masquée (conflit d’intérêts)"
HIGH = Decimal("42600.00")  # the high estimate of each proposal (full_proposal_data)


@pytest.fixture
def pw(project_world):
    verdicts(project_world)
    project_world.director2 = UserFactory(username="director2")
    add_to_team(project_world.director2, director=True)
    project_world.team2 = UserFactory(username="team2")
    add_to_team(project_world.team2)
    return project_world


def declare(pw, user):
    Conflict.objects.create(proposal=pw.proposal, reviewer=user, reason="Ancien employeur")


def state():
    return (
        list(Decision.objects.order_by("pk").values_list("pk", "outcome", "status")),
        list(Audition.objects.order_by("pk").values_list("pk", "starts_at", "locked")),
        list(PanelVerdict.objects.values_list("pk", "position")),
    )


def csv_text(response) -> str:
    return "\n".join(",".join(r) for r in csv.reader(io.StringIO(response.getvalue().decode())))


def _url(name, pw, *args):
    return reverse(f"project_decisions:{name}", args=[pw.call.pk, *args])


# Consolidation ---------------------------------------------------------------------------


def test_the_consolidation_and_its_export_leave_the_conflicted_proposal_out(pw, client):
    declare(pw, pw.team)
    client.force_login(pw.team)
    page = text(client.get(reverse("defi_jury:consolidation", args=[pw.call.pk])))
    assert MINE not in page and OTHER in page and NOTICE in page
    # The ranks are the whole call's: the visible défi keeps its second place.
    assert re.search(r"<td>2</td>\s*<t[dh][^>]*>" + OTHER, page)
    export = client.get(reverse("defi_jury:consolidation_export", args=[pw.call.pk, "csv"]))
    content = export.getvalue().decode("utf-8-sig")
    assert OTHER in content and MINE not in content


# Selection of the défis -------------------------------------------------------------------


def test_the_selection_hides_the_line_and_keeps_the_total_exact(pw, client):
    stage(pw, pw.proposal)  # by the team (no conflict): the proposal is retained
    declare(pw, pw.team2)
    client.force_login(pw.team2)
    page = text(client.get(_url("selection", pw)))
    assert MINE not in page and OTHER in page and NOTICE in page
    assert "Défis retenus qui vous sont masqués (conflit d’intérêts)" in page
    # Its co-funding still counts in the total, on a line that names no défi.
    compact = re.sub(r"\s+", " ", page)
    assert "Cofinancement des défis retenus (haut de l’estimation) : <strong>42 600 €" in compact


def test_a_conflicted_team_member_cannot_stage_the_selection(pw, client):
    declare(pw, pw.team)
    client.force_login(pw.team)
    before = state()
    response = client.post(
        _url("selection", pw), {"retenir": [pw.other_proposal.pk], "preparer": "1"}
    )
    assert response.status_code == 400
    assert "la sélection des défis, qui les compare toutes, revient à un·e autre" in text(response)
    assert state() == before
    assert not Decision.objects.exists()


def test_a_conflicted_team_member_cannot_cancel_the_decision(pw, client):
    stage(pw, pw.proposal)
    declare(pw, pw.team2)
    client.force_login(pw.team2)
    before = state()
    response = client.post(_url("unstage", pw, pw.proposal.pk))
    assert response.status_code == 404
    assert state() == before


def test_a_conflicted_director_cannot_validate_and_another_director_does(pw, client):
    stage(pw, pw.proposal)
    mine = Decision.objects.get(proposal=pw.proposal)
    declare(pw, pw.director)
    client.force_login(pw.director)
    page = text(client.get(_url("validation", pw)))
    assert MINE not in page and NOTICE in page
    response = client.post(_url("validation", pw), {"decisions": [mine.pk]}, follow=True)
    assert "Une de ces décisions n'est plus à valider : rien n'a changé." in text(response)
    with pytest.raises(selection_domain.DecisionError, match="une autre personne de la direction"):
        selection_domain.validate_decisions([mine], pw.director)
    client.post(_url("validation", pw), {"all": "1"})
    assert Decision.objects.get(pk=mine.pk).status == "staged"
    assert Decision.objects.get(proposal=pw.other_proposal).status == "validated"
    selection_domain.validate_decisions([mine], pw.director2)
    assert Decision.objects.get(pk=mine.pk).status == "validated"


def test_preview_send_and_outbox_leave_the_conflicted_decision_out(pw, client):
    stage(pw, pw.proposal)
    selection_domain.validate_decisions(decisions(pw), pw.director)
    declare(pw, pw.team2)
    client.force_login(pw.team2)
    page = text(client.get(_url("preview", pw)))
    assert MINE not in page and OTHER in page and NOTICE in page
    mine = Decision.objects.get(proposal=pw.proposal)
    before = state()
    response = client.post(_url("send", pw), {"decisions": [mine.pk]}, follow=True)
    assert "Ces décisions ont changé depuis l'aperçu : rien n'a été envoyé." in text(response)
    assert state() == before
    selection_domain.send_decisions(decisions(pw), pw.team)
    page = text(client.get(_url("outbox", pw)))
    assert MINE not in page and OTHER in page and NOTICE in page


def test_the_defis_created_and_the_exports_leave_the_conflicted_defi_out(pw, client):
    stage(pw, pw.proposal, pw.other_proposal)
    selection_domain.validate_decisions(decisions(pw), pw.director)
    selection_domain.send_decisions(decisions(pw), pw.team)
    declare(pw, pw.team2)
    client.force_login(pw.team2)
    page = text(client.get(_url("challenges", pw)))
    assert MINE not in page and OTHER in page and NOTICE in page
    decree = csv_text(client.get(_url("export", pw, "arrete", "csv")))
    assert MINE not in decree and OTHER in decree
    assert "1 défi(s) masqué(s) (conflit d'intérêts)" in decree
    total = next(line for line in decree.splitlines() if line.startswith("Total"))
    assert "85200" in total.replace(" ", "").replace(".00", "")  # both défis, exact
    defis = csv_text(client.get(_url("export", pw, "defis", "csv")))
    assert MINE not in defis and OTHER in defis


# The défi jury ---------------------------------------------------------------------------


def test_a_conflicted_referee_neither_sees_nor_concludes(pw, client):
    declare(pw, pw.juror)  # the juror is the referee of panel A, which auditions it
    client.force_login(pw.juror)
    page = text(client.get(reverse("defi_jury:panel", args=[pw.panel.pk])))
    assert MINE not in page
    assert reverse("defi_jury:verdicts", args=[pw.panel.pk]) not in page
    before = state()
    assert client.get(reverse("defi_jury:verdicts", args=[pw.panel.pk])).status_code == 403
    response = client.post(
        reverse("defi_jury:verdicts", args=[pw.panel.pk]),
        {f"favourable-{pw.proposal.pk}": "yes", f"position-{pw.proposal.pk}": "1",
         f"justification-{pw.proposal.pk}": "Bien."},
    )  # fmt: skip
    assert response.status_code == 403
    assert state() == before
    for name in ("defi", "defi_grid"):
        url = reverse(f"defi_jury:{name}", args=[pw.panel.pk, pw.proposal.pk])
        assert client.get(url).status_code == 404


def test_a_conflicted_team_member_cannot_move_or_lock_the_audition(pw, client):
    import datetime

    from django.utils import timezone

    audition = Audition.objects.create(
        panel=pw.panel,
        proposal=pw.proposal,
        starts_at=timezone.now() + datetime.timedelta(days=10),
        duration_minutes=45,
    )
    declare(pw, pw.team)
    client.force_login(pw.team)
    before = state()
    assert client.get(reverse("defi_jury:audition_move", args=[audition.pk])).status_code == 404
    response = client.post(reverse("defi_jury:audition_lock", args=[audition.pk]), {"locked": "1"})
    assert response.status_code == 404
    assert state() == before
    page = text(client.get(reverse("defi_jury:composition", args=[pw.call.pk])))
    assert MINE not in page


# The back office ---------------------------------------------------------------------------


def test_the_admin_shows_nothing_about_what_a_team_member_is_kept_from(world, pw, client):
    """The activity log carries scores and decisions (review.submitted has the total); the
    team reads it and the proposals in the Django admin."""
    from django.core.management import call_command

    from cohorte.reviews import domain

    call_command("setup_roles", verbosity=0)
    grid = {str(c.pk): 4 for c in world.call.grid.criteria.all()}
    domain.submit_review(world.application, world.mentor, grid, "", "yes")
    domain.submit_review(world.other_application, world.mentor, grid, "", "yes")
    Conflict.objects.create(application=world.application, reviewer=pw.team2)
    declare(pw, pw.team2)
    client.force_login(pw.team2)
    response = client.get(
        reverse("admin:audit_activitylog_changelist"), {"action": "review.submitted"}
    )
    assert response.status_code == 200
    subjects = {entry.object_id for entry in response.context["cl"].result_list}
    assert subjects == {str(world.other_application.pk)}
    response = client.get(reverse("admin:projects_proposal_changelist"))
    shown = set(response.context["cl"].result_list)
    assert pw.proposal not in shown and pw.other_proposal in shown
    url = reverse("admin:projects_proposal_change", args=[pw.proposal.pk])
    assert client.get(url).status_code == 302  # the admin's answer for an object out of reach
