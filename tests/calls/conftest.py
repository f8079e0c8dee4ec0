"""Fixtures of the call-for-applications tests: real PDFs, calls at fixed dates, drafts."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from cohorte.calls.models import Application, Question, Round
from tests.factories import ApplicationCallFactory, ApplicationFactory, UserFactory

PARIS = ZoneInfo("Europe/Paris")
# The call of these tests closes on 7 June 2026 at 23:00, Paris time.
OPENS = datetime.datetime(2026, 5, 1, 9, 0, tzinfo=PARIS)
CLOSES = datetime.datetime(2026, 6, 7, 23, 0, tzinfo=PARIS)
DURING = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=PARIS)


def make_pdf(pages: int = 1) -> bytes:
    """A real, valid PDF with blank pages."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(name: str = "cv.pdf", content: bytes | None = None, pages: int = 1):
    """An uploaded file as Django gives it to a view."""
    return SimpleUploadedFile(
        name, make_pdf(pages) if content is None else content, content_type="application/pdf"
    )


EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


@pytest.fixture
def pdf():
    return make_pdf(2)


@pytest.fixture
def fixed_call(db):
    """A call open from 1 May to 7 June 2026 at 23:00 (Paris), with one round, as configured."""
    call = ApplicationCallFactory(opens_at=OPENS, closes_at=CLOSES, title="Appel EIG 2026")
    call.challenges.add(*_challenges(call))
    return call


def _challenges(call):
    from tests.factories import ChallengeFactory

    return [
        ChallengeFactory(cohort=call.cohort, title=f"Défi {name}", slug=f"defi-{name}")
        for name in ("alpha", "beta", "gamma", "delta")
    ]


@pytest.fixture
def candidate(db):
    return UserFactory(username="camille", email="camille@example.org")


@pytest.fixture
def draft(fixed_call, candidate):
    """An empty draft of the candidate on the fixed call."""
    return ApplicationFactory(
        call=fixed_call,
        candidate=candidate,
        status=Application.Status.DRAFT,
        round=None,
        submitted_at=None,
        first_submitted_at=None,
        version=0,
        first_name="",
        last_name="",
    )


def complete_data(call, cv=True) -> dict:
    """Draft data that makes an application complete."""
    challenges = list(call.challenges.order_by("title"))
    data = {
        "first_name": "Camille",
        "last_name": "Martin",
        "phone": "06 12 34 56 78",
        "answers": {
            str(q.pk): "Une réponse réfléchie."
            for q in call.questions.all()
            if q.kind in (Question.Kind.LONG_TEXT, Question.Kind.SHORT_TEXT)
        },
        "choices": [{"challenge": challenges[0].pk, "profile": None}],
        "statements": list(call.statements.values_list("pk", flat=True)),
        "gender": "woman",
        "publication_consent": True,
    }
    if cv:
        data["files"] = {"cv": upload("Mon CV.pdf", pages=2)}
    return data


def second_round(call):
    """Split the call in two rounds: until 15 May 23:00, then until 7 June 23:00."""
    middle = datetime.datetime(2026, 5, 15, 23, 0, tzinfo=PARIS)
    call.rounds.update(closes_at=middle, name="Session 1")
    return Round.objects.create(
        call=call,
        name="Session 2",
        opens_at=datetime.datetime(2026, 5, 20, 9, 0, tzinfo=PARIS),
        closes_at=CLOSES,
    )
