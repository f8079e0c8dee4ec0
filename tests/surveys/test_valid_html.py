"""The exit survey pages are valid HTML (the Nu checker), with and without errors shown."""

import pytest
from django.urls import reverse

from cohorte.surveys import domain
from tests.html import vnu

from .conftest import NOW, make_survey, secrets_sent

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(vnu.missing() is not None, reason=vnu.missing() or ""),
]


def test_survey_pages_are_valid_html(client, cohort_world, on_day, tmp_path):
    world = cohort_world
    draft = make_survey(world, title="Brouillon")
    sent = make_survey(world, anonymous=False)
    domain.send(sent, world.users["team"], NOW)
    secret = secrets_sent()["camille@example.org"]
    question = draft.questions.first()
    pages = {}
    pages["answer"] = client.get(reverse("surveys:answer", args=[secret]))
    pages["answer_errors"] = client.post(reverse("surveys:answer", args=[secret]), {})
    client.force_login(world.users["team"])
    cohort = world.cohort.pk
    pages.update(
        home=client.get(reverse("surveys:home")),
        list=client.get(reverse("surveys:list", args=[cohort])),
        new_errors=client.post(reverse("surveys:new", args=[cohort]), {"title": ""}),
        draft=client.get(reverse("surveys:survey", args=[cohort, draft.pk])),
        sent=client.get(reverse("surveys:survey", args=[cohort, sent.pk])),
        question=client.get(reverse("surveys:question", args=[cohort, draft.pk, question.pk])),
        question_errors=client.post(
            reverse("surveys:question_new", args=[cohort, draft.pk]), {"kind": "single"}
        ),
        preview=client.get(reverse("surveys:preview", args=[cohort, draft.pk])),
        results=client.get(reverse("surveys:results", args=[cohort, sent.pk])),
    )
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, response in pages.items():
        assert response.status_code in (200, 400), name
        (folder / f"{name}.html").write_bytes(response.content)
    assert [str(p) for p in vnu.check(folder)] == []
