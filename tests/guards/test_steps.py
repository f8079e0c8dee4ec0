"""The numbered steps of a call are the same for everyone; a step the reader cannot act on
is shown with who acts on it."""

import html
import re

import pytest
from django.urls import reverse

from cohorte.calls.steps import call_steps

pytestmark = pytest.mark.django_db

LABELS = [
    "Vérifier l'éligibilité et la complétude des candidatures",
    "Présélectionner les candidatures pour une audition",
    "Planifier les auditions et envoyer les invitations",
    "Auditionner et remplir les grilles",
    "Classer les candidats par défi",
    "Préparer les décisions",
    "Valider les décisions",
    "Envoyer les décisions",
    "Publier les EIG retenu·es",
]
ACTORS = ["team", "team", "team", "juries", "juries", "team", "direction", "team", "team"]


@pytest.mark.parametrize(
    ("role", "acts_on"),
    [
        ("team", {"team", "juries"}),
        ("director", {"team", "juries", "direction"}),
        ("juror", {"juries"}),
    ],
)
def test_the_same_numbered_steps_for_everyone(world, role, acts_on):
    steps = call_steps(world.call, getattr(world, role))
    assert [(s.number, s.label, s.actor) for s in steps] == list(
        zip(range(1, 10), LABELS, ACTORS, strict=True)
    )
    assert [s.can_act for s in steps] == [actor in acts_on for actor in ACTORS]


def test_a_juror_of_another_call_acts_on_nothing(world):
    from tests.factories import ApplicationCallFactory

    other = ApplicationCallFactory()
    assert not any(s.can_act for s in call_steps(other, world.juror))


def _steps_block(page: str, call) -> str:
    section = page.split(f'id="etapes-{call.pk}"')[1]
    return section.split("<ol")[1].split(">", 1)[1].split("</ol>")[0]


def _items(block: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip()
        for item in block.split("</li>")[:-1]
    ]


@pytest.mark.parametrize(
    ("role", "url_name"),
    [("team", "team_dashboard"), ("director", "team_dashboard"), ("juror", "jury_home")],
)
def test_each_page_lists_the_steps_with_who_acts(client, world, role, url_name):
    client.force_login(getattr(world, role))
    url = (
        reverse("team:call_dashboard", args=[world.call.pk])
        if url_name == "team_dashboard"
        else reverse("selection:home")
    )
    response = client.get(url)
    assert response.status_code == 200
    block = _steps_block(html.unescape(response.content.decode()), world.call)
    items = _items(block)
    assert [item.split(" Action de : ")[0] for item in items] == LABELS
    validation = reverse("selection:validation") + f"?appel={world.call.slug}"
    assert (f'href="{validation}"' in block) is (role == "director")
    assert items[6].startswith("Valider les décisions Action de : la direction du programme")
    assert items[5].startswith(
        "Préparer les décisions Action de : l'équipe du programme — pas encore : l'appel est "
        "encore ouvert"
    )
    preparation = reverse("selection:decisions") + f"?appel={world.call.slug}"
    assert (f'href="{preparation}"' in block) is (role != "juror")
