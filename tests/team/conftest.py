"""Helpers of the team back-office tests."""

import pytest
from django.core.files.base import ContentFile

from cohorte.accounts.roles import add_to_team
from cohorte.calls.models import ApplicationFile, ApplicationVersion
from cohorte.reviews.models import Review
from tests.factories import UserFactory

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def add_file(application, kind="cv", name="cv.pdf", content=PDF, is_current=True, question=None):
    """An uploaded file of an application, stored under a random name."""
    row = ApplicationFile(
        application=application,
        kind=kind,
        question=question,
        original_name=name,
        size=len(content),
        sha256="0" * 64,
        is_current=is_current,
    )
    row.file.save("document.pdf", ContentFile(content), save=False)
    row.save()
    return row


def add_version(application, number, data, submitted_at=None):
    """A submitted version of an application."""
    from django.utils import timezone

    return ApplicationVersion.objects.create(
        application=application,
        number=number,
        submitted_at=submitted_at or timezone.now(),
        data=data,
    )


def add_review(application, reviewer, total, stage="preselection", **extra):
    """A review with a given total."""
    return Review.objects.create(
        application=application, reviewer=reviewer, stage=stage, total=total, **extra
    )


@pytest.fixture
def login(client):
    """Log a user in on the test client (anonymous stays logged out)."""

    def _login(user):
        if getattr(user, "is_authenticated", False):
            client.force_login(user)
        return client

    return _login


@pytest.fixture
def team(client):
    """A member of the programme team, signed in on the test client."""
    user = UserFactory(username="team")
    add_to_team(user)
    client.force_login(user)
    return user
