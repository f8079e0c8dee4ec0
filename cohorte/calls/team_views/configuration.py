"""The team configures its calls here: creation, copy, rounds, questions, grid, choices, rules.

Each page is one section of a call's configuration; each change goes through
``cohorte.calls.configuration``, which journals it. A refused change says why and keeps
what the team typed in the form.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cohorte.accounts.decorators import configure_required
from cohorte.htmx_events import trigger

from .. import configuration
from ..configuration_forms import (
    CallCreateForm,
    CallSettingsForm,
    ChoicesForm,
    CohortCreateForm,
    CriterionForm,
    FundingRulesForm,
    ProjectSettingsForm,
    QuestionForm,
    RoundForm,
    SalaryBandForm,
    StatementForm,
)
from ..duplication import duplicate_call
from ..forms import ApplicationForm
from ..models import Application, Call, Question, Round, Statement

DIRECTIONS = {"up", "down"}


def _call(call_id: int) -> Call:
    return get_object_or_404(Call.objects.select_related("cohort", "grid"), pk=call_id)


def _tabs(call: Call, current: str) -> list[dict]:
    entries = [("team:config_call", _("Général")), ("team:config_rounds", _("Sessions"))]
    if call.kind == Call.Kind.APPLICATIONS:
        entries.append(("team:config_questions", _("Formulaire de candidature")))
    entries.append(("team:config_grid", _("Grille d’évaluation")))
    if call.kind == Call.Kind.APPLICATIONS:
        entries.append(("team:config_choices", _("Défis, profils et annonce")))
    else:
        entries.append(("team:config_choices", _("Annonce des résultats")))
        entries.append(("team:config_project", _("Rubriques, auditions et cofinancement")))
    return [
        {"url": reverse(name, args=[call.pk]), "label": label, "current": name == current}
        for name, label in entries
    ]


def _page(request, call: Call, tab: str, template: str, title: str, **context):
    return render(
        request,
        template,
        {"call": call, "tabs": _tabs(call, tab), "page_title": title, **context},
    )


def _remove(request, remove, done: str) -> None:
    """Run ``remove`` and say how it went: its refusal, or ``done``."""
    try:
        remove()
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, done)


def _direction(request) -> str:
    """The posted direction of a move ("up" or "down"); anything else is not a page."""
    direction = request.POST.get("direction")
    if direction not in DIRECTIONS:
        raise Http404
    return direction


def _changed(form) -> list[str]:
    return list(form.changed_data)


@configure_required
def call_list(request):
    """Every call of either kind, to configure, copy or create."""
    calls = (
        Call.objects.select_related("cohort")
        .annotate(round_count=Count("rounds", distinct=True))
        .order_by("-opens_at")
    )
    return render(request, "team/config_list.html", {"calls": calls})


@configure_required
def cohort_create(request):
    """Create the next promotion, then a call for it."""
    form = CohortCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        cohort = configuration.create_cohort(
            programme=data["programme"],
            name=data["name"],
            number=data["number"],
            year=data["year"],
            actor=request.user,
        )
        messages.success(
            request,
            _("La promotion « %(name)s » est créée : créez maintenant ses appels.")
            % {"name": cohort.name},
        )
        return redirect(reverse("team:config_create") + f"?promotion={cohort.pk}")
    return render(request, "team/config_cohort.html", {"form": form})


@configure_required
def call_create(request):
    """Create a call of either kind with its first round."""
    initial = {}
    if request.method == "GET" and request.GET.get("promotion", "").isdigit():
        initial["cohort"] = int(request.GET["promotion"])
    form = CallCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        call = configuration.create_call(
            cohort=data["cohort"],
            kind=data["kind"],
            title=data["title"],
            round_name=data["round_name"],
            opens_at=data["opens_at"],
            closes_at=data["closes_at"],
            actor=request.user,
        )
        messages.success(
            request,
            _("L’appel « %(title)s » est créé : complétez sa configuration.")
            % {"title": call.title},
        )
        return redirect("team:config_call", call.pk)
    return render(request, "team/config_create.html", {"form": form})


@configure_required
@require_POST
def call_duplicate(request, call_id):
    """Copy a call for the next promotion, its dates a year later."""
    source = _call(call_id)
    copy = duplicate_call(source, request.user)
    messages.success(
        request,
        _(
            "L’appel « %(title)s » est copié pour la promotion %(cohort)s, ses dates décalées "
            "d’un an : vérifiez ses sessions, ses défis et sa date d’annonce."
        )
        % {"title": source.title, "cohort": copy.cohort.name},
    )
    return redirect("team:config_call", copy.pk)


@configure_required
def call_settings(request, call_id):
    """A call's title, presentation, rules, documents and review visibility."""
    call = _call(call_id)
    form = CallSettingsForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        configuration.save_call(form.save(commit=False), _changed(form), request.user)
        messages.success(request, _("Les réglages généraux sont enregistrés."))
        return redirect("team:config_call", call.pk)
    if request.method == "POST":
        call.refresh_from_db()
    return _page(
        request,
        call,
        "team:config_call",
        "team/config_general.html",
        _("Général"),
        form=form,
        submissions=configuration.has_submissions(call),
    )


@configure_required
def rounds(request, call_id):
    """The call's rounds; the call's window follows them. Adds one on POST."""
    call = _call(call_id)
    form = RoundForm(request.POST or None, call=call, prefix="nouvelle")
    if request.method == "POST" and form.is_valid():
        configuration.save_round(form.save(commit=False), [], request.user)
        messages.success(
            request, _("La session « %(name)s » est ajoutée.") % {"name": form.instance.name}
        )
        return redirect("team:config_rounds", call.pk)
    call.refresh_from_db()
    rows = [
        {"round": r, "refusal": configuration.round_removal_refusal(r)} for r in call.rounds.all()
    ]
    return _page(
        request, call, "team:config_rounds", "team/config_rounds.html", _("Sessions"),
        form=form, rows=rows,
    )  # fmt: skip


@configure_required
def round_edit(request, call_id, round_id):
    """Change one round's name and dates."""
    call = _call(call_id)
    round_ = get_object_or_404(Round, pk=round_id, call=call)
    form = RoundForm(request.POST or None, instance=round_, call=call)
    if request.method == "POST" and form.is_valid():
        configuration.save_round(form.save(commit=False), _changed(form), request.user)
        messages.success(
            request, _("La session « %(name)s » est enregistrée.") % {"name": round_.name}
        )
        return redirect("team:config_rounds", call.pk)
    return _page(
        request, call, "team:config_rounds", "team/config_row.html",
        _("Modifier la session « %(name)s »") % {"name": Round.objects.get(pk=round_.pk).name},
        form=form, back=reverse("team:config_rounds", args=[call.pk]),
        submit=_("Enregistrer la session"),
    )  # fmt: skip


@configure_required
@require_POST
def round_delete(request, call_id, round_id):
    """Remove a round nobody applied in."""
    call = _call(call_id)
    round_ = get_object_or_404(Round, pk=round_id, call=call)
    _remove(
        request,
        lambda: configuration.remove_round(round_, request.user),
        _("La session « %(name)s » est supprimée.") % {"name": round_.name},
    )
    return redirect("team:config_rounds", call.pk)


def _applications_call(call_id) -> Call:
    call = _call(call_id)
    if call.kind != Call.Kind.APPLICATIONS:
        raise Http404
    return call


def _preview_form(call: Call) -> ApplicationForm:
    # The candidate's own form, built from the current questions, under ids of its own.
    return ApplicationForm(call=call, application=Application(call=call), auto_id="apercu_%s")


def _refuse(form, error: ValidationError) -> None:
    form.add_error(None, error.messages[0])


@configure_required
def questions(request, call_id):
    """The application form's questions, their order, and a preview of the candidate's form."""
    call = _applications_call(call_id)
    which = request.POST.get("formulaire") if request.method == "POST" else None
    form = QuestionForm(
        request.POST if which == "question" else None,
        prefix="nouvelle",
        instance=Question(call=call),
    )
    statement_form = StatementForm(
        request.POST if which == "declaration" else None,
        prefix="declaration",
        instance=Statement(call=call),
    )
    if which == "question" and form.is_valid():
        try:
            configuration.save_question(form.save(commit=False), [], request.user)
        except ValidationError as error:
            _refuse(form, error)
        else:
            messages.success(request, _("La question est ajoutée au formulaire."))
            return redirect("team:config_questions", call.pk)
    if which == "declaration" and statement_form.is_valid():
        try:
            configuration.save_statement(statement_form.save(commit=False), [], request.user)
        except ValidationError as error:
            _refuse(statement_form, error)
        else:
            messages.success(request, _("La déclaration sur l’honneur est ajoutée."))
            return redirect(reverse("team:config_questions", args=[call.pk]) + "#declarations")
    if which and which not in {"question", "declaration"}:
        raise Http404
    return _page(
        request, call, "team:config_questions", "team/config_questions.html",
        _("Formulaire de candidature"),
        form=form, rows=list(call.questions.all()), preview=_preview_form(call),
        answered=call.applications.exists(), statement_form=statement_form,
        statements=list(call.statements.all()),
    )  # fmt: skip


@configure_required
def statement_edit(request, call_id, statement_id):
    """Change the wording of one statement, before anyone applies."""
    call = _applications_call(call_id)
    statement = get_object_or_404(Statement, pk=statement_id, call=call)
    form = StatementForm(request.POST or None, instance=statement)
    if request.method == "POST" and form.is_valid():
        try:
            configuration.save_statement(form.save(commit=False), _changed(form), request.user)
        except ValidationError as error:
            _refuse(form, error)
        else:
            messages.success(request, _("La déclaration sur l’honneur est enregistrée."))
            return redirect(reverse("team:config_questions", args=[call.pk]) + "#declarations")
    return _page(
        request, call, "team:config_questions", "team/config_row.html",
        _("Modifier la déclaration sur l’honneur"),
        form=form, back=reverse("team:config_questions", args=[call.pk]),
        submit=_("Enregistrer la déclaration"),
    )  # fmt: skip


@configure_required
@require_POST
def statement_delete(request, call_id, statement_id):
    """Remove a statement, before anyone applies."""
    call = _applications_call(call_id)
    statement = get_object_or_404(Statement, pk=statement_id, call=call)
    _remove(
        request,
        lambda: configuration.remove_statement(statement, request.user),
        _("La déclaration sur l’honneur est supprimée."),
    )
    return redirect(reverse("team:config_questions", args=[call.pk]) + "#declarations")


@configure_required
def question_preview(request, call_id):
    """The candidate's form as it stands (refreshed in place by htmx after each change)."""
    call = _applications_call(call_id)
    preview = _preview_form(call)
    response = render(
        request, "team/includes/config_preview.html", {"call": call, "preview": preview}
    )
    # The button stays focused (it is outside the preview): say that the preview changed.
    count = len(preview.questions)
    return trigger(
        response,
        announce=ngettext(
            "Aperçu actualisé : %(n)s question.", "Aperçu actualisé : %(n)s questions.", count
        )
        % {"n": count},
    )


@configure_required
def question_edit(request, call_id, question_id):
    """Change one question (only its wording once answers exist)."""
    call = _applications_call(call_id)
    question = get_object_or_404(Question, pk=question_id, call=call)
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        try:
            configuration.save_question(form.save(commit=False), _changed(form), request.user)
        except ValidationError as error:
            _refuse(form, error)
        else:
            messages.success(request, _("La question est enregistrée."))
            return redirect("team:config_questions", call.pk)
    return _page(
        request, call, "team:config_questions", "team/config_row.html", _("Modifier la question"),
        form=form, back=reverse("team:config_questions", args=[call.pk]),
        submit=_("Enregistrer la question"),
        notice=_(
            "Des candidatures existent déjà : seuls l’intitulé et l’aide peuvent encore changer."
        ) if call.applications.exists() else "",
    )  # fmt: skip


@configure_required
@require_POST
def question_move(request, call_id, question_id):
    """Move a question one place up or down."""
    call = _applications_call(call_id)
    question = get_object_or_404(Question, pk=question_id, call=call)
    direction = _direction(request)
    if configuration.move_question(question, direction, request.user):
        messages.success(
            request,
            (_("« %(label)s » monte d’un rang.") if direction == "up" else
             _("« %(label)s » descend d’un rang.")) % {"label": question.label},
        )  # fmt: skip
    return redirect(reverse("team:config_questions", args=[call.pk]) + f"#question-{question.pk}")


@configure_required
@require_POST
def question_delete(request, call_id, question_id):
    """Remove a question nobody answered."""
    call = _applications_call(call_id)
    question = get_object_or_404(Question, pk=question_id, call=call)
    _remove(
        request,
        lambda: configuration.remove_question(question, request.user),
        _("La question « %(label)s » est supprimée.") % {"label": question.label},
    )
    return redirect("team:config_questions", call.pk)


@configure_required
def grid(request, call_id):
    """The call's review grid: its criteria and their scales. Adds one on POST."""
    call = _call(call_id)
    form = None
    if call.grid_id:
        from cohorte.reviews.models import Criterion

        form = CriterionForm(request.POST or None, prefix="nouveau",
                             instance=Criterion(grid=call.grid), call=call)  # fmt: skip
        if request.method == "POST" and form.is_valid():
            try:
                configuration.save_criterion(form.save(commit=False), call, [], request.user)
            except ValidationError as error:
                _refuse(form, error)
            else:
                messages.success(request, _("Le critère est ajouté à la grille."))
                return redirect("team:config_grid", call.pk)
    shared = (
        list(Call.objects.filter(grid=call.grid_id).exclude(pk=call.pk)) if call.grid_id else []
    )
    return _page(
        request, call, "team:config_grid", "team/config_grid.html", _("Grille d’évaluation"),
        form=form, rows=list(call.grid.criteria.all()) if call.grid_id else [],
        locked=configuration.grid_refusal(call), shared=shared,
        max_total=call.grid.max_total if call.grid_id else 0,
        usual_criteria=_usual_criteria(call),
    )  # fmt: skip


def _usual_criteria(call: Call) -> int:
    from cohorte.programmes.call_defaults import criteria_of

    return len(criteria_of(call.cohort.programme, projects=call.kind == Call.Kind.PROJECTS))


@configure_required
@require_POST
def grid_create(request, call_id):
    """Give the call a grid of its own, started from the programme's criteria."""
    call = _call(call_id)
    if call.grid_id is None:
        grid = configuration.create_grid(call, request.user)
        messages.success(
            request,
            _("La grille est créée avec les critères habituels du programme.")
            if grid.criteria.exists()
            else _("La grille est créée : ajoutez-lui ses critères."),
        )
    return redirect("team:config_grid", call.pk)


def _criterion(call: Call, criterion_id: int):
    from cohorte.reviews.models import Criterion

    if call.grid_id is None:
        raise Http404
    return get_object_or_404(Criterion, pk=criterion_id, grid=call.grid_id)


@configure_required
def criterion_edit(request, call_id, criterion_id):
    """Change one criterion of the grid."""
    call = _call(call_id)
    criterion = _criterion(call, criterion_id)
    form = CriterionForm(request.POST or None, instance=criterion, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            configuration.save_criterion(
                form.save(commit=False), call, _changed(form), request.user
            )
        except ValidationError as error:
            _refuse(form, error)
        else:
            messages.success(request, _("Le critère est enregistré."))
            return redirect("team:config_grid", call.pk)
    return _page(
        request, call, "team:config_grid", "team/config_row.html", _("Modifier le critère"),
        form=form, back=reverse("team:config_grid", args=[call.pk]),
        submit=_("Enregistrer le critère"),
    )  # fmt: skip


@configure_required
@require_POST
def criterion_move(request, call_id, criterion_id):
    """Move a criterion one place up or down."""
    call = _call(call_id)
    criterion = _criterion(call, criterion_id)
    direction = _direction(request)
    configuration.move_criterion(criterion, call, direction, request.user)
    return redirect("team:config_grid", call.pk)


@configure_required
@require_POST
def criterion_delete(request, call_id, criterion_id):
    """Remove a criterion nobody scored on."""
    call = _call(call_id)
    criterion = _criterion(call, criterion_id)
    _remove(
        request,
        lambda: configuration.remove_criterion(criterion, call, request.user),
        _("Le critère « %(label)s » est supprimé.") % {"label": criterion.label},
    )
    return redirect("team:config_grid", call.pk)


@configure_required
def choices(request, call_id):
    """What candidates choose among, the défis' seats, the vote and the announcement date."""
    call = _call(call_id)
    form = ChoicesForm(request.POST or None, instance=call)
    if request.method == "POST" and form.is_valid():
        configuration.set_choices(call, form, request.user)
        messages.success(request, _("Les choix et la date d’annonce sont enregistrés."))
        return redirect("team:config_choices", call.pk)
    if request.method == "POST":
        call.refresh_from_db()
    title = (
        _("Défis, profils et annonce")
        if call.kind == Call.Kind.APPLICATIONS
        else _("Annonce des résultats")
    )
    return _page(
        request, call, "team:config_choices", "team/config_choices.html", title, form=form,
        seat_fields=[form[name] for name in getattr(form, "seat_fields", [])],
    )  # fmt: skip


def _projects_call(call_id) -> Call:
    call = _call(call_id)
    if call.kind != Call.Kind.PROJECTS:
        raise Http404
    return call


def _project_settings(call):
    from cohorte.projects.models import ProjectCallSettings

    return ProjectCallSettings.objects.get_or_create(call=call)[0]


def _funding_rules(call):
    from cohorte.projects.models import FundingRules

    return FundingRules.objects.filter(cohort=call.cohort).first() or FundingRules(
        cohort=call.cohort
    )


@configure_required
def project(request, call_id):
    """A call for projects' sections, pitch and auditions, and its cohort's co-funding."""
    call = _projects_call(call_id)
    settings = _project_settings(call)
    rules = _funding_rules(call)
    which = request.POST.get("formulaire") if request.method == "POST" else None
    settings_form = ProjectSettingsForm(
        request.POST if which == "reglages" else None, settings=settings, prefix="reglages"
    )
    rules_form = FundingRulesForm(
        request.POST if which == "cofinancement" else None, instance=rules, prefix="cofinancement"
    )
    band_form = None
    if rules.pk:
        band_form = SalaryBandForm(
            request.POST if which == "tranche" else None, rules=rules, prefix="tranche"
        )
    if which == "reglages" and settings_form.is_valid():
        changed = settings_form.apply()
        configuration.save_row(settings, changed, request.user, "projectcallsettings", call)
        messages.success(request, _("Les rubriques, le pitch et les auditions sont enregistrés."))
        return redirect("team:config_project", call.pk)
    if which == "cofinancement" and rules_form.is_valid():
        configuration.save_row(
            rules_form.save(commit=False), _changed(rules_form), request.user, "fundingrules", call
        )
        messages.success(request, _("Les règles de cofinancement sont enregistrées."))
        return redirect("team:config_project", call.pk)
    if which == "tranche" and band_form is not None and band_form.is_valid():
        band = band_form.save(commit=False)
        configuration.save_band(band, [], request.user, call)
        messages.success(
            request, _("La tranche « %(label)s » est ajoutée.") % {"label": band.label}
        )
        return redirect("team:config_project", call.pk)
    if which and which not in {"reglages", "cofinancement", "tranche"}:
        raise Http404
    rules = _funding_rules(call)
    return _page(
        request, call, "team:config_project", "team/config_project.html",
        _("Rubriques, auditions et cofinancement"),
        settings_form=settings_form, rules_form=rules_form, band_form=band_form,
        bands=list(rules.bands.all()) if rules.pk else [], rules=rules,
        limit_fields=[settings_form[n] for n in settings_form.limit_fields],
        phase_fields=[settings_form[n] for n in ["pitch_max_pages", *ProjectSettingsForm.PHASES]],
        audition_minutes=settings.audition_minutes,
    )  # fmt: skip


def _band(call, band_id):
    from cohorte.projects.models import SalaryBand

    return get_object_or_404(SalaryBand, pk=band_id, rules__cohort=call.cohort_id)


@configure_required
def band_edit(request, call_id, band_id):
    """Change one salary band of the cohort."""
    call = _projects_call(call_id)
    band = _band(call, band_id)
    form = SalaryBandForm(request.POST or None, instance=band, rules=band.rules)
    if request.method == "POST" and form.is_valid():
        try:
            configuration.save_band(form.save(commit=False), _changed(form), request.user, call)
        except ValidationError as error:
            _refuse(form, error)
        else:
            messages.success(request, _("La tranche est enregistrée."))
            return redirect("team:config_project", call.pk)
    return _page(
        request, call, "team:config_project", "team/config_row.html",
        _("Modifier la tranche de salaire"),
        form=form, back=reverse("team:config_project", args=[call.pk]),
        submit=_("Enregistrer la tranche"),
    )  # fmt: skip


@configure_required
@require_POST
def band_delete(request, call_id, band_id):
    """Remove a salary band of the cohort."""
    call = _projects_call(call_id)
    band = _band(call, band_id)
    _remove(
        request,
        lambda: configuration.remove_band(band, call, request.user),
        _("La tranche « %(label)s » est supprimée.") % {"label": band.label},
    )
    return redirect("team:config_project", call.pk)
