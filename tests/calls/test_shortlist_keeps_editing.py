"""Shortlisting never locks an application while its round is open: the candidate may still
edit and submit again; reviewers read the version submitted last."""

import pytest

from cohorte.accounts.roles import add_to_team
from cohorte.calls import applications, screening
from cohorte.calls.applications import WindowClosed
from cohorte.calls.models import Application
from cohorte.reviews.presentation import answer_rows
from tests.calls.conftest import CLOSES, DURING, complete_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shortlisted(draft):
    applications.save_draft(draft, complete_data(draft.call), 0, draft.candidate, now=DURING)
    applications.submit(draft, draft.candidate, now=DURING)
    team = UserFactory(username="equipe")
    add_to_team(team)
    draft.refresh_from_db()
    assert screening.shortlist(draft, team)
    draft.refresh_from_db()
    return draft


def _answers(application) -> list[str]:
    application = Application.objects.get(pk=application.pk)
    return [row["text"] for row in answer_rows(application)]


def test_a_shortlisted_candidate_still_edits_and_resubmits_before_the_close(shortlisted):
    question = str(shortlisted.call.questions.order_by("order").first().pk)
    data = complete_data(shortlisted.call, cv=False)
    data["answers"][question] = "Une réponse précisée."
    saved = applications.save_draft(
        shortlisted, data, shortlisted.revision, shortlisted.candidate, now=DURING
    )
    assert saved.status == Application.Status.SHORTLISTED
    # Reviewers read what was submitted, not the edit in progress.
    assert _answers(shortlisted) == ["Une réponse réfléchie.", "Une réponse réfléchie."]

    applications.submit(saved, saved.candidate, now=DURING)
    saved.refresh_from_db()
    assert (saved.status, saved.version) == (Application.Status.SHORTLISTED, 2)
    assert _answers(shortlisted) == ["Une réponse précisée.", "Une réponse réfléchie."]


def test_after_the_close_a_shortlisted_application_is_closed_like_any_other(shortlisted):
    with pytest.raises(WindowClosed) as refused:
        applications.save_draft(
            shortlisted, {"phone": "01"}, shortlisted.revision, shortlisted.candidate, now=CLOSES
        )
    assert refused.value.message == (
        "L'appel a fermé le 7 juin 2026 à 23 h 00, heure de Paris : votre candidature ne peut "
        "plus être modifiée."
    )
