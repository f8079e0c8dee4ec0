"""Helpers for the preselection tests."""

import pytest
from django.core.files.base import ContentFile

from cohorte.calls.models import ApplicationFile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def as_user(client):
    """A client signed in as ``user`` (left anonymous for an anonymous user)."""

    def sign_in(user):
        client.logout()
        if user.is_authenticated:
            client.force_login(user)
        return client

    return sign_in


def add_cv(application, name="cv.pdf", content=PDF, current=True):
    """Attach a CV to an application, stored like the real ones."""
    item = ApplicationFile(
        application=application,
        kind=ApplicationFile.Kind.CV,
        original_name=name,
        size=len(content),
        sha256="0" * 64,
        is_current=current,
    )
    item.file.save(name, ContentFile(content), save=False)
    item.save()
    return item
