"""The interview form's date and time fields carry values that a browser's pickers show."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_editing_an_interview_shows_its_day_in_the_date_picker(client, world):
    slot = world.application.interviews.get()
    client.force_login(world.team)
    page = client.get(reverse("selection:slot_edit", args=[slot.pk])).content.decode()
    day = re.search(r'<input type="date" name="day" value="([^"]*)"', page).group(1)
    time = re.search(r'<input type="time" name="time" value="([^"]*)"', page).group(1)
    # A date input shows nothing of "05/01/2027": HTML wants 2027-01-05.
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", day)
    assert re.fullmatch(r"\d\d:\d\d", time)
