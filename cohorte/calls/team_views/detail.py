"""One application seen by the team: answers, files, versions, notes, messages, screening, log."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorte.audit.domain import history
from cohorte.reviews.aggregate import aggregate
from cohorte.reviews.models import Review

from .. import screening
from ..files import serve_application_file
from ..models import Application, ApplicationFile, Question
from .access import get_application, team_required
from .forms import MessageForm, NoteForm, ScreeningForm
from .journal import describe_entry
from .versions import compare, describe_snapshot


def answer_rows(application, files) -> list[dict]:
    """The call's questions in order, each with the answer as text or its files."""
    answers = application.answers or {}
    rows = []
    for question in application.call.questions.all():
        value = answers.get(str(question.pk))
        row = {"question": question, "text": "", "url": "", "files": []}
        if question.kind == Question.Kind.FILE:
            row["files"] = [f for f in files if f.question_id == question.pk]
        elif isinstance(value, bool):
            row["text"] = _("Oui") if value else _("Non")
        elif question.kind == Question.Kind.YES_NO and value in ("yes", "no"):
            row["text"] = _("Oui") if value == "yes" else _("Non")
        elif isinstance(value, list | tuple):
            row["text"] = ", ".join(str(v) for v in value)
        elif value not in (None, ""):
            row["text"] = str(value)
        if question.kind == Question.Kind.URL and row["text"].startswith(("https://", "http://")):
            row["url"] = row["text"]
        rows.append(row)
    return rows


def _reviews_summary(application) -> list[dict]:
    reviews = list(application.reviews.select_related("reviewer", "panel"))
    summary = []
    for stage, label in Review.Stage.choices:
        of_stage = [r for r in reviews if r.stage == stage]
        if of_stage:
            summary.append(
                {
                    "label": label,
                    "aggregate": aggregate([r.total for r in of_stage]),
                    "reviews": of_stage,
                }
            )
    return summary


def _last_reason(entries, action: str) -> str:
    for entry in entries:  # newest first
        if entry.action == action:
            return (entry.data or {}).get("reason", "")
    return ""


def detail_context(application, **forms) -> dict:
    """Everything the application page shows; ``forms`` replace the empty ones (with errors)."""
    files = list(application.files.select_related("question").order_by("kind", "-uploaded_at"))
    entries = list(history(application))
    call = application.call
    accepted = set(application.statements or [])
    return {
        "application": application,
        "call": call,
        "answers": answer_rows(application, [f for f in files if f.is_current]),
        "choices": application.choices.select_related("challenge", "profile"),
        "statements": [(s, s.pk in accepted) for s in call.statements.all()],
        "current_files": [f for f in files if f.is_current and f.question_id is None],
        "old_files": [f for f in files if not f.is_current],
        "versions": application.versions.order_by("-number"),
        "notes": application.notes.select_related("author"),
        "thread": application.messages.select_related("author"),
        "review_stages": _reviews_summary(application),
        "journal": [describe_entry(entry) for entry in entries],
        "eligibility_reason": _last_reason(entries, "application.eligibility_set"),
        "completeness_reason": _last_reason(entries, "application.completeness_set"),
        "eligibility_choices": Application.Eligibility.choices,
        "completeness_choices": Application.Completeness.choices,
        "can_shortlist": application.status == Application.Status.SUBMITTED,
        "can_unshortlist": application.status == Application.Status.SHORTLISTED,
        "note_form": forms.get("note_form") or NoteForm(),
        "message_form": forms.get("message_form") or MessageForm(),
        "eligibility_form": forms.get("eligibility_form") or ScreeningForm(prefix="eligibility"),
        "completeness_form": forms.get("completeness_form") or ScreeningForm(prefix="completeness"),
        "list_url": reverse("team:application_list", args=[call.pk]),
    }


def _page(request, application, status=200, **forms):
    return render(
        request,
        "team/application_detail.html",
        detail_context(application, **forms),
        status=status,
    )


def _detail_url(application) -> str:
    return reverse("team:application_detail", args=[application.pk])


@team_required
def application_detail(request, pk):
    """The application page of the team."""
    return _page(request, get_application(request, pk))


@team_required
def application_file(request, pk, file_id):
    """Download one file of an application (any version), after the permission check."""
    application = get_application(request, pk)
    file = get_object_or_404(ApplicationFile, pk=file_id, application=application)
    return serve_application_file(request, file)


@team_required
def application_version(request, pk, number):
    """One submitted version of an application and what changed since the previous one."""
    application = get_application(request, pk)
    versions = {v.number: v for v in application.versions.filter(number__in=[number, number - 1])}
    version = versions.get(number)
    if version is None:
        raise Http404(_("Cette version n'existe pas."))
    previous = versions.get(number - 1)
    call = application.call
    return render(
        request,
        "team/application_version.html",
        {
            "application": application,
            "call": call,
            "version": version,
            "previous": previous,
            "fields": describe_snapshot(version.data, call),
            "changes": compare(previous.data if previous else None, version.data, call),
        },
    )


@team_required
@require_POST
def application_note(request, pk):
    """Add a private note."""
    application = get_application(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            screening.add_note(application, form.cleaned_data["body"], request.user)
        except screening.ScreeningError as error:
            form.add_error("body", str(error))
    if not form.is_valid():
        return _page(request, application, status=400, note_form=form)
    messages.success(request, _("Note ajoutée."))
    return redirect(_detail_url(application) + "#notes")


@team_required
@require_POST
def application_message(request, pk):
    """Send a message or a request for more information to the candidate."""
    application = get_application(request, pk)
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            screening.send_message(
                application,
                form.cleaned_data["body"],
                request.user,
                request_info=form.cleaned_data["request_info"],
            )
        except screening.ScreeningError as error:
            form.add_error(None, str(error))
    if not form.is_valid():
        return _page(request, application, status=400, message_form=form)
    messages.success(
        request,
        _("Demande de complément envoyée au candidat.")
        if form.cleaned_data["request_info"]
        else _("Message envoyé au candidat."),
    )
    return redirect(_detail_url(application) + "#messages")


@team_required
@require_POST
def application_screening(request, pk):
    """Set the eligibility or the completeness of the application, with an optional reason."""
    application = get_application(request, pk)
    step = request.POST.get("step", "")
    if step not in ("eligibility", "completeness"):
        messages.error(request, _("Étape d'examen inconnue : rien n'a été modifié."))
        return redirect(_detail_url(application))
    form = ScreeningForm(request.POST, prefix=step)
    if form.is_valid():
        setter = screening.set_eligibility if step == "eligibility" else screening.set_completeness
        try:
            changed = setter(
                application, form.cleaned_data["value"], request.user, form.cleaned_data["reason"]
            )
        except screening.ScreeningError as error:
            form.add_error(None, str(error))
    if not form.is_valid():
        return _page(request, application, status=400, **{f"{step}_form": form})
    messages.success(request, _("Enregistré.") if changed else _("Aucun changement."))
    return redirect(_detail_url(application) + "#examen")


@team_required
@require_POST
def application_shortlist(request, pk):
    """Shortlist the application for an interview, or take it off the shortlist."""
    application = get_application(request, pk)
    undo = request.POST.get("undo") == "1"
    try:
        if undo:
            screening.unshortlist(application, request.user)
            messages.success(request, _("La candidature n'est plus présélectionnée."))
        else:
            screening.shortlist(application, request.user)
            messages.success(request, _("Candidature présélectionnée pour une audition."))
    except screening.ScreeningError as error:
        messages.error(request, str(error))
    return redirect(_detail_url(application) + "#examen")
