"""Configuring calls in the admin, duplicating last year's call, and the roles command."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from cohorte.accounts.roles import DIRECTOR_GROUP, TEAM_GROUP
from cohorte.audit.models import ActivityLog
from cohorte.calls.models import Call, Question, Round, Statement
from cohorte.reviews.models import Grid
from cohorte.text import make_slug
from tests.factories import (
    CallFactory,
    ChallengeFactory,
    CohortFactory,
    FaqEntryFactory,
    GridFactory,
    OrganisationFactory,
    PersonFactory,
    PostFactory,
)
from tests.team.conftest import add_review

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture
def staff_team(world, client):
    """A team member with the admin rights given by ``setup_roles``."""
    call_command("setup_roles", stdout=io.StringIO())
    world.team.refresh_from_db()
    client.force_login(world.team)
    return world


def _management(prefix, total):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def call_form(world, **changes):
    """The admin's add form for a call with one round, one question and one statement."""
    data = {
        "cohort": world.call.cohort.pk,
        "kind": "applications",
        "title": "Appel EIG 6",
        "slug": "eig-6",
        "opens_at_0": "02/03/2026",
        "opens_at_1": "09:00:00",
        "closes_at_0": "07/06/2026",
        "closes_at_1": "23:00:00",
        "max_choices": "3",
        "choice_kind": "challenges",
        "choice_timing": "application",
        "cv_required": "on",
        "portfolio_enabled": "on",
        "max_upload_mb": "10",
        "review_visibility": "after_own",
        "retention_months": "6",
        "challenges": [world.challenge.pk],
        **_management("rounds", 1),
        "rounds-0-name": "Sprint 1",
        "rounds-0-opens_at_0": "02/03/2026",
        "rounds-0-opens_at_1": "09:00:00",
        "rounds-0-closes_at_0": "07/06/2026",
        "rounds-0-closes_at_1": "23:00:00",
        "rounds-0-interviews_start": "15/06/2026",
        "rounds-0-interviews_end": "19/06/2026",
        **_management("questions", 1),
        "questions-0-order": "1",
        "questions-0-label": "Votre langage préféré",
        "questions-0-kind": "single_choice",
        "questions-0-required": "on",
        "questions-0-options": "Python\nRust\n\nGo",
        **_management("statements", 1),
        "statements-0-order": "1",
        "statements-0-text": "Je ne suis pas agent public en poste.",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_setup_roles_is_idempotent_and_opens_the_admin_to_members(world):
    call_command("setup_roles", stdout=io.StringIO())
    team = Group.objects.get(name=TEAM_GROUP)
    first = set(team.permissions.values_list("codename", flat=True))
    assert {"add_call", "change_round", "delete_question", "view_statement", "change_grid",
            "add_criterion", "view_activitylog", "change_emailtemplate"} <= first  # fmt: skip
    assert "delete_activitylog" not in first and "add_application" not in first
    call_command("setup_roles", stdout=io.StringIO())
    assert set(team.permissions.values_list("codename", flat=True)) == first
    assert Group.objects.filter(name__in=[TEAM_GROUP, DIRECTOR_GROUP]).count() == 2
    world.team.refresh_from_db()
    world.director.refresh_from_db()
    assert world.team.is_staff and world.director.is_staff
    world.candidate.refresh_from_db()
    assert not world.candidate.is_staff


def test_a_team_member_configures_a_call_with_its_rounds_questions_and_statements(
    staff_team, client
):
    assert client.get(reverse("admin:calls_call_add")).status_code == 200
    response = client.post(reverse("admin:calls_call_add"), call_form(staff_team))
    assert response.status_code == 302, (
        response.context["adminform"].errors if response.context else ""
    )
    call = Call.objects.get(slug="eig-6")
    assert call.closes_at == datetime.datetime(2026, 6, 7, 23, 0, tzinfo=PARIS)
    assert list(call.challenges.all()) == [staff_team.challenge]
    [round_] = call.rounds.all()
    assert round_.name == "Sprint 1"
    [question] = call.questions.all()
    assert question.options == ["Python", "Rust", "Go"]
    assert call.statements.get().text == "Je ne suis pas agent public en poste."
    actions = set(ActivityLog.objects.values_list("action", flat=True))
    assert {"call.created", "round.created", "question.created", "statement.created"} <= actions


def _errors(response):
    errors = []
    context = response.context
    errors += [str(e) for field in context["adminform"].form.errors.values() for e in field]
    for formset in context["inline_admin_formsets"]:
        for form_errors in formset.formset.errors:
            errors += [str(e) for field in form_errors.values() for e in field]
        errors += [str(e) for e in formset.formset.non_form_errors()]
    return errors


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        (
            {"rounds-0-closes_at_0": "08/06/2026"},
            "La session ne peut fermer après l'appel (7 juin 2026 à 23 h 00, heure de Paris).",
        ),
        (
            {"rounds-0-opens_at_0": "01/03/2026"},
            "La session ne peut ouvrir avant l'appel (2 mars 2026 à 9 h 00, heure de Paris).",
        ),
        (
            {"rounds-0-interviews_start": "01/06/2026"},
            "Les auditions commencent après la clôture de la session.",
        ),
        ({"questions-0-options": ""}, "Une question à choix demande au moins deux options."),
        ({"questions-0-options": "Python\nPython"}, "Options en double : Python."),
        ({"questions-0-kind": "long_text"}, "Seules les questions à choix ont des options."),
        ({"max_choices": "4"}, "Assurez-vous que cette valeur est inférieure ou égale à 3."),
        ({"max_choices": "0"}, "Assurez-vous que cette valeur est supérieure ou égale à 1."),
        ({"closes_at_0": "01/03/2026"}, "La clôture doit venir après l'ouverture."),
        (
            {"choice_timing": "voting"},
            "Un choix par vote après la présélection demande une date de clôture du vote.",
        ),
    ],
)
def test_an_invalid_configuration_is_refused_and_nothing_is_created(
    staff_team, client, changes, error
):
    response = client.post(reverse("admin:calls_call_add"), call_form(staff_team, **changes))
    assert response.status_code == 200
    assert error in _errors(response)
    assert not Call.objects.filter(slug="eig-6").exists()
    assert not Round.objects.filter(name="Sprint 1").exists()


def test_overlapping_rounds_are_refused(staff_team, client):
    data = call_form(staff_team, **_management("rounds", 2))
    data.update({
        "rounds-0-closes_at_0": "01/05/2026", "rounds-0-interviews_start": "",
        "rounds-0-interviews_end": "",
        "rounds-1-name": "Sprint 2", "rounds-1-opens_at_0": "30/04/2026",
        "rounds-1-opens_at_1": "09:00:00", "rounds-1-closes_at_0": "07/06/2026",
        "rounds-1-closes_at_1": "23:00:00",
    })  # fmt: skip
    response = client.post(reverse("admin:calls_call_add"), data)
    assert "Deux sessions se chevauchent : une session ouvre après la précédente." in _errors(
        response
    )
    assert not Call.objects.filter(slug="eig-6").exists()


def test_challenges_of_another_promotion_are_refused(staff_team, client):
    stranger = ChallengeFactory(cohort=CohortFactory(), title="Défi d'une autre promo")
    response = client.post(
        reverse("admin:calls_call_add"), call_form(staff_team, challenges=[stranger.pk])
    )
    assert (
        "Ces défis n'appartiennent pas à la promotion de l'appel : Défi d'une autre promo."
        in _errors(response)
    )


def test_duplicating_last_years_call(staff_team, client):
    call = staff_team.call
    call.opens_at = datetime.datetime(2025, 3, 2, 9, 0, tzinfo=PARIS)
    call.closes_at = datetime.datetime(2025, 6, 7, 23, 0, tzinfo=PARIS)  # summer time
    call.save()
    call.rounds.update(opens_at=call.opens_at, closes_at=call.closes_at,
                       interviews_start=datetime.date(2025, 6, 16))  # fmt: skip
    Question.objects.filter(call=call).update(options=[])
    next_cohort = CohortFactory(programme=call.cohort.programme, number=call.cohort.number + 1)
    response = client.post(
        reverse("admin:calls_call_changelist"),
        {"action": "duplicate", "_selected_action": [call.pk]},
        follow=True,
    )
    assert response.status_code == 200
    copy = Call.objects.exclude(pk=call.pk).get(title=f"{call.title} (copie)")
    assert copy.cohort == next_cohort
    # The copy gets its own address from its title; the team may change it before opening.
    assert copy.slug == f"{make_slug(call.title)}-copie"
    assert copy.opens_at == datetime.datetime(2026, 3, 2, 9, 0, tzinfo=PARIS)
    assert copy.closes_at == datetime.datetime(2026, 6, 7, 23, 0, tzinfo=PARIS)
    [round_] = copy.rounds.all()
    assert round_.interviews_start == datetime.date(2026, 6, 16)
    assert list(copy.questions.values_list("label", flat=True)) == [
        "Votre expérience",
        "Votre motivation",
    ]
    assert copy.statements.count() == 3
    assert copy.challenges.count() == 0
    assert copy.grid != call.grid and copy.grid.criteria.count() == 5
    entry = ActivityLog.objects.get(action="call.duplicated")
    assert entry.data == {"source": call.pk, "years": 1}
    assert "Appels copiés" in response.content.decode()


def test_a_new_grid_starts_with_the_five_usual_criteria(staff_team, client):
    response = client.get(reverse("admin:reviews_grid_add"))
    page = response.content.decode()
    assert "Compétences techniques et expérience" in page
    assert "Adéquation avec le ou les défis choisis" in page


def test_a_new_grid_scores_only_the_defi_criterion_per_defi(staff_team, client):
    response = client.get(reverse("admin:reviews_grid_add"))
    formset = response.context["inline_admin_formsets"][0].formset
    flags = [(f.initial["label"], f.initial["per_challenge"]) for f in formset.forms]
    assert [label for label, flag in flags if flag] == ["Adéquation avec le ou les défis choisis"]
    assert "Noté pour chaque défi" in response.content.decode()
    data = {
        "name": "Grille à deux critères",
        "criteria-TOTAL_FORMS": "2", "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0", "criteria-MAX_NUM_FORMS": "1000",
        "criteria-0-order": "1", "criteria-0-label": "Motivation",
        "criteria-0-scale_min": "1", "criteria-0-scale_max": "4",
        "criteria-1-order": "2", "criteria-1-label": "Connaissance du défi",
        "criteria-1-scale_min": "1", "criteria-1-scale_max": "4",
        "criteria-1-per_challenge": "on",
    }  # fmt: skip
    assert client.post(reverse("admin:reviews_grid_add"), data).status_code == 302
    grid = Grid.objects.get(name="Grille à deux critères")
    assert list(grid.criteria.values_list("label", "per_challenge")) == [
        ("Motivation", False), ("Connaissance du défi", True)]  # fmt: skip


def test_a_grid_used_by_reviews_is_locked(staff_team, client):
    from cohorte.reviews.admin import CriterionInline, grid_in_use

    grid = staff_team.call.grid
    unused = GridFactory(name="Grille libre")
    add_review(staff_team.application, staff_team.team, 14)
    assert grid_in_use(grid) and not grid_in_use(unused)
    request = client.get(reverse("admin:reviews_grid_change", args=[grid.pk])).wsgi_request
    from django.contrib import admin

    inline = CriterionInline(Grid, admin_site=admin.site)
    assert not inline.has_change_permission(request, grid)
    assert not inline.has_delete_permission(request, grid)
    assert inline.has_change_permission(request, unused)
    page = client.get(reverse("admin:reviews_grid_change", args=[grid.pk])).content.decode()
    assert "Des évaluations utilisent déjà cette grille" in page


def test_statement_and_round_models_are_registered_through_the_call_only():
    from django.contrib import admin

    assert Call in admin.site._registry
    assert Round not in admin.site._registry and Statement not in admin.site._registry


def test_the_change_page_offers_only_the_promotions_challenges(staff_team, client):
    stranger = ChallengeFactory(cohort=CohortFactory(), title="Défi d'une autre promo")
    response = client.get(reverse("admin:calls_call_change", args=[staff_team.call.pk]))
    assert response.status_code == 200
    choices = response.context["adminform"].form.fields["challenges"].queryset
    assert set(choices) == {staff_team.challenge, staff_team.other_challenge}
    assert stranger not in choices
    listing = client.get(reverse("admin:calls_call_changelist")).content.decode()
    assert reverse("team:call_dashboard", args=[staff_team.call.pk]) in listing


def test_editing_an_inline_row_is_logged(staff_team, client):
    client.post(reverse("admin:calls_call_add"), call_form(staff_team))
    call = Call.objects.get(slug="eig-6")
    data = call_form(staff_team)
    for prefix, related in (("rounds", call.rounds), ("questions", call.questions),
                            ("statements", call.statements)):  # fmt: skip
        data[f"{prefix}-INITIAL_FORMS"] = "1"
        data[f"{prefix}-0-id"] = related.get().pk
        data[f"{prefix}-0-call"] = call.pk
    data["statements-0-text"] = "Je ne suis pas agent public."
    response = client.post(reverse("admin:calls_call_change", args=[call.pk]), data)
    assert response.status_code == 302, _errors(response)
    assert call.statements.get().text == "Je ne suis pas agent public."
    entry = ActivityLog.objects.get(action="statement.changed")
    assert entry.actor == staff_team.team
    assert entry.data == {"call": call.pk, "fields": ["text"]}
    assert not ActivityLog.objects.filter(action__in=["round.changed", "question.changed"]).exists()


def test_a_call_configured_without_a_slug_gets_one_from_its_title(staff_team, client):
    response = client.post(reverse("admin:calls_call_add"), call_form(staff_team, slug=""))
    assert response.status_code == 302, _errors(response)
    assert Call.objects.get(title="Appel EIG 6").slug == "appel-eig-6"


@pytest.mark.parametrize(
    ("admin_list", "make", "shown"),
    [
        ("challenges_challenge", lambda: ChallengeFactory(title="Aides Vélo"), "Aides Vélo"),
        ("people_person", lambda: PersonFactory(full_name="Zoé Vélo"), "Zoé Vélo"),
        (
            "organisations_organisation",
            lambda: OrganisationFactory(name="Maison du Vélo"),
            "Maison du Vélo",
        ),
        # Tables without a folded column: folded by the database.
        ("calls_call", lambda: CallFactory(title="Appel Vélo Élan"), "Appel Vélo Élan"),
        ("content_post", lambda: PostFactory(title="Œuvres à vélo"), "Œuvres à vélo"),
        ("content_faqentry", lambda: FaqEntryFactory(question="Vélo prêté ?"), "Vélo prêté ?"),
    ],
)
def test_the_admin_search_ignores_accents_and_case(admin_client, admin_list, make, shown):
    make()
    ChallengeFactory(title="Autre chose")
    url = reverse(f"admin:{admin_list}_changelist")
    for query in ("velo", "VELO", "vélo"):
        page = admin_client.get(url, {"q": query}).content.decode()
        assert shown in page, query
    assert shown not in admin_client.get(url, {"q": "velos"}).content.decode()
