"""The post editor's tests: a team member, a fixed moment, the form's fields, test images."""

import datetime
import html
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from cohorte.accounts.roles import add_to_team
from tests.factories import UserFactory

NOW = datetime.datetime(2027, 3, 15, 9, tzinfo=datetime.UTC)  # 10:00 in Paris


@pytest.fixture
def on_day():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def team_client(client, db, on_day):
    user = UserFactory(email="redaction@example.org", first_name="Rita", last_name="Daction")
    add_to_team(user)
    client.force_login(user)
    client.user = user
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


def fields(**changes) -> dict:
    """The editor's form as a browser sends it, with ``changes``."""
    data = {
        "kind": "article",
        "title": "Bilan de la promotion 7",
        "slug": "",
        "language": "fr",
        "translation_of": "",
        "author": "",
        "tags_text": "",
        "description": "Dix mois de défis.",
        "body": "Un **bilan**.",
        "image_alt": "",
        "scheduled_date": "",
        "scheduled_time": "",
        "action": "save",
    }
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def image_file(width=2000, height=1000, mode="RGB", fmt="PNG", name="photo.png"):
    """An image upload of the given size."""
    buffer = io.BytesIO()
    Image.new(mode, (width, height), "teal" if mode == "RGB" else (0, 128, 128, 100)).save(
        buffer, fmt
    )
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")
