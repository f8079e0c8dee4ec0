"""The receipt e-mail really leaves: outbox, then the task worker, then the mail backend."""

import pytest
from django.core import mail
from django.core.management import call_command

from cohorte.calls import applications
from cohorte.notifications.models import OutboxMessage
from tests.calls.conftest import DURING, complete_data

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_receipt_is_delivered_by_the_worker(draft):
    applications.save_draft(draft, complete_data(draft.call), 0, draft.candidate, now=DURING)
    applications.submit(draft, draft.candidate, now=DURING)
    assert mail.outbox == []
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    assert OutboxMessage.objects.get().status == OutboxMessage.Status.SENT
    [message] = mail.outbox
    assert message.to == ["camille@example.org"]
    assert message.subject == "Candidature reçue : Appel EIG 2026"
    assert "le 1er juin 2026 à 12 h 00 (heure de Paris, horodatage du serveur)" in message.body
