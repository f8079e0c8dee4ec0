"""Bulk actions of the list: confirmation, per-item refusals, audit entries, bad input."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.calls.models import Application
from tests.factories import ApplicationCallFactory, ApplicationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_client(world, client):
    client.force_login(world.team)
    return client


def _url(world):
    return reverse("team:bulk_action", args=[world.call.pk])


def _state():
    return sorted(Application.objects.values_list("pk", "status", "eligibility", "completeness"))


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_a_bulk_action_asks_for_confirmation_first(world, team_client):
    before = _state()
    response = team_client.post(
        _url(world),
        {"action": "ineligible", "ids": [world.application.pk, world.other_application.pk]},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Action « Marquer non éligibles » sur 2 candidatures" in page
    assert world.application.display_name in page and world.other_application.display_name in page
    assert 'name="confirm" value="1"' in page
    assert _state() == before
    assert not ActivityLog.objects.filter(action__startswith="application.").exists()


def test_confirmed_eligibility_changes_each_application_with_its_audit_entry(world, team_client):
    back = reverse("team:application_list", args=[world.call.pk]) + "?status=active&sort=name"
    response = team_client.post(
        _url(world),
        {
            "action": "ineligible",
            "ids": [world.application.pk, world.other_application.pk],
            "confirm": "1",
            "reason": "Agents publics en poste",
            "next": back,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == back
    assert _messages(response) == ["2 candidatures modifiées."]
    for app in (world.application, world.other_application):
        app.refresh_from_db()
        assert app.eligibility == "ineligible"
        entry = ActivityLog.objects.get(object_id=str(app.pk), action="application.eligibility_set")
        assert entry.actor == world.team
        assert entry.data == {
            "value": "ineligible",
            "previous": "pending",
            "reason": "Agents publics en poste",
        }


def test_bulk_shortlist_reports_refusals_one_by_one(world, team_client):
    draft = ApplicationFactory(
        call=world.call, status="draft", submitted_at=None, last_name="Brouillon"
    )
    withdrawn = ApplicationFactory(call=world.call, status="withdrawn", last_name="Retrait")
    Application.objects.filter(pk=world.other_application.pk).update(status="shortlisted")
    response = team_client.post(
        _url(world),
        {
            "action": "shortlist",
            "ids": [world.application.pk, world.other_application.pk, draft.pk, withdrawn.pk],
            "confirm": "1",
        },
    )
    messages = _messages(response)
    assert messages[:2] == [
        "1 candidature modifiée.",
        "1 candidature était déjà dans cet état.",
    ]
    assert len(messages) == 4
    assert (
        "Alex Brouillon : présélection impossible, la candidature est un brouillon" in messages[2]
    )
    assert "Alex Retrait : présélection impossible, la candidature a été retirée." in messages[3]
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert statuses[world.application.pk] == "shortlisted"
    assert (statuses[draft.pk], statuses[withdrawn.pk]) == ("draft", "withdrawn")
    assert list(ActivityLog.objects.values_list("action", "object_id")) == [
        ("application.shortlisted", str(world.application.pk))
    ]


def test_another_calls_application_in_the_selection_changes_nothing(world, team_client):
    stranger = ApplicationFactory(call=ApplicationCallFactory())
    before = _state()
    response = team_client.post(
        _url(world),
        {"action": "eligible", "ids": [world.application.pk, stranger.pk], "confirm": "1"},
    )
    assert response.status_code == 302
    assert _messages(response) == [
        "La sélection contient 1 candidature(s) qui n'appartiennent pas à cet appel ou que vous "
        "ne pouvez pas voir (conflit d'intérêts déclaré) : aucune candidature n'a été modifiée."
    ]
    assert _state() == before
    assert not ActivityLog.objects.exists()


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"action": "eligible"}, "Cochez au moins une candidature."),
        ({"action": "", "ids": ["1"]}, "Choisissez une action."),
        ({"action": "delete", "ids": ["1"]}, "Cette action n'existe pas."),
        ({"action": "eligible", "ids": ["abc"]}, "La sélection contient une candidature inconnue."),
    ],
)
def test_bad_bulk_input_is_refused_with_a_clear_message(world, team_client, data, error):
    before = _state()
    response = team_client.post(_url(world), {**data, "confirm": "1"})
    assert response.status_code == 302
    messages = _messages(response)
    assert error in messages
    assert messages[-1] == "Aucune candidature n'a été modifiée."
    assert _state() == before


def test_export_of_the_selection_opens_the_export_page(world, team_client):
    response = team_client.post(
        _url(world), {"action": "export", "ids": [world.other_application.pk, world.application.pk]}
    )
    first, second = sorted([world.application.pk, world.other_application.pk])
    assert response["Location"] == (
        reverse("team:export", args=[world.call.pk]) + f"?ids={first}&ids={second}"
    )


def test_a_foreign_next_address_is_ignored(world, team_client):
    response = team_client.post(
        _url(world),
        {"action": "complete", "ids": [world.application.pk], "confirm": "1",
         "next": "https://evil.example/gestion/"},
    )  # fmt: skip
    assert response["Location"] == reverse("team:application_list", args=[world.call.pk])
