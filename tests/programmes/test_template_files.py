"""A template file that cannot be read, or only in part: exact messages, nothing half done."""

import copy
import json

import pytest

from cohorte.audit.models import ActivityLog
from cohorte.content.models import FaqEntry, Page
from cohorte.programmes.models import Programme
from cohorte.programmes.templates_io import (
    TemplateError,
    dumps,
    export_template,
    import_template,
    preview,
)
from tests.programmes.template_world import configured_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    return configured_programme()


@pytest.fixture
def template(programme):
    return export_template(programme)


def _state():
    programme = Programme.objects.values().get()
    return (
        programme,
        list(Page.objects.values("slug", "title", "body")),
        list(FaqEntry.objects.values("question", "answer")),
        ActivityLog.objects.filter(action="programme.template_imported").count(),
    )


def _refused(programme, content: bytes) -> list[str]:
    before = _state()
    with pytest.raises(TemplateError) as refusal:
        import_template(programme, content)
    assert _state() == before
    return refusal.value.problems


@pytest.mark.parametrize(
    "content, message",
    [
        (b"{pas du json", "Ce fichier n'est pas un fichier JSON lisible."),
        (b"\xff\xfe", "Ce fichier n'est pas un fichier JSON lisible."),
        (b"[]", "Ce fichier n'est pas un modèle de programme Cohorte."),
        (
            b'{"format": "cohorte-programme", "version": 1, "programme": {"name": "A\\u0000"}}',
            "Ce fichier contient un caractère nul : ce n'est pas un modèle.",
        ),
        (
            b'{"format": "autre", "version": 1}',
            "Ce fichier n'est pas un modèle de programme Cohorte.",
        ),
        (
            b'{"format": "cohorte-programme", "version": 2}',
            "Version « 2 » du modèle non prise en charge : ce site lit la version 1.",
        ),
        (
            b'{"format": "cohorte-programme", "version": "1"}',
            "Version « 1 » du modèle non prise en charge : ce site lit la version 1.",
        ),
    ],
)
def test_a_file_that_is_no_template_is_refused_whole(programme, content, message):
    assert _refused(programme, content) == [message]


def test_every_broken_row_is_named_and_nothing_is_imported(programme, template):
    template["programme"]["name"] = "Talents du numérique"
    template["sections"]["pages"].append({"title": "Sans adresse"})
    template["sections"]["faq"] = "une question"
    template["sections"]["calls"][0]["opens"] = {"year": 0, "day": "lundi", "time": "9 h"}

    problems = _refused(programme, dumps(template).encode())

    assert problems == [
        "« pages », n° 2 : champ « slug » manquant.",
        "« faq » : une liste est attendue.",
        '« calls », n° 1, « opens » : un moment s\'écrit {"year": années après celle de la '
        'promotion, "day": "MM-JJ", "time": "HH:MM"}.',
    ]


def test_a_value_the_model_refuses_rolls_the_whole_import_back(programme, template):
    template["programme"]["name"] = "Talents du numérique"
    template["sections"]["pages"].append({"slug": "pas une adresse !", "title": "Page"})

    problems = _refused(programme, dumps(template).encode())

    assert problems == [
        "« pages », n° 2 : « slug » : Ce champ ne doit contenir que des lettres, des nombres, "
        "des tirets bas (_) et des traits d’union."
    ]


def test_a_placeholder_the_email_lacks_is_refused(programme, template):
    template["sections"]["email_templates"][0]["body"] = "Bonjour {prenom}"

    problems = _refused(programme, dumps(template).encode())

    assert problems[0].startswith("« email_templates », n° 1 : Champs inconnus : {prenom}.")


def test_unknown_parts_are_named_and_the_known_ones_imported(programme, template):
    later = copy.deepcopy(template)
    later["programme"]["name"] = "Talents du numérique"
    later["programme"]["mascot"] = "Un hibou"
    later["sections"]["badges"] = [{"name": "Pionnier"}]
    later["sections"]["pages"][0]["colour"] = "bleu"
    later["sections"]["email_templates"].append(
        {"key": "badge_awarded", "subject": "Bravo", "body": "Un badge."}
    )
    later["signature"] = "x"

    report = import_template(programme, dumps(later).encode())

    assert report.skipped == [
        "Champ inconnu : « signature »",
        "Champ inconnu dans « programme » : « mascot »",
        "Champ inconnu dans « pages » : « colour »",
        "Section inconnue : « badges »",
        "Modèle d'e-mail inconnu : « badge_awarded »",
    ]
    programme.refresh_from_db()
    assert programme.name == "Talents du numérique"
    entry = ActivityLog.objects.get(action="programme.template_imported")
    assert entry.data["skipped"] == report.skipped
    assert entry.data["counts"]["programme"] == {"created": 0, "updated": 1, "unchanged": 0}


def test_a_preview_counts_without_writing(programme, template):
    template["programme"]["name"] = "Talents du numérique"
    template["sections"]["pages"].append({"slug": "nouvelle", "title": "Nouvelle"})
    before = _state()

    report = preview(programme, json.dumps(template).encode())

    assert _state() == before
    assert programme.name == "Entrepreneurs d'intérêt général"
    assert (report.counts["pages"].created, report.counts["pages"].unchanged) == (1, 1)
    assert report.counts["programme"].updated == 1
    assert report.counts["calls"].unchanged == 2


def test_a_survey_template_becomes_an_unsent_survey_and_a_sent_one_stays(programme, template):
    from cohorte.programmes.models import Cohort
    from cohorte.surveys.models import Survey

    newer = Cohort.objects.create(programme=programme, name="Promotion 12", slug="p12", year=2040)
    question = {"order": 2, "kind": "text", "label": "Un mot ?"}
    template["sections"]["surveys"][0]["questions"].append(question)

    report = import_template(programme, dumps(template).encode())

    survey = Survey.objects.get(cohort=newer)
    assert survey.sent_at is None
    assert list(survey.questions.values_list("label", flat=True)) == [
        "Votre satisfaction", "Resteriez-vous ?", "Un mot ?",
    ]  # fmt: skip
    assert survey.closes_at.isoformat() == "2040-12-15T17:00:00+00:00"
    assert report.counts["surveys"].created == 1
    Survey.objects.filter(pk=survey.pk).update(sent_at=survey.closes_at)
    template["sections"]["surveys"][0]["intro"] = "Autre introduction."

    report = import_template(programme, dumps(template).encode())

    assert report.skipped == [
        "Questionnaire « Bilan de fin de programme » : déjà envoyé, il reste tel quel."
    ]
    assert Survey.objects.get(pk=survey.pk).intro == ""
