"""Attachments in the outbox: stored as base64 JSON, attached by the worker."""

import pytest
from django.core import mail
from django.core.management import call_command

from cohorte.notifications.domain import attachment, queue_email
from cohorte.notifications.emails import send


def test_attachment_is_json_ready():
    assert attachment("a.ics", "text/calendar", b"BEGIN:VCALENDAR") == {
        "filename": "a.ics",
        "content_type": "text/calendar",
        "content": "QkVHSU46VkNBTEVOREFS",
    }


@pytest.mark.django_db(transaction=True)
def test_the_worker_attaches_the_files():
    queue_email(["a@example.org"], "Objet", "Texte", [attachment("n.txt", "text/plain", b"hi")])
    message = send("application_withdrawn", ["b@example.org"], {}, attachments=[])
    assert message.attachments == []
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert by_recipient["a@example.org"].attachments == [("n.txt", "hi", "text/plain")]
    assert by_recipient["b@example.org"].attachments == []
