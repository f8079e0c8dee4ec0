"""The call for projects has its own numbered steps, the same for everyone: a step the reader
cannot act on is shown with who acts on it, a guarded step with what it still waits for."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorte.calls.steps import project_steps
from cohorte.projects.models import Audition
from cohorte.public.formats import format_moment
from tests.project_world import after_auditions

pytestmark = pytest.mark.django_db

LABELS = [
    "Vérifier l'éligibilité et la complétude des propositions",
    "Pré-instruire les propositions sur la grille",
    "Retenir les propositions pour le jury des défis",
    "Constituer le vivier de jurés",
    "Composer les jurys, planifier les auditions et convoquer",
    "Auditionner les défis, remplir les grilles et donner les avis",
    "Classer les défis (classement consolidé)",
    "Préparer les décisions",
    "Valider les décisions",
    "Envoyer les décisions",
    "Rédiger la page publique des défis retenus",
    "Publier les défis retenus",
]
ACTORS = [
    "team", "preinstruction", "team", "team", "team", "defi_juries", "team", "team",
    "direction", "team", "team", "team",
]  # fmt: skip
ACTOR_WORDS = {
    "team": "l'équipe du programme",
    "preinstruction": "l'équipe du programme et les pré-instructeurs",
    "defi_juries": "les jurys des défis",
    "direction": "la direction du programme",
}


@pytest.mark.parametrize(
    ("role", "acts_on"),
    [
        ("team", {"team", "preinstruction", "defi_juries"}),
        ("director", {"team", "preinstruction", "defi_juries", "direction"}),
        ("preinstructor", {"preinstruction"}),
        ("juror", {"defi_juries"}),
        ("admin_user", set()),
    ],
)
def test_the_same_numbered_steps_for_everyone(project_world, role, acts_on):
    steps = project_steps(project_world.call, getattr(project_world, role))
    assert [(s.number, s.label, s.actor) for s in steps] == list(
        zip(range(1, 13), LABELS, ACTORS, strict=True)
    )
    assert [s.can_act for s in steps] == [actor in acts_on for actor in ACTORS]


def test_a_juror_of_another_call_acts_on_no_jury_step(project_world):
    from tests.factories import ProjectCallFactory

    other = ProjectCallFactory()
    assert not any(s.can_act for s in project_steps(other, project_world.juror))


def test_guarded_steps_say_what_they_wait_for_then_nothing(project_world):
    call = project_world.call
    soon = timezone.now() + datetime.timedelta(days=2)
    call.announcement_at = None
    call.save(update_fields=["announcement_at"])
    Audition.objects.create(
        panel=project_world.panel, proposal=project_world.proposal, starts_at=soon
    )
    waiting = {s.number: s.waiting for s in project_steps(call, project_world.team)}
    moment = " ".join(format_moment(soon).split())
    assert " ".join(waiting[6].split()) == (
        "les avis se donnent une fois les auditions du jury commencées (premiers avis "
        f"possibles le {moment})"
    )
    for number in (8, 9, 10):
        assert waiting[number].startswith("l'appel est encore ouvert aux dépôts jusqu'au ")
        assert "les auditions du jury des défis se terminent le " in waiting[number]
    assert waiting[12] == "l'appel n'a pas de date d'annonce publique des résultats"
    assert all(waiting[n] == "" for n in (1, 2, 3, 4, 5, 7, 11))

    after_auditions(project_world)
    call.announcement_at = timezone.now() - datetime.timedelta(hours=1)
    call.save(update_fields=["announcement_at"])
    assert all(s.waiting == "" for s in project_steps(call, project_world.team))


def _steps_block(page: str, call) -> str:
    section = page.split(f'id="etapes-{call.pk}"')[1]
    return section.split("<ol")[1].split(">", 1)[1].split("</ol>")[0]


def _items(block: str) -> list[str]:
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip()
        for item in block.split("</li>")[:-1]
    ]


PAGES = {
    "instruction": lambda call: reverse("instruction:call", args=[call.pk]),
    "selection": lambda call: reverse("project_decisions:selection", args=[call.pk]),
    "jury_home": lambda call: reverse("defi_jury:home"),
}


@pytest.mark.parametrize(
    ("role", "page"),
    [
        ("team", "instruction"),
        ("team", "selection"),
        ("director", "instruction"),
        ("director", "selection"),
        ("preinstructor", "instruction"),
        ("juror", "jury_home"),
    ],
)
def test_each_page_lists_the_steps_with_who_acts(client, project_world, role, page):
    call = project_world.call
    client.force_login(getattr(project_world, role))
    response = client.get(PAGES[page](call))
    assert response.status_code == 200
    block = _steps_block(html.unescape(response.content.decode()), call)
    items = _items(block)
    assert [item.split(" Action de : ")[0] for item in items] == LABELS
    for item, actor in zip(items, ACTORS, strict=True):
        assert item.split(" Action de : ")[1].startswith(ACTOR_WORDS[actor])
    validation = reverse("project_decisions:validation", args=[call.pk])
    assert (f'href="{validation}"' in block) is (role == "director")
    preparation = reverse("project_decisions:selection", args=[call.pk])
    assert (f'href="{preparation}"' in block) is (role in ("team", "director"))
    preinstruction = reverse("instruction:call", args=[call.pk])
    assert (f'href="{preinstruction}"' in block) is (role != "juror")
    assert (f'href="{reverse("defi_jury:home")}"' in block) is (role != "preinstructor")
    assert items[7].startswith(
        "Préparer les décisions Action de : l'équipe du programme — pas encore : l'appel est "
        "encore ouvert"
    )


def test_the_administration_sees_no_steps_page(client, project_world):
    client.force_login(project_world.admin_user)
    for page in PAGES.values():
        assert client.get(page(project_world.call)).status_code in (403, 404)
