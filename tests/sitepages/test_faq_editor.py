"""The team keeps the FAQ in /gestion/faq/: add, change, move, delete (after confirming),
preview of the answer; each change audited, bad input refused, visitors see it at once."""

import pytest
from django.test import Client
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.content.models import FaqEntry
from tests.factories import FaqEntryFactory

from .conftest import text

pytestmark = pytest.mark.django_db
NEW = reverse("sitepages:faq_new")
LIST = reverse("sitepages:faq_list")
CANDIDATES, ADMINISTRATIONS = FaqEntry.Audience.CANDIDATES, FaqEntry.Audience.ADMINISTRATIONS


def fields(**changes) -> dict:
    data = {
        "audience": CANDIDATES,
        "section": "",
        "question": "Faut-il être développeur ?",
        "answer": "Non : **tous les profils** du numérique.",
        "language": "fr",
    }
    return data | changes


def state() -> tuple:
    """What a refused form must leave unchanged."""
    rows = FaqEntry.objects.order_by("pk").values_list(
        "pk", "audience", "question", "answer", "order"
    )
    return list(rows), ActivityLog.objects.count()


def questions(audience=CANDIDATES) -> list[str]:
    entries = FaqEntry.objects.filter(audience=audience).order_by("order", "pk")
    return list(entries.values_list("question", flat=True))


def test_the_list_shows_each_audience_in_order(team_client):
    FaqEntryFactory(question="Deuxième ?", order=2)
    FaqEntryFactory(question="Première ?", order=1)
    FaqEntryFactory(question="Pour l’administration ?", audience=ADMINISTRATIONS)

    page = text(team_client.get(LIST))

    assert "<h1>Questions fréquentes</h1>" in page
    assert (
        page.index("Première ?") < page.index("Deuxième ?") < page.index("Pour l’administration ?")
    )
    assert f'href="{NEW}?public=administrations"' in page


# The public cache is bumped when a change commits: these tests commit theirs.
@pytest.mark.django_db(transaction=True)
def test_the_team_adds_a_question_last_of_its_audience(team_client):
    FaqEntryFactory(question="Qui peut candidater ?", order=5)
    visitor = Client()
    assert "Faut-il être développeur ?" not in text(visitor.get("/faq/candidats/"))
    form = team_client.get(NEW + "?public=administrations").content.decode()
    assert '<option value="administrations" selected>' in form

    response = team_client.post(NEW, fields())

    assert (response.status_code, response.url) == (302, LIST)
    entry = FaqEntry.objects.get(question="Faut-il être développeur ?")
    assert entry.order == 6
    [log] = ActivityLog.objects.filter(action="content.faq_created")
    assert log.object_id == str(entry.pk) and log.actor == team_client.user
    assert log.data == {"audience": "candidates", "question": "Faut-il être développeur ?"}
    page = text(visitor.get("/faq/candidats/"))
    assert "Faut-il être développeur ?" in page and "<strong>tous les profils</strong>" in page


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"question": ""}, "question", "Indiquez la question."),
        ({"answer": "  "}, "answer", "Écrivez la réponse."),
        ({"audience": ""}, "audience", "Choisissez à qui s’adresse la question."),
    ],
)
def test_bad_input_is_refused_with_its_message(team_client, changes, field, message):
    entry = FaqEntryFactory()
    before = state()

    for url in (NEW, reverse("sitepages:faq_edit", args=[entry.pk])):
        response = team_client.post(url, fields(**changes))
        assert response.status_code == 400
        assert response.context["form"].errors[field] == [message]
        assert message in text(response)
    assert state() == before


def test_editing_a_question_audits_the_changed_fields(team_client):
    entry = FaqEntryFactory(question="Qui ?", answer="Tout le monde.")
    form = text(team_client.get(reverse("sitepages:faq_edit", args=[entry.pk])))
    assert '<p class="fr-h4">Qui ?</p> <div class="public-richtext"><p>Tout le monde.</p>' in form

    team_client.post(
        reverse("sitepages:faq_edit", args=[entry.pk]),
        fields(question="Qui peut candidater ?", answer="Tout le monde.", section="Candidature"),
    )

    entry.refresh_from_db()
    assert (entry.question, entry.section) == ("Qui peut candidater ?", "Candidature")
    [log] = ActivityLog.objects.filter(action="content.faq_updated")
    assert log.data == {"question": "Qui peut candidater ?", "fields": ["section", "question"]}


def test_a_question_given_to_the_other_audience_goes_last_there(team_client):
    FaqEntryFactory(audience=ADMINISTRATIONS, order=3)
    entry = FaqEntryFactory(audience=CANDIDATES, order=0)

    team_client.post(
        reverse("sitepages:faq_edit", args=[entry.pk]), fields(audience=ADMINISTRATIONS)
    )

    entry.refresh_from_db()
    assert (entry.audience, entry.order) == (ADMINISTRATIONS, 4)


def test_moving_questions_up_and_down(team_client):
    first, _second, third = (FaqEntryFactory(question=q, order=0) for q in ("A ?", "B ?", "C ?"))
    FaqEntryFactory(question="Admin ?", audience=ADMINISTRATIONS)

    response = team_client.post(reverse("sitepages:faq_down", args=[first.pk]))
    assert response.url == LIST + f"#question-{first.pk}"
    assert questions() == ["B ?", "A ?", "C ?"]
    team_client.post(reverse("sitepages:faq_up", args=[third.pk]))
    assert questions() == ["B ?", "C ?", "A ?"]
    assert questions(ADMINISTRATIONS) == ["Admin ?"]
    logs = ActivityLog.objects.filter(action="content.faq_moved").order_by("pk")
    assert [log.data for log in logs] == [
        {"question": "A ?", "direction": "down", "position": 2},
        {"question": "C ?", "direction": "up", "position": 2},
    ]
    public = text(Client().get("/faq/candidats/"))
    assert public.index("B ?") < public.index("C ?") < public.index("A ?")


def test_the_first_cannot_go_up_nor_the_last_down(team_client):
    first, last = FaqEntryFactory(question="A ?", order=0), FaqEntryFactory(question="B ?", order=1)
    before = state()

    up = team_client.post(reverse("sitepages:faq_up", args=[first.pk]), follow=True)
    down = team_client.post(reverse("sitepages:faq_down", args=[last.pk]), follow=True)

    assert "Cette question est déjà la première." in text(up)
    assert "Cette question est déjà la dernière." in text(down)
    assert state() == before


def test_deleting_asks_first_then_deletes_and_audits(team_client):
    entry = FaqEntryFactory(question="Obsolète ?", answer="Plus *maintenant*.")
    url = reverse("sitepages:faq_delete", args=[entry.pk])

    confirm = text(team_client.get(url))
    assert FaqEntry.objects.filter(pk=entry.pk).exists()
    assert "Obsolète ?" in confirm and "<em>maintenant</em>" in confirm
    assert "Supprimer définitivement" in confirm

    response = team_client.post(url)

    assert (response.status_code, response.url) == (302, LIST)
    assert not FaqEntry.objects.filter(pk=entry.pk).exists()
    [log] = ActivityLog.objects.filter(action="content.faq_deleted")
    assert log.object_id == str(entry.pk)
    assert log.data == {
        "audience": "candidates",
        "question": "Obsolète ?",
        "answer": "Plus *maintenant*.",
    }


def test_the_answer_s_preview(team_client):
    entry = FaqEntryFactory()
    data = fields(answer='Oui <script>alert("x")</script> *vraiment*')

    live = team_client.post(reverse("sitepages:faq_preview"), data, headers={"HX-Request": "true"})
    whole = team_client.post(reverse("sitepages:faq_preview") + f"?question={entry.pk}", data)

    assert "<em>vraiment</em>" in text(live) and "<html" not in text(live)
    assert "<script>alert" not in live.content.decode()
    assert "<h1>Modifier la question</h1>" in text(whole) and "<em>vraiment</em>" in text(whole)
    assert f'action="{reverse("sitepages:faq_edit", args=[entry.pk])}"' in text(whole)
    assert FaqEntry.objects.get(pk=entry.pk).answer == "Réponse."
