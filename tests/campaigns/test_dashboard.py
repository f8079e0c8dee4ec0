"""The figures per tracked link and per heard-from answer, exact, counted by the database."""

import pytest
from django.urls import reverse

from cohorte.calls.models import Application
from cohorte.campaigns import domain
from cohorte.campaigns.models import Arrival, Channel
from cohorte.projects.models import Proposal
from tests.factories import ApplicationFactory, InterviewSlotFactory, ProposalFactory

pytestmark = pytest.mark.django_db
S = Application.Status


def _arrive(call, status, channel=None, answer=None, interviews=0, submitted=True):
    application = ApplicationFactory(call=call, status=status)
    if not submitted:
        Application.objects.filter(pk=application.pk).update(
            submitted_at=None, first_submitted_at=None
        )
    for _ in range(interviews):
        InterviewSlotFactory(application=application, panel__call=call)
    Arrival.objects.create(call=call, application=application, channel=channel, answer=answer,
                           consent=channel is not None)  # fmt: skip
    return application


def _row(rows, label):
    row = next(r for r in rows if r["label"] == label)
    return (row["started"], row["submitted"], row["shortlisted"], row["selected"])


def test_figures_per_channel_and_per_answer(world, django_assert_max_num_queries):
    call = world.call
    linkedin = Channel.objects.create(call=call, label="LinkedIn", slug="linkedin",
                                      utm_source="linkedin", utm_medium="social")  # fmt: skip
    school = Channel.objects.create(call=call, label="École", slug="ecole",
                                    utm_source="ecole", utm_medium="affiche")  # fmt: skip
    Channel.objects.create(call=call, label="Presse", slug="presse", utm_source="presse",
                           utm_medium="article")  # fmt: skip
    question = domain.configure_question(call, "Comment ?", False, ["Réseaux", "Amis"], world.team)
    social, friends = question.answers.order_by("order")
    _arrive(call, S.DRAFT, linkedin, social, submitted=False)
    _arrive(call, S.SUBMITTED, linkedin, social)
    _arrive(call, S.SHORTLISTED, linkedin, friends)
    _arrive(call, S.SELECTED, linkedin, social, interviews=2)  # counted once
    _arrive(call, S.NOT_SELECTED, linkedin, None, interviews=1)  # interviewed, then not selected
    _arrive(call, S.NOT_SELECTED, school, friends)  # never interviewed
    _arrive(call, S.SELECTED, None, friends)
    _arrive(call, S.WITHDRAWN, school, None)  # withdrawn after submitting
    # Another call's arrival does not count.
    other = ApplicationFactory(status=S.SELECTED)
    Arrival.objects.create(call=other.call, application=other, answer=social)

    with django_assert_max_num_queries(6):
        figures = domain.dashboard(call)
    assert _row(figures["channels"], "LinkedIn") == (5, 4, 3, 1)
    assert _row(figures["channels"], "École") == (2, 2, 0, 0)
    assert _row(figures["channels"], "Presse") == (0, 0, 0, 0)
    assert _row(figures["channels"], None) == (1, 1, 0, 1)
    assert _row(figures["answers"], "Réseaux") == (3, 2, 1, 1)
    assert _row(figures["answers"], "Amis") == (3, 3, 1, 1)
    assert _row(figures["answers"], None) == (2, 2, 1, 0)


def test_the_dashboard_page_shows_the_figures(world, client):
    channel = Channel.objects.create(call=world.call, label="LinkedIn", slug="linkedin",
                                     utm_source="linkedin", utm_medium="social")  # fmt: skip
    _arrive(world.call, S.SELECTED, channel)
    client.force_login(world.director)
    page = client.get(reverse("campaigns:dashboard", args=[world.call.pk])).content.decode()
    assert '<th scope="row">LinkedIn</th>\n        <td>1</td><td>1</td><td>0</td><td>1</td>' in page
    assert "Sans lien suivi (ou sans accord)" in page and "Présélectionnées" in page


def test_figures_of_a_call_for_projects(project_world):
    call = project_world.call
    channel = Channel.objects.create(call=call, label="Lettre", slug="lettre",
                                     utm_source="dinum", utm_medium="email")  # fmt: skip
    for status in ("draft", "submitted", "shortlisted", "selected", "not_selected"):
        proposal = ProposalFactory(call=call, status=status)
        Arrival.objects.create(call=call, proposal=proposal, channel=channel, consent=True)
    Proposal.objects.filter(call=call, status="draft").update(first_submitted_at=None)
    figures = domain.dashboard(call)
    assert figures["is_projects"] is True
    assert _row(figures["channels"], "Lettre") == (5, 4, 2, 1)
