"""The exit survey pages.

The team's (/gestion/promotions/<id>/questionnaires/…): build a survey, preview it, send it,
remind, read and export the results. Anonymous visitors go to the login page; signed-in users
other than the team and its director get 403; a survey of another cohort is a 404.

The respondent's (/questionnaires/<secret>/): no login, the personal link is the credential;
a forged or replaced link is a 404.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from cohorte.accounts.decorators import requires
from cohorte.calls.exports import FORMATS, ExportError, download_response
from cohorte.programmes.models import Cohort

from . import domain, results
from .forms import AnswerForm, QuestionForm, SurveyForm
from .models import Invitation, Question, Survey

manage_required = requires("surveys.manage")
EXPORTS = {"resultats": "resultats", "reponses": "reponses"}


def _survey(cohort_id, survey_id):
    return get_object_or_404(
        Survey.objects.select_related("cohort"), pk=survey_id, cohort_id=cohort_id
    )


def _back(survey):
    return redirect("surveys:survey", survey.cohort_id, survey.pk)


@manage_required
def home(request):
    """The cohorts and their surveys, running and finished ones first."""
    rows = Cohort.objects.annotate(n_surveys=Count("surveys")).order_by(
        "-status", "-start_date", "pk"
    )
    return render(
        request, "surveys/home.html", {"title": _("Questionnaires de sortie"), "cohorts": rows}
    )


@manage_required
def cohort_surveys(request, cohort_id):
    """A cohort's surveys with their answer rate."""
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    surveys = cohort.surveys.annotate(
        invited=Count("invitations", distinct=True),
        answered=Count("invitations", filter=Q(invitations__answered=True), distinct=True),
        n_questions=Count("questions", distinct=True),
    ).order_by("-created_at", "-pk")
    return render(
        request,
        "surveys/list.html",
        {
            "title": _("Questionnaires — %(cohort)s") % {"cohort": cohort.name},
            "cohort": cohort,
            "surveys": surveys,
            "now": timezone.now(),
        },
    )


def _survey_form(request, cohort, survey):
    now = timezone.now()
    data = request.POST if request.method == "POST" else None
    form = SurveyForm(data, instance=survey, now=now)
    status = 200
    if data is not None:
        if survey.sent_at:
            form.is_valid()
            form.add_error(None, domain.sent_refusal())
        elif form.is_valid():
            try:
                saved = domain.save_survey(survey, form.cleaned_data, request.user)
            except ValidationError as error:
                form.add_error(None, error.messages[0])
            else:
                messages.success(request, _("Le questionnaire est enregistré."))
                return form, 302, redirect("surveys:survey", cohort.pk, saved.pk)
        status = 400
    return form, status, None


@manage_required
def survey_new(request, cohort_id):
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    survey = Survey(cohort=cohort)
    form, status, done = _survey_form(request, cohort, survey)
    if done:
        return done
    return render(
        request,
        "surveys/survey_form.html",
        {"title": _("Nouveau questionnaire"), "cohort": cohort, "form": form},
        status=status,
    )


@manage_required
def survey(request, cohort_id, survey_id):
    """A survey: its settings (editable until sent), questions, sending and answer rate."""
    survey = _survey(cohort_id, survey_id)
    form, status, done = _survey_form(request, survey.cohort, survey)
    if done:
        return done
    return render(
        request,
        "surveys/survey.html",
        {
            "title": survey.title,
            "cohort": survey.cohort,
            "survey": survey,
            "form": form,
            "questions": survey.questions.all(),
            "rate": results.rate(survey),
            "closed": domain.closed(survey, timezone.now()),
            "closes_at": domain.paris_moment(survey.closes_at),
            "sent_at": domain.paris_moment(survey.sent_at) if survey.sent_at else "",
        },
        status=status,
    )


@manage_required
def question_form(request, cohort_id, survey_id, question_id=None):
    """Add a question to a survey not sent yet, or change one."""
    survey = _survey(cohort_id, survey_id)
    question = get_object_or_404(Question, pk=question_id, survey=survey) if question_id else None
    data = request.POST if request.method == "POST" else None
    form = QuestionForm(data, instance=question)
    status = 200
    if data is not None:
        if form.is_valid():
            try:
                domain.save_question(survey, question, form.cleaned_data, request.user)
            except ValidationError as error:
                form.add_error(None, error.messages[0])
            else:
                messages.success(
                    request,
                    _("La question est modifiée.") if question else _("La question est ajoutée."),
                )
                return _back(survey)
        status = 400
    elif survey.sent_at:
        form.add_error(None, domain.questions_refusal())
    return render(
        request,
        "surveys/question_form.html",
        {
            "title": _("Modifier la question") if question else _("Nouvelle question"),
            "cohort": survey.cohort,
            "survey": survey,
            "form": form,
        },
        status=status,
    )


@require_POST
@manage_required
def question_move(request, cohort_id, survey_id, question_id):
    survey = _survey(cohort_id, survey_id)
    question = get_object_or_404(Question, pk=question_id, survey=survey)
    try:
        domain.move_question(survey, question, request.POST.get("sens") == "haut", request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("L’ordre des questions est modifié."))
    return _back(survey)


@require_POST
@manage_required
def question_remove(request, cohort_id, survey_id, question_id):
    survey = _survey(cohort_id, survey_id)
    question = get_object_or_404(Question, pk=question_id, survey=survey)
    try:
        domain.remove_question(survey, question, request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("La question est supprimée."))
    return _back(survey)


@manage_required
def preview(request, cohort_id, survey_id):
    """The survey as a respondent sees it; nothing can be sent from here."""
    survey = _survey(cohort_id, survey_id)
    return render(
        request,
        "surveys/preview.html",
        {
            "title": _("Aperçu : %(title)s") % {"title": survey.title},
            "cohort": survey.cohort,
            "survey": survey,
            "form": AnswerForm(questions=survey.questions.all()),
            "closes_at": domain.paris_moment(survey.closes_at),
        },
    )


@require_POST
@manage_required
def send(request, cohort_id, survey_id):
    survey = _survey(cohort_id, survey_id)
    try:
        count = domain.send(survey, request.user, timezone.now())
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("Le questionnaire est envoyé à %(n)s personnes.") % {"n": count}
        )
    return _back(survey)


@require_POST
@manage_required
def remind(request, cohort_id, survey_id):
    survey = _survey(cohort_id, survey_id)
    try:
        count = domain.remind(survey, request.user, timezone.now())
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("Un nouveau lien est envoyé aux %(n)s personnes qui n’ont pas répondu.")
            % {"n": count},
        )
    return _back(survey)


@manage_required
def survey_results(request, cohort_id, survey_id):
    """Answers aggregated per question, the answer rate and the exports."""
    survey = _survey(cohort_id, survey_id)
    hidden = results.hidden(survey)
    return render(
        request,
        "surveys/results.html",
        {
            "title": _("Résultats : %(title)s") % {"title": survey.title},
            "cohort": survey.cohort,
            "survey": survey,
            "hidden": hidden,
            "minimum": results.ANONYMOUS_MINIMUM,
            "rate": results.rate(survey),
            "results": [] if hidden else results.per_question(survey),
            "responses": survey.responses.count(),
            "formats": FORMATS,
        },
    )


@manage_required
def export(request, cohort_id, survey_id, what, fmt):
    survey = _survey(cohort_id, survey_id)
    if what not in EXPORTS or results.hidden(survey):
        raise Http404
    stem = f"questionnaire-{survey.pk}-{EXPORTS[what]}"
    if what == "resultats":
        columns, rows = results.SUMMARY_COLUMNS, results.summary_rows(survey)
    else:
        columns, rows = results.raw_columns(survey), results.raw_rows(survey)
    try:
        return download_response(columns, rows, fmt, stem)
    except ExportError as error:
        raise Http404 from error


@never_cache
def answer(request, secret):
    """The respondent's form, through their personal link."""
    invitation = domain.invitation_for(secret)
    if invitation is None:
        raise Http404
    survey = invitation.survey
    now = timezone.now()
    context = {
        "title": survey.title,
        "survey": survey,
        "closes_at": domain.paris_moment(survey.closes_at),
    }
    refusal = domain.refusal(invitation, now)
    if refusal:
        status = 400 if request.method == "POST" else 200
        return _answer_page(request, {**context, "refusal": refusal}, status)
    questions = survey.questions.all()
    form = AnswerForm(request.POST if request.method == "POST" else None, questions=questions)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                domain.answer(secret, form.values(), now)
            except Invitation.DoesNotExist:
                raise Http404 from None
            except ValidationError as error:
                return _answer_page(request, {**context, "refusal": error.messages[0]}, 400)
            return _answer_page(request, {**context, "thanks": True}, 200)
        status = 400
    return _answer_page(request, {**context, "form": form}, status)


def _answer_page(request, context, status):
    response = render(request, "surveys/answer.html", context, status=status)
    # The address is the respondent's credential: never sent on to another site. (Not
    # "no-referrer": the browser would then post the form with "Origin: null", which the
    # CSRF check refuses.)
    response["Referrer-Policy"] = "same-origin"
    return response
