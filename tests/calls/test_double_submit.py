"""The same form submitted twice at once (two tabs, a double click): one version, never two.

Found by the deadline-rush benchmark on PostgreSQL: when the save and the submission were
two transactions, an unchanged form sent twice passed both saves and made two versions. They
are one transaction under one lock now: the second request waits for the first to finish.
"""

import pytest

from cohorte.audit.models import ActivityLog
from cohorte.calls import applications
from cohorte.calls.applications import StaleRevision
from cohorte.calls.models import Application
from cohorte.notifications.models import OutboxMessage
from tests.calls.conftest import DURING, complete_data

pytestmark = pytest.mark.django_db


def submitted(application) -> dict:
    return {
        "versions": list(application.versions.values_list("number", flat=True)),
        "audit": ActivityLog.objects.filter(
            action="application.submitted", object_id=str(application.pk)
        ).count(),
        "receipts": OutboxMessage.objects.filter(subject__startswith="Candidature reçue").count(),
    }


def test_a_double_click_on_an_unchanged_form_submits_it_once(draft, monkeypatch):
    saved = applications.save_draft(
        draft, complete_data(draft.call), 0, draft.candidate, now=DURING
    )
    unchanged = complete_data(draft.call, cv=False)  # the CV input is empty: already sent
    real_clean_draft = applications.clean_draft

    def overtaken(*args, **kwargs):
        # The second click has checked its form; the first click's whole submission runs
        # (and commits) before the second takes the lock.
        monkeypatch.setattr(applications, "clean_draft", real_clean_draft)
        applications.save_and_submit(draft, unchanged, saved.revision, draft.candidate, now=DURING)
        return real_clean_draft(*args, **kwargs)

    monkeypatch.setattr(applications, "clean_draft", overtaken)
    with pytest.raises(StaleRevision):
        applications.save_and_submit(draft, unchanged, saved.revision, draft.candidate, now=DURING)
    assert submitted(draft) == {"versions": [1], "audit": 1, "receipts": 1}
    assert Application.objects.get(pk=draft.pk).version == 1


def test_submit_refuses_a_revision_other_than_the_saved_one(draft):
    saved = applications.save_draft(
        draft, complete_data(draft.call), 0, draft.candidate, now=DURING
    )
    with pytest.raises(StaleRevision):
        applications.submit(draft, draft.candidate, now=DURING, revision=saved.revision - 1)
    assert submitted(draft) == {"versions": [], "audit": 0, "receipts": 0}
    assert Application.objects.get(pk=draft.pk).status == Application.Status.DRAFT
