"""The candidate's form page is the same, to the byte, with the widgets built in Python."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from cohorte.calls.models import Question
from tests.calls.conftest import EXECUTABLE, upload
from tests.calls.test_views_candidate import form_data

pytestmark = pytest.mark.django_db

TRICKY = '<b>Tom & Jerry\'s "1,5"</b>'
TEMPLATES = "django.forms.renderers.DjangoTemplates"
FAST = "cohorte.forms_renderer.FastWidgetRenderer"
# What differs between two requests whatever renders the widgets: the masked CSRF token.
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+"|("X-CSRFToken": ")[^"]+"')


def add_questions(call):
    """One question of every kind, labels and options with characters to escape."""
    kinds = Question.Kind
    questions = [
        (kinds.SHORT_TEXT, [], 200),
        (kinds.URL, [], 300),
        (kinds.SINGLE_CHOICE, [TRICKY, "Sous 3 mois"], None),
        (kinds.MULTIPLE_CHOICE, ["Python", TRICKY, "R & SQL"], None),
        (kinds.YES_NO, [], None),
        (kinds.FILE, [], None),
    ]
    return {
        kind: Question.objects.create(
            call=call,
            order=10 + order,
            label=f"{TRICKY} {kind}",
            help_text=TRICKY,
            kind=kind,
            required=order % 2 == 0,
            max_length=limit,
            options=options,
        )
        for order, (kind, options, limit) in enumerate(questions)
    }


def page(client, renderer: str, method: str, url: str, data=None) -> tuple[int, str]:
    with override_settings(FORM_RENDERER=renderer):
        response = client.post(url, data) if method == "POST" else client.get(url)
    return response.status_code, TOKEN.sub(r"\1\2TOKEN", response.text)


RENDERERS = (FAST, TEMPLATES)
REVISION = re.compile(r'name="revision" value="\d+"')


def refused_post(client, application, url, answers, renderer) -> tuple[int, str]:
    """The form posted with a file that is not a PDF, its revision number left out."""
    application.refresh_from_db()
    data = {**form_data(application), **answers, "action": "save"}
    status, text = page(client, renderer, "POST", url, {**data, "cv": upload("cv.pdf", EXECUTABLE)})
    return status, REVISION.sub('name="revision" value="REVISION"', text)


def test_the_form_page_is_the_same_with_either_renderer(client, world):
    questions = add_questions(world.call)
    client.force_login(world.candidate)
    url = reverse("calls:application", args=[world.call.slug])
    empty = page(client, FAST, "GET", url)
    assert empty == page(client, TEMPLATES, "GET", url) and empty[0] == 200
    answers = {
        f"q_{questions[Question.Kind.SHORT_TEXT].pk}": TRICKY,
        f"q_{questions[Question.Kind.URL].pk}": "https://example.org/?a=1&b=<2>",
        f"q_{questions[Question.Kind.SINGLE_CHOICE].pk}": TRICKY,
        f"q_{questions[Question.Kind.MULTIPLE_CHOICE].pk}": [TRICKY, "R & SQL"],
        f"q_{questions[Question.Kind.YES_NO].pk}": "yes",
    }
    saved = client.post(
        url, {**form_data(world.application), **answers, "first_name": TRICKY, "action": "save"}
    )
    assert saved.status_code == 302
    assert "Brouillon enregistré" in client.get(url).text  # the message, shown once
    filled = page(client, FAST, "GET", url)
    assert filled == page(client, TEMPLATES, "GET", url)
    escaped = "&lt;b&gt;Tom &amp; Jerry&#x27;s &quot;1,5&quot;&lt;/b&gt;"
    single, multiple = (questions[kind].pk for kind in ("single_choice", "multiple_choice"))
    assert (
        f'<input type="radio" name="q_{single}" value="{escaped}" id="id_q_{single}_0" checked>'
    ) in filled[1]
    assert (
        f'<input type="checkbox" name="q_{multiple}" value="{escaped}" id="id_q_{multiple}_1"'
        " checked>"
    ) in filled[1]
    # The bound form written again with its errors: the good fields are saved each time, the
    # revision moves on between the two posts.
    fast, reference = (refused_post(client, world.application, url, answers, r) for r in RENDERERS)
    assert fast == reference
    assert fast[0] == 400
    assert (
        '<input type="file" name="cv" accept=".pdf,application/pdf" class="fr-upload"'
        ' aria-invalid="true" aria-describedby="id_cv-messages" id="id_cv">'
    ) in fast[1]
