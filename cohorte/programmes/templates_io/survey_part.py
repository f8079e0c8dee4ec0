"""Survey templates: a questionnaire's wording and questions, its closing relative to the year.

The newest questionnaire of each audience is the template for it. Imported, it becomes an
unsent questionnaire of the programme's newest promotion (the team sends it when it wants),
found again by its audience and title; one already sent keeps its questions.
"""

from functools import partial

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorte.calls.duplication import shift_moment
from cohorte.surveys.models import Question, Survey

from .base import Part, Shape, assign, rows_of, save_checked, save_children, values_of
from .moments import absolute_moment, moment_problem, relative_moment

SURVEY_FIELDS = ["title", "intro", "audience", "anonymous"]
QUESTION_FIELDS = ["order", "kind", "label", "choices", "required"]


class Surveys(Part):
    name = "surveys"
    label = gettext_lazy("Modèles de questionnaires")
    fields = frozenset({*SURVEY_FIELDS, "closes", "questions"})
    required = frozenset({"title", "audience", "closes"})
    texts = frozenset({"title", "audience"})

    def export(self, programme) -> list:
        surveys = Survey.objects.filter(cohort__programme=programme).select_related("cohort")
        newest = {}
        for survey in surveys.order_by("-created_at", "-pk"):
            newest.setdefault(survey.audience, survey)
        return [self._export(newest[audience]) for audience in sorted(newest)]

    def _export(self, survey) -> dict:
        year = survey.cohort.year or timezone.localtime(survey.closes_at).year
        return {
            **values_of(survey, SURVEY_FIELDS),
            "closes": relative_moment(survey.closes_at, year),
            "questions": [values_of(q, QUESTION_FIELDS) for q in survey.questions.all()],
        }

    def check(self, row, where) -> Shape:
        shape = Shape()
        problem = moment_problem(row.get("closes"), f"{where}, « closes »")
        shape.errors += [problem] if problem else []
        fields, at = set(QUESTION_FIELDS), f"{where}, « questions »"
        shape.add(
            rows_of(row.get("questions"), fields, {"kind", "label"}, at, "questions", {"label"})
        )
        return shape

    def apply(self, programme, rows, report) -> None:
        cohort = programme.cohorts.first()
        if cohort is None:
            if rows:
                report.skipped.append(
                    _("Modèles de questionnaires : le programme n'a pas encore de promotion.")
                )
            return
        for i, row in enumerate(rows, start=1):
            self._apply(cohort, row, f"« {self.name} », n° {i}", report)

    def _apply(self, cohort, row, where, report) -> None:
        survey = Survey.objects.filter(
            cohort=cohort, audience=row["audience"], title=row["title"]
        ).first()
        created = survey is None
        if created:
            closes_at = absolute_moment(row["closes"], cohort.year or timezone.localdate().year)
            years = 0
            while shift_moment(closes_at, years) <= timezone.now():
                years += 1
            survey = Survey(cohort=cohort, closes_at=shift_moment(closes_at, years))
        elif survey.sent_at:
            report.skipped.append(
                _("Questionnaire « %(title)s » : déjà envoyé, il reste tel quel.")
                % {"title": survey.title}
            )
            report.count(self.name, "unchanged")
            return
        changed = assign(survey, row, SURVEY_FIELDS, where) or created
        if changed:
            save_checked(survey, where)
        known = {q.label: q for q in survey.questions.all()}
        new_question = partial(Question, survey=survey)
        rows = row.get("questions")
        if save_children(rows, known, new_question, QUESTION_FIELDS, where, "label", "questions"):
            changed = True
        report.count(self.name, "created" if created else "updated" if changed else "unchanged")
