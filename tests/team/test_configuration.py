"""Configuring calls in /gestion/: each change with its journal entry, each refusal explained."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorte.audit.models import ActivityLog
from cohorte.calls.models import Call, Question, Round
from cohorte.projects.models import FundingRules, ProjectCallSettings, SalaryBand
from cohorte.public.formats import format_moment
from cohorte.reviews.models import Criterion, Grid, Review
from tests.factories import (
    ApplicationCallFactory,
    ApplicationFactory,
    ChallengeFactory,
    CohortFactory,
    ExpertiseFactory,
    ProjectCallFactory,
    ProposalFactory,
)

pytestmark = pytest.mark.django_db


def _local(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _at(days: int, hour: int = 12) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def _log(action):
    return list(ActivityLog.objects.filter(action=action).values_list("object_id", "data"))


def _errors(response) -> str:
    return response.content.decode()


# --- Creating and copying calls -----------------------------------------------------------


@pytest.mark.parametrize("kind", ["applications", "projects"])
def test_team_creates_a_call_whose_window_is_its_first_round(client, team, kind):
    cohort = CohortFactory(name="EIG 8")
    response = client.post(
        reverse("team:config_create"),
        {
            "kind": kind,
            "cohort": cohort.pk,
            "title": "Appel EIG 8",
            "round_name": "Printemps",
            "opens_at": _local(_at(10, 9)),
            "closes_at": _local(_at(40, 23)),
        },
    )
    call = Call.objects.get(title="Appel EIG 8")
    assert response.status_code == 302
    assert response["Location"] == reverse("team:config_call", args=[call.pk])
    assert (call.kind, call.cohort, call.opens_at, call.closes_at) == (
        kind,
        cohort,
        _at(10, 9),
        _at(40, 23),
    )
    [round_] = call.rounds.all()
    assert (round_.name, round_.opens_at, round_.closes_at) == (
        "Printemps",
        _at(10, 9),
        _at(40, 23),
    )
    assert call.statements.count() == (3 if kind == "applications" else 0)
    assert ProjectCallSettings.objects.filter(call=call).exists() == (kind == "projects")
    assert _log("call.created") == [(str(call.pk), {"kind": kind, "cohort": cohort.pk})]
    assert ActivityLog.objects.get(action="call.created").actor == team


def test_a_call_closing_before_it_opens_is_refused_naming_the_field(client, team):
    cohort = CohortFactory()
    response = client.post(
        reverse("team:config_create"),
        {
            "kind": "applications",
            "cohort": cohort.pk,
            "title": "",
            "round_name": "Printemps",
            "opens_at": _local(_at(10)),
            "closes_at": _local(_at(5)),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "title": ["Ce champ est obligatoire."],
        "closes_at": ["Clôture du dépôt : elle doit venir après l’ouverture."],
    }
    page = _errors(response)
    assert '<a href="#id_closes_at">Clôture du dépôt</a>' in page
    assert '<a href="#id_title">Titre</a>' in page
    assert Call.objects.count() == 0
    assert ActivityLog.objects.count() == 0


def test_duplicating_a_call_for_projects_keeps_its_settings(client, team):
    call = ProjectCallFactory(title="Appel à projets EIG 7")
    ProjectCallSettings.objects.filter(call=call).update(
        pitch_max_pages=8, section_limits={"problem": 900}
    )
    response = client.post(reverse("team:config_duplicate", args=[call.pk]))
    copy = Call.objects.get(title="Appel à projets EIG 7 (copie)")
    assert response["Location"] == reverse("team:config_call", args=[copy.pk])
    assert (copy.project_settings.pitch_max_pages, copy.project_settings.section_limits) == (
        8,
        {"problem": 900},
    )
    assert call.project_settings.pk != copy.project_settings.pk
    assert copy.rounds.count() == 1
    assert _log("call.duplicated") == [(str(copy.pk), {"source": call.pk, "years": 1})]


def test_general_settings_of_a_call_for_projects_have_no_candidate_fields(client, team):
    call = ProjectCallFactory()
    form = client.get(reverse("team:config_call", args=[call.pk])).context["form"]
    assert "cv_required" not in form.fields
    assert "retention_months" not in form.fields
    assert "opens_at" not in form.fields


def test_general_settings_are_saved_and_journaled(client, team):
    call = ApplicationCallFactory(title="Ancien titre")
    data = {
        "title": "Nouveau titre",
        "slug": call.slug,
        "description": "",
        "cv_required": "on",
        "max_upload_mb": "12",
        "review_visibility": "never",
        "rules": "",
        "rules_url": "",
        "calendar": "",
        "retention_months": "6",
    }
    response = client.post(reverse("team:config_call", args=[call.pk]), data)
    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.title, call.max_upload_mb, call.portfolio_enabled, call.review_visibility) == (
        "Nouveau titre",
        12,
        False,
        "never",
    )
    assert _log("call.changed") == [
        (
            str(call.pk),
            {"fields": ["max_upload_mb", "portfolio_enabled", "review_visibility", "title"]},
        )
    ]
    data["max_upload_mb"] = "99"
    response = client.post(reverse("team:config_call", args=[call.pk]), data | {"title": "X"})
    assert response.context["form"].errors == {
        "max_upload_mb": ["Assurez-vous que cette valeur est inférieure ou égale à 50."]
    }
    call.refresh_from_db()
    assert call.title == "Nouveau titre"


# --- Rounds: the call's window follows them ------------------------------------------------


def _round_data(name, opens, closes, prefix="nouvelle", **extra):
    data = {"name": name, "opens_at": _local(opens), "closes_at": _local(closes)}
    data.update(extra)
    return {f"{prefix}-{k}" if prefix else k: v for k, v in data.items()}


@pytest.fixture
def call():
    start = _at(-1)
    return ApplicationCallFactory(opens_at=start, closes_at=_at(20, 23))


def test_adding_a_round_moves_the_call_closing(client, team, call):
    url = reverse("team:config_rounds", args=[call.pk])
    response = client.post(url, _round_data("Automne", _at(30, 9), _at(60, 23)))
    assert response.status_code == 302
    call.refresh_from_db()
    autumn = Round.objects.get(name="Automne")
    assert (call.opens_at, call.closes_at) == (call.rounds.first().opens_at, _at(60, 23))
    assert _log("round.created") == [(str(autumn.pk), {"call": call.pk})]


def test_editing_a_round_moves_the_call_window(client, team, call):
    round_ = call.rounds.get()
    url = reverse("team:config_round", args=[call.pk, round_.pk])
    response = client.post(url, _round_data("Session 1", _at(-2, 9), _at(25, 23), prefix=""))
    assert response.status_code == 302
    call.refresh_from_db()
    assert (call.opens_at, call.closes_at) == (_at(-2, 9), _at(25, 23))
    assert _log("round.changed") == [
        (str(round_.pk), {"call": call.pk, "fields": ["closes_at", "opens_at"]})
    ]


def test_overlapping_rounds_are_refused_naming_the_other(client, team, call):
    first = call.rounds.get()
    url = reverse("team:config_rounds", args=[call.pk])
    response = client.post(url, _round_data("Automne", _at(10), _at(60)))
    assert response.context["form"].errors == {
        "opens_at": [
            "Ouverture des candidatures : cette session chevauche la session « Session 1 » "
            f"({format_moment(first.opens_at)} → {format_moment(first.closes_at)}) ; une "
            "session ouvre après la clôture de la précédente."
        ]
    }
    assert call.rounds.count() == 1
    assert ActivityLog.objects.count() == 0


def test_a_round_must_close_after_opening_and_before_the_announcement(client, team, call):
    call.announcement_at = _at(50)
    call.save()
    url = reverse("team:config_rounds", args=[call.pk])
    response = client.post(url, _round_data("Automne", _at(30), _at(29)))
    assert response.context["form"].errors == {
        "closes_at": ["Clôture des candidatures : elle doit venir après l’ouverture."]
    }
    response = client.post(url, _round_data("Automne", _at(30), _at(55)))
    assert response.context["form"].errors == {
        "closes_at": [
            "Clôture des candidatures : elle doit précéder l’annonce des résultats "
            f"({format_moment(_at(50))}) ; changez d’abord la date d’annonce dans « Choix et "
            "annonce »."
        ]
    }
    assert call.rounds.count() == 1
    call.refresh_from_db()
    assert call.closes_at == _at(20, 23)


def test_interviews_come_after_the_closing(client, team, call):
    url = reverse("team:config_rounds", args=[call.pk])
    data = _round_data("Automne", _at(30), _at(40), interviews_start="", interviews_end="")
    data["nouvelle-interviews_start"] = (timezone.localdate() + datetime.timedelta(35)).isoformat()
    data["nouvelle-interviews_end"] = (timezone.localdate() + datetime.timedelta(34)).isoformat()
    response = client.post(url, data)
    assert response.context["form"].errors == {
        "interviews_start": [
            "Début des auditions : les auditions commencent après la clôture de la session."
        ],
        "interviews_end": ["Fin des auditions : elle précède leur début."],
    }


def test_a_round_with_applications_or_the_only_round_is_never_removed(client, team, call):
    first = call.rounds.get()
    url = reverse("team:config_round_delete", args=[call.pk, first.pk])
    client.post(url)
    assert call.rounds.count() == 1
    response = client.get(reverse("team:config_rounds", args=[call.pk]))
    assert "est la seule de l’appel et fixe ses dates" in response.content.decode()

    later = Round.objects.create(call=call, name="Automne", opens_at=_at(30), closes_at=_at(40))
    ApplicationFactory(call=call, round=first)
    response = client.post(url, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "La session « Session 1 » a déjà des candidatures ou des propositions : elle ne peut "
        "plus être supprimée."
    ]
    assert call.rounds.count() == 2
    client.post(reverse("team:config_round_delete", args=[call.pk, later.pk]))
    call.refresh_from_db()
    assert list(call.rounds.all()) == [first]
    assert call.closes_at == first.closes_at
    assert _log("round.deleted") == [(str(call.pk), {"name": "Automne"})]


# --- Questions ------------------------------------------------------------------------------


def _question(label, kind="short_text", required="on", **extra):
    data = {"label": label, "help_text": "", "kind": kind, "max_length": "", "options": ""}
    if required:
        data["required"] = required
    data.update(extra)
    return {"formulaire": "question"} | {f"nouvelle-{k}": v for k, v in data.items()}


def test_questions_are_added_reordered_and_previewed(client, team, call):
    url = reverse("team:config_questions", args=[call.pk])
    response = client.post(
        url, _question("Votre langage préféré", "single_choice", options="Python\nRust")
    )
    assert response.status_code == 302
    added = Question.objects.get(label="Votre langage préféré")
    assert (added.order, added.options, added.required) == (3, ["Python", "Rust"], True)
    assert _log("question.created") == [(str(added.pk), {"call": call.pk})]

    move = reverse("team:config_question_move", args=[call.pk, added.pk])
    client.post(move, {"direction": "up"})
    assert list(call.questions.values_list("label", flat=True)) == [
        "Votre expérience",
        "Votre langage préféré",
        "Votre motivation",
    ]
    assert _log("question.moved") == [(str(added.pk), {"moved": added.pk, "direction": "up"})]

    page = client.get(url).content.decode()
    preview = page[page.index('id="apercu"') :]
    assert preview.index("Votre expérience") < preview.index("Votre langage préféré")
    assert preview.index("Votre langage préféré") < preview.index("Votre motivation")
    assert 'value="Python"' in preview and 'value="Rust"' in preview
    response = client.get(
        reverse("team:config_preview", args=[call.pk]), headers={"HX-Request": "true"}
    )
    fragment = response.content.decode()
    assert fragment.count("Votre langage préféré") == 1
    # The button keeps focus (it is outside the preview): the outcome is said once.
    count = call.questions.count()
    assert json.loads(response["HX-Trigger"]) == {
        "announce": f"Aperçu actualisé : {count} questions."
    }


def test_a_bad_question_is_refused_naming_its_field(client, team, call):
    url = reverse("team:config_questions", args=[call.pk])
    response = client.post(url, _question("Choix", "single_choice", options="Seule"))
    assert response.context["form"].errors == {
        "options": ["Options : une question à choix demande au moins deux options."]
    }
    response = client.post(url, _question("Oui ?", "yes_no", max_length="20"))
    assert response.context["form"].errors == {
        "max_length": ["Longueur maximale : elle ne vaut que pour les réponses en texte."]
    }
    assert call.questions.count() == 2
    assert ActivityLog.objects.count() == 0


def test_questions_keep_answers_once_applications_exist(client, team, call):
    ApplicationFactory(call=call)
    question = call.questions.get(label="Votre expérience")
    url = reverse("team:config_question", args=[call.pk, question.pk])
    data = {"label": "Votre parcours", "help_text": "", "kind": "short_text", "required": "on"}
    data |= {"max_length": "3000", "options": ""}
    response = client.post(url, data)
    assert response.context["form"].non_field_errors() == [
        "Des candidatures existent déjà : seuls l’intitulé et l’aide de cette question peuvent "
        "encore changer, pas son type, ses options, sa longueur ni son caractère obligatoire "
        "(les réponses données seraient perdues ou invalides)."
    ]
    question.refresh_from_db()
    assert (question.label, question.kind) == ("Votre expérience", "long_text")

    response = client.post(url, data | {"kind": "long_text"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.label == "Votre parcours"
    assert _log("question.changed") == [(str(question.pk), {"call": call.pk, "fields": ["label"]})]

    response = client.post(
        reverse("team:config_question_delete", args=[call.pk, question.pk]), follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "La question est enregistrée.",
        "Des candidatures existent déjà : la question « Votre parcours » ne peut plus être "
        "supprimée sans perdre leurs réponses.",
    ]
    assert call.questions.count() == 2

    add = reverse("team:config_questions", args=[call.pk])
    response = client.post(add, _question("Nouvelle"))
    assert response.context["form"].non_field_errors() == [
        "Des candidatures existent déjà : une nouvelle question ne peut être que facultative "
        "(décochez « Obligatoire »)."
    ]
    assert client.post(add, _question("Nouvelle", required="")).status_code == 302
    assert call.questions.count() == 3


def test_deleting_an_unanswered_question(client, team, call):
    question = call.questions.get(label="Votre motivation")
    client.post(reverse("team:config_question_delete", args=[call.pk, question.pk]))
    assert list(call.questions.values_list("label", flat=True)) == ["Votre expérience"]
    assert _log("question.deleted") == [(str(call.pk), {"label": "Votre motivation"})]


def test_statements_are_added_edited_and_removed_before_anyone_applies(client, team, call):
    url = reverse("team:config_questions", args=[call.pk])
    response = client.post(url, {"formulaire": "declaration", "declaration-text": ""})
    assert response.context["statement_form"].errors == {"text": ["Ce champ est obligatoire."]}
    assert call.statements.count() == 3
    data = {"formulaire": "declaration", "declaration-text": "Je parle français."}
    assert client.post(url, data).status_code == 302
    added = call.statements.get(text="Je parle français.")
    assert added.order == 3  # after the last (the factory numbers them from 0)
    assert _log("statement.created") == [(str(added.pk), {"call": call.pk})]
    edit = reverse("team:config_statement", args=[call.pk, added.pk])
    client.post(edit, {"text": "Je parle couramment français."})
    added.refresh_from_db()
    assert added.text == "Je parle couramment français."
    assert _log("statement.changed") == [(str(added.pk), {"call": call.pk})]

    ApplicationFactory(call=call)
    response = client.post(
        reverse("team:config_statement_delete", args=[call.pk, added.pk]), follow=True
    )
    assert [str(m) for m in response.context["messages"]][-1] == (
        "Des candidatures existent déjà : les déclarations sur l’honneur qu’elles ont cochées "
        "ne peuvent plus changer."
    )
    assert call.statements.count() == 4
    response = client.post(edit, {"text": "Autre"})
    assert response.context["form"].non_field_errors() == [
        "Des candidatures existent déjà : les déclarations sur l’honneur qu’elles ont cochées "
        "ne peuvent plus changer."
    ]
    added.refresh_from_db()
    assert added.text == "Je parle couramment français."


# --- Grid ----------------------------------------------------------------------------------


def _criterion(label, low="1", high="4"):
    return {
        "nouveau-label": label,
        "nouveau-description": "",
        "nouveau-scale_min": low,
        "nouveau-scale_max": high,
    }


def test_a_call_gets_its_own_grid_and_criteria(client, team):
    call = ProjectCallFactory()
    Call.objects.filter(pk=call.pk).update(grid=None)
    client.post(reverse("team:config_grid_create", args=[call.pk]))
    call.refresh_from_db()
    assert call.grid.criteria.count() == 5
    assert _log("grid.created") == [(str(call.grid.pk), {"call": call.pk})]

    url = reverse("team:config_grid", args=[call.pk])
    response = client.post(url, _criterion("Impact écologique", "0", "10"))
    assert response.status_code == 302
    added = Criterion.objects.get(label="Impact écologique")
    assert (added.order, added.scale_min, added.scale_max) == (6, 0, 10)
    assert call.grid.max_total == 5 * 4 + 10
    assert _log("criterion.created") == [(str(added.pk), {"call": call.pk})]

    response = client.post(url, _criterion("À l’envers", "4", "2"))
    assert response.context["form"].errors == {
        "scale_max": ["Note maximale : elle doit dépasser la note minimale."]
    }
    assert call.grid.criteria.count() == 6

    client.post(
        reverse("team:config_criterion_move", args=[call.pk, added.pk]), {"direction": "up"}
    )
    assert list(call.grid.criteria.values_list("label", flat=True))[4] == "Impact écologique"
    client.post(reverse("team:config_criterion_delete", args=[call.pk, added.pk]))
    assert call.grid.criteria.count() == 5
    assert _log("criterion.deleted") == [
        (str(call.grid.pk), {"call": call.pk, "label": "Impact écologique"})
    ]


def test_a_criterion_of_a_call_for_applications_may_be_scored_for_each_defi(client, team, call):
    url = reverse("team:config_grid", args=[call.pk])
    response = client.post(
        url, {**_criterion("Connaissance du terrain"), "nouveau-per_challenge": "on"}
    )
    assert response.status_code == 302
    added = Criterion.objects.get(label="Connaissance du terrain")
    assert added.per_challenge is True
    assert "Noté pour chaque défi" in client.get(url).content.decode()

    projects = ProjectCallFactory()
    page = client.get(reverse("team:config_grid", args=[projects.pk])).content.decode()
    assert "nouveau-per_challenge" not in page  # a défi jury grid is about one défi already


def test_a_grid_with_reviews_no_longer_changes(client, team, call):
    application = ApplicationFactory(call=call)
    Review.objects.create(application=application, reviewer=team, stage="preselection", total=3)
    criterion = call.grid.criteria.first()
    response = client.post(
        reverse("team:config_criterion_delete", args=[call.pk, criterion.pk]), follow=True
    )
    assert [str(m) for m in response.context["messages"]] == [
        "Des évaluations ont déjà été saisies sur cette grille : ses critères et leurs échelles "
        "ne peuvent plus changer sans fausser les notes données."
    ]
    assert call.grid.criteria.count() == 5
    assert Grid.objects.count() == 1


# --- Choices, seats and the announcement ---------------------------------------------------


def _choices(call, **extra):
    data = {
        "choice_kind": "challenges",
        "max_choices": "2",
        "choice_timing": "application",
        "voting_closes_at": "",
        "announcement_at": _local(_at(60)),
    }
    data.update(extra)
    return data


def test_choices_seats_and_announcement_are_saved(client, team, call):
    mine = ChallengeFactory(cohort=call.cohort, title="Défi A", seats=1)
    stranger = ChallengeFactory(title="Défi d’une autre promotion")
    profile = ExpertiseFactory()
    url = reverse("team:config_choices", args=[call.pk])
    response = client.post(
        url,
        _choices(call, challenges=[mine.pk], profiles=[profile.pk], **{f"seats_{mine.pk}": "3"}),
    )
    assert response.status_code == 302
    call.refresh_from_db()
    mine.refresh_from_db()
    assert list(call.challenges.all()) == [mine]
    assert (call.max_choices, call.announcement_at, mine.seats) == (2, _at(60), 3)
    assert _log("call.changed") == [
        (
            str(call.pk),
            {
                "fields": ["announcement_at", "challenges", "max_choices", "profiles"],
                "seats": {str(mine.pk): 3},
            },
        )
    ]

    response = client.post(
        url,
        _choices(
            call, challenges=[stranger.pk], announcement_at=_local(_at(5)),
            **{f"seats_{mine.pk}": "3"},
        ),
    )  # fmt: skip
    assert response.context["form"].errors == {
        "challenges": [f"Sélectionnez un choix valide. {stranger.pk} n’en fait pas partie."],
        "announcement_at": [
            "Annonce publique des résultats : elle doit suivre la clôture de la dernière "
            f"session ({format_moment(call.closes_at)})."
        ],
    }
    call.refresh_from_db()
    assert call.announcement_at == _at(60)


def test_a_vote_needs_its_closing(client, team, call):
    response = client.post(
        reverse("team:config_choices", args=[call.pk]),
        _choices(call, choice_timing="voting", choice_kind="profiles"),
    )
    assert response.context["form"].errors == {
        "voting_closes_at": [
            "Clôture du vote : un choix par vote après la présélection demande cette date."
        ],
        "profiles": ["Profils recherchés : cochez-en au moins un, les candidats en choisissent."],
    }


# --- A call for projects: sections, auditions, funding --------------------------------------


def _settings(**extra):
    data = {
        "formulaire": "reglages",
        "reglages-pitch_max_pages": "10",
        "reglages-alignment_minutes": "5",
        "reglages-pitch_minutes": "15",
        "reglages-questions_minutes": "20",
        "reglages-deliberation_minutes": "10",
    }
    from cohorte.projects.form import SECTIONS

    for section in SECTIONS:
        data[f"reglages-limit_{section.key}"] = str(section.max_length)
    data.update(extra)
    return data


def test_project_settings_are_saved_in_human_fields(client, team):
    call = ProjectCallFactory()
    url = reverse("team:config_project", args=[call.pk])
    response = client.post(url, _settings(**{"reglages-limit_problem": "1200"}))
    assert response.status_code == 302
    settings = ProjectCallSettings.objects.get(call=call)
    assert (settings.section_limits, settings.pitch_max_pages, settings.audition_minutes) == (
        {"problem": 1200},
        10,
        50,
    )
    assert _log("projectcallsettings.changed") == [
        (
            str(settings.pk),
            {"call": call.pk, "fields": ["pitch_max_pages", "pitch_minutes", "section_limits"]},
        )
    ]
    response = client.post(url, _settings(**{"reglages-limit_problem": "10"}))
    assert response.context["settings_form"].errors == {
        "limit_problem": ["Assurez-vous que cette valeur est supérieure ou égale à 50."]
    }
    assert "« Contexte et problématique à résoudre » (caractères au plus)" in _errors(response)
    settings.refresh_from_db()
    assert settings.section_limits == {"problem": 1200}


def test_funding_rules_and_bands_of_a_new_cohort(client, team):
    call = ProjectCallFactory()
    FundingRules.objects.filter(cohort=call.cohort).delete()
    url = reverse("team:config_project", args=[call.pk])
    assert client.get(url).context["band_form"] is None
    rules = {
        "formulaire": "cofinancement",
        "cofinancement-contract_months": "12",
        "cofinancement-funded_months": "14",
        "cofinancement-envelope": "2000000",
        "cofinancement-plausible_employer_cost": "200000",
    }
    response = client.post(url, rules)
    assert response.context["rules_form"].errors == {
        "funded_months": ["Mois cofinancés par EIG : pas plus que la durée du contrat (12 mois)."]
    }
    assert not FundingRules.objects.exists()
    client.post(url, rules | {"cofinancement-funded_months": "4"})
    saved = FundingRules.objects.get(cohort=call.cohort)
    assert (saved.contract_months, saved.funded_months, saved.envelope) == (12, 4, 2000000)
    assert _log("fundingrules.created") == [(str(saved.pk), {"call": call.pk})]

    band = {"formulaire": "tranche", "tranche-label": "Jusqu’à 5 ans", "tranche-key": ""}
    band |= {"tranche-net_monthly": "3500", "tranche-cap": ""}
    client.post(url, band)
    client.post(url, band | {"tranche-label": "Plus de 5 ans", "tranche-net_monthly": "4200.50"})
    assert list(saved.bands.values_list("order", "key", "label", "net_monthly", "cap")) == [
        (1, "jusqua-5-ans", "Jusqu’à 5 ans", 3500, None),
        (2, "plus-de-5-ans", "Plus de 5 ans", pytest.approx(4200.50), None),
    ]
    response = client.post(url, band | {"tranche-key": "plus-de-5-ans"})
    assert response.context["band_form"].errors == {
        "key": ["Identifiant : une autre tranche porte déjà « plus-de-5-ans »."]
    }
    assert saved.bands.count() == 2
    assert "3 500 €" in client.get(url).content.decode().replace("\u202f", " ")


def test_bands_used_by_proposals_keep_their_key(client, team):
    call = ProjectCallFactory()
    ProposalFactory(call=call)
    band = SalaryBand.objects.get(rules__cohort=call.cohort, key="junior")
    response = client.post(reverse("team:config_band_delete", args=[call.pk, band.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Des propositions de la promotion donnent déjà un coût employeur pour la tranche "
        "« Jusqu'à 5 ans d'expérience » : elle ne peut plus être supprimée ni changer "
        "d’identifiant."
    ]
    url = reverse("team:config_band", args=[call.pk, band.pk])
    data = {"label": "Junior", "key": "debutant", "net_monthly": "3600", "cap": ""}
    response = client.post(url, data)
    assert response.context["form"].non_field_errors() == [
        "Des propositions de la promotion donnent déjà un coût employeur pour la tranche "
        "« Jusqu'à 5 ans d'expérience » : elle ne peut plus être supprimée ni changer "
        "d’identifiant."
    ]
    band.refresh_from_db()
    assert (band.key, band.label) == ("junior", "Jusqu'à 5 ans d'expérience")
    assert client.post(url, data | {"key": "junior"}).status_code == 302
    band.refresh_from_db()
    assert (band.label, band.net_monthly) == ("Junior", 3600)
    assert _log("salaryband.changed") == [
        (str(band.pk), {"call": call.pk, "fields": ["label", "net_monthly"]})
    ]
