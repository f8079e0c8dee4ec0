"""Call templates: a call's form, statements, grid, settings, e-mails and relative calendar.

The newest call of each kind is the template of that kind. Imported, it becomes a call of
the programme's newest promotion, found again by its kind and title on the next import.
An imported call never opens at once: while its opening is past, its dates move a year on.
"""

from functools import partial

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorte.calls.configuration import follow_rounds, grid_locked, has_submissions
from cohorte.calls.duplication import COPIED_FIELDS, shift_date, shift_moment
from cohorte.calls.models import Call, Question, Round, Statement
from cohorte.projects.models import ProjectCallSettings
from cohorte.reviews.models import Criterion, Grid

from . import email_parts
from .base import Part, Shape, assign, rows_of, save_checked, save_children, shape_of, values_of
from .moments import (
    absolute_day,
    absolute_moment,
    day_problem,
    moment_problem,
    relative_day,
    relative_moment,
)

MOMENTS = ["opens", "closes", "voting_closes", "announcement"]
QUESTION_FIELDS = ["order", "label", "help_text", "kind", "required", "max_length", "options"]
STATEMENT_FIELDS = ["order", "text"]
CRITERION_FIELDS = ["order", "label", "description", "scale_min", "scale_max", "per_challenge"]
SETTINGS_FIELDS = [
    "section_limits",
    "pitch_max_pages",
    "alignment_minutes",
    "pitch_minutes",
    "questions_minutes",
    "deliberation_minutes",
]
ROUND_FIELDS = {"name", "opens", "closes", "interviews_start", "interviews_end"}
# Each list of a call: its rows' keys, those required, those that find a row again.
NESTED = {
    "questions": (set(QUESTION_FIELDS), {"label", "kind"}, {"label"}),
    "statements": (set(STATEMENT_FIELDS), {"text"}, {"text"}),
    "rounds": (ROUND_FIELDS, {"name", "opens", "closes"}, set()),
    "email_templates": (set(email_parts.CARRIED) | {"key"}, {"key", "subject", "body"}, {"key"}),
}


def _year_of(call) -> int:
    return call.cohort.year or call.opens_at.astimezone(timezone.get_current_timezone()).year


def export_call(call) -> dict:
    """One call as a template: no date tied to a year, no candidate, no défi."""
    year = _year_of(call)
    data = {"title": call.title, **values_of(call, COPIED_FIELDS)}
    data |= {
        "opens": relative_moment(call.opens_at, year),
        "closes": relative_moment(call.closes_at, year),
        "voting_closes": relative_moment(call.voting_closes_at, year),
        "announcement": relative_moment(call.announcement_at, year),
        "rounds": [
            {
                "name": r.name,
                "opens": relative_moment(r.opens_at, year),
                "closes": relative_moment(r.closes_at, year),
                "interviews_start": relative_day(r.interviews_start, year),
                "interviews_end": relative_day(r.interviews_end, year),
            }
            for r in call.rounds.order_by("opens_at", "pk")
        ],
        "questions": [values_of(q, QUESTION_FIELDS) for q in call.questions.all()],
        "statements": [values_of(s, STATEMENT_FIELDS) for s in call.statements.all()],
        "grid": None,
        "project_settings": None,
        "email_templates": email_parts.export_templates(call),
    }
    if call.grid is not None:
        data["grid"] = {
            "name": call.grid.name,
            "criteria": [values_of(c, CRITERION_FIELDS) for c in call.grid.criteria.all()],
        }
    settings = ProjectCallSettings.objects.filter(call=call).first()
    if call.kind == Call.Kind.PROJECTS and settings is not None:
        data["project_settings"] = values_of(settings, SETTINGS_FIELDS)
    return data


class Calls(Part):
    name = "calls"
    label = gettext_lazy("Modèles d'appels")
    fields = frozenset({"title", *COPIED_FIELDS, *MOMENTS, *NESTED, "grid", "project_settings"})
    required = frozenset({"title", "kind", "opens", "closes"})
    texts = frozenset({"title", "kind"})

    def export(self, programme) -> list:
        calls = Call.objects.filter(cohort__programme=programme).select_related("cohort", "grid")
        newest = {}
        for call in calls.order_by("-opens_at", "-pk"):
            newest.setdefault(call.kind, call)
        return [export_call(newest[kind]) for kind in sorted(newest)]

    def check(self, row, where) -> Shape:
        shape = Shape()
        for name in MOMENTS:
            problem = moment_problem(row.get(name), f"{where}, « {name} »")
            shape.errors += [problem] if problem else []
        for name, (fields, required, texts) in NESTED.items():
            at = f"{where}, « {name} »"
            shape.add(rows_of(row.get(name), fields, required, at, name, texts))
        rounds = row.get("rounds")
        for i, round_ in enumerate(rounds if isinstance(rounds, list) else [], start=1):
            if not isinstance(round_, dict):
                continue
            at = f"{where}, « rounds », n° {i}"
            for name in ("opens", "closes"):
                problem = moment_problem(round_.get(name), f"{at}, « {name} »")
                shape.errors += [problem] if problem else []
            for name in ("interviews_start", "interviews_end"):
                problem = day_problem(round_.get(name), f"{at}, « {name} »")
                shape.errors += [problem] if problem else []
        grid = row.get("grid")
        if grid is not None:
            at = f"{where}, « grid »"
            shape.add(shape_of(grid, {"name", "criteria"}, {"name", "criteria"}, at, "grid"))
            if isinstance(grid, dict):
                fields = set(CRITERION_FIELDS)
                criteria = grid.get("criteria")
                at = f"{at}, « criteria »"
                shape.add(rows_of(criteria, fields, {"label"}, at, "criteria", {"label"}))
        settings = row.get("project_settings")
        if settings is not None:
            at = f"{where}, « project_settings »"
            shape.add(shape_of(settings, set(SETTINGS_FIELDS), set(), at, "project_settings"))
        return shape

    def apply(self, programme, rows, report) -> None:
        cohort = programme.cohorts.first()
        if cohort is None and rows:
            report.skipped.append(
                _("Modèles d'appels : le programme n'a pas encore de promotion pour les recevoir.")
            )
            return
        for i, row in enumerate(rows, start=1):
            CallImport(cohort, row, f"« {self.name} », n° {i}", report).run()


class CallImport:
    """One call template brought onto the newest promotion."""

    def __init__(self, cohort, row: dict, where: str, report):
        self.cohort, self.row, self.where, self.report = cohort, row, where, report
        self.changed = False

    def run(self) -> None:
        row = self.row
        call = Call.objects.filter(cohort=self.cohort, kind=row["kind"], title=row["title"]).first()
        created = call is None
        if created:
            call = self._create()
        elif assign(call, row, COPIED_FIELDS, self.where):
            save_checked(call, self.where)
            self.changed = True
        if not created and has_submissions(call):
            self.report.skipped.append(
                _("Appel « %(title)s » : des dépôts existent déjà, son formulaire reste tel quel.")
                % {"title": call.title}
            )
        else:
            self._questions(call)
            self._statements(call)
            self._grid(call)
        self._settings(call)
        email_parts.apply_templates(
            row.get("email_templates") or [], self.report, "call_email_templates", call
        )
        outcome = "created" if created else "updated" if self.changed else "unchanged"
        self.report.count("calls", outcome)

    def _create(self) -> Call:
        row, year = self.row, self.cohort.year or timezone.localdate().year
        moments = {name: absolute_moment(row.get(name), year) for name in MOMENTS}
        rounds = row.get("rounds") or [
            {"name": _("Session unique"), "opens": row["opens"], "closes": row["closes"]}
        ]
        # Never open a call by importing it: a past calendar moves on by whole years.
        years = 0
        while shift_moment(moments["opens"], years) <= timezone.now():
            years += 1
        call = Call(
            cohort=self.cohort,
            title=row["title"],
            kind=row["kind"],
            opens_at=shift_moment(moments["opens"], years),
            closes_at=shift_moment(moments["closes"], years),
            voting_closes_at=shift_moment(moments["voting_closes"], years),
            announcement_at=shift_moment(moments["announcement"], years),
        )
        assign(call, row, COPIED_FIELDS, self.where)
        save_checked(call, self.where, exclude=["slug"])
        for i, data in enumerate(rounds, start=1):
            days = [absolute_day(data.get(n), year) for n in ("interviews_start", "interviews_end")]
            round_ = Round(
                call=call,
                name=data["name"],
                opens_at=shift_moment(absolute_moment(data["opens"], year), years),
                closes_at=shift_moment(absolute_moment(data["closes"], year), years),
                interviews_start=days[0] and shift_date(days[0], years),
                interviews_end=days[1] and shift_date(days[1], years),
            )
            save_checked(round_, f"{self.where}, « rounds », n° {i}")
        follow_rounds(call)
        return call

    def _rows(self, model, existing, rows, key: str, fields, section: str, **parent) -> None:
        known = {getattr(item, key): item for item in existing}
        if save_children(rows, known, partial(model, **parent), fields, self.where, key, section):
            self.changed = True

    def _questions(self, call) -> None:
        fields = [f for f in QUESTION_FIELDS if f != "label"]
        self._rows(
            Question, call.questions.all(), self.row.get("questions"), "label", fields,
            "questions", call=call,
        )  # fmt: skip

    def _statements(self, call) -> None:
        self._rows(
            Statement, call.statements.all(), self.row.get("statements"), "text", ["order"],
            "statements", call=call,
        )  # fmt: skip

    def _grid(self, call) -> None:
        data = self.row.get("grid")
        if data is None:
            return
        where = f"{self.where}, « grid »"
        if call.grid is None:
            grid = Grid(name=data["name"])
            save_checked(grid, where)
            call.grid = grid
            call.save(update_fields=["grid"])
            self.changed = True
        elif grid_locked(call) or call.grid.calls.exclude(pk=call.pk).exists():
            self.report.skipped.append(
                _("Appel « %(title)s » : sa grille sert déjà, ses critères restent tels quels.")
                % {"title": call.title}
            )
            return
        elif assign(call.grid, data, ["name"], where):
            save_checked(call.grid, where)
            self.changed = True
        fields = [f for f in CRITERION_FIELDS if f != "label"]
        self._rows(
            Criterion, call.grid.criteria.all(), data["criteria"], "label", fields, "criteria",
            grid=call.grid,
        )  # fmt: skip

    def _settings(self, call) -> None:
        data = self.row.get("project_settings")
        if data is None or call.kind != Call.Kind.PROJECTS:
            return
        where = f"{self.where}, « project_settings »"
        settings, created = ProjectCallSettings.objects.get_or_create(call=call)
        if assign(settings, data, SETTINGS_FIELDS, where) or created:
            save_checked(settings, where)
            self.changed = True
