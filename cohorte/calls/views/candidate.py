"""The candidate's application: form with autosave, receipt, files, withdrawal, answers.

Every view works on the signed-in user's own application, found by the call's slug: an
application or file of someone else is never found (404). The rules themselves live in
``applications.py``; these views parse the request and show the result.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorte.accounts.roles import is_team
from cohorte.campaigns import capture as campaigns
from cohorte.compiled_sql import first
from cohorte.public.formats import format_clock

from .. import applications, drafts, voting, windows
from ..applications import ApplicationError, StaleRevision, WindowClosed
from ..candidate import candidate_status, sent_decision, visible_interviews
from ..choices import choice_rules, keep_choice_options
from ..files import serve_application_file
from ..forms import AnswerForm, ApplicationForm
from ..models import Application, ApplicationFile, Call, Message
from ..structure import call_with_form
from . import autosave as autosave_status

STATUS_FOR = {StaleRevision: 409, WindowClosed: 403}


def _call(slug) -> Call:
    # With its rounds for the window checks, its questions and statements for the form and
    # its checks: kept per process while the call's structure is unchanged.
    return call_with_form(slug, Call.Kind.APPLICATIONS)


# Stand for the call's and the candidate's ids in ``_application_sql``.
_THE_CALL, _THE_CANDIDATE = -7_654_322, -7_654_323


def _application_sql() -> tuple[str, tuple]:
    return (
        Application.objects.filter(call=_THE_CALL, candidate=_THE_CANDIDATE)
        .order_by()
        .query.sql_with_params()
    )


def _application_of(request, call) -> Application | None:
    # On every request of the candidate: compiled once (one application per call and
    # candidate, so no order), its round taken from the call's, read already.
    values = {_THE_CALL: call.pk, _THE_CANDIDATE: request.user.pk}
    found = first(Application, "own-application", _application_sql, values)
    if found is not None and found.round_id is not None:
        rounds = {round_.pk: round_ for round_ in call.rounds.all()}
        if found.round_id in rounds:
            found.round = rounds[found.round_id]
    return found


def _own_application(request, call, found=None) -> Application:
    application = found or _application_of(request, call)
    if application is None or not request.user.has_perm("calls.view_own_application", application):
        raise Http404
    # The call loaded above, with its rounds prefetched: the window checks then query nothing.
    application.call = call
    return application


def _team_refusal(request, call):
    try:
        back_office = reverse("team:home")
    except NoReverseMatch:
        back_office = ""
    return render(
        request,
        "calls/team_refused.html",
        {"call": call, "back_office": back_office},
        status=403,
    )


def _interview_link(slot) -> str:
    # The interviews area provides the confirm / ask-to-move page when it is installed.
    try:
        return reverse("selection:interview_respond", args=[slot.pk])
    except NoReverseMatch:
        return ""


def _versions(application):
    if not application.version:  # never submitted: no version to read
        return []
    return list(application.versions.order_by("-number"))


def _review_data(application, versions) -> dict:
    """What to show read-only: the last submitted version, or the draft as it stands."""
    if versions:
        return versions[0].data
    return applications.snapshot(application)


def _page(request, call, application, *, form=None, answer_form=None, answering=None,
          error="", status=200):  # fmt: skip
    now = timezone.now()
    state = windows.access(call, application, now)
    if form is None and state.open:
        form = ApplicationForm(
            initial=ApplicationForm.initial_for(application), call=call, application=application
        )
    versions = _versions(application)
    thread = list(application.messages.order_by("created_at", "pk"))
    interviews = [
        {"slot": slot, "respond_url": _interview_link(slot)}
        for slot in visible_interviews(application)
    ]
    deadline = windows.deadline(application, now)
    can_withdraw = not applications.withdrawal_refusal(application)
    context = {
        "call": call,
        "application": application,
        "state": state,
        "form": form,
        "error": error,
        "now": now,
        "deadline": deadline,
        "status": candidate_status(application),
        "decision": sent_decision(application),
        "interviews": interviews,
        "thread": thread,
        "answer_form": answer_form,
        "answering": answering,
        "versions": versions,
        "review": None if state.open else _review_data(application, versions),
        "files": applications.current_files(application),
        "unsubmitted_changes": drafts.has_unsubmitted_changes(application),
        "can_withdraw": can_withdraw,
        "vote_open": voting.vote_state(application).open,
        "choice_rules": choice_rules(call),
        "breadcrumb": [(call.title, call.get_absolute_url())],
    }
    if form is not None:
        context["ranked"] = _ranked(form)
        context["file_fields"] = ",".join(form.file_fields())
    return render(request, "calls/application.html", context, status=status)


def _ranked(form) -> list[dict]:
    """The rank selects with their options (grouped by défi for pairs)."""
    groups: list[tuple[str, list]] = []
    for option in form.options:
        if groups and groups[-1][0] == option.group:
            groups[-1][1].append(option)
        else:
            groups.append((option.group, [option]))
    return [
        {"rank": rank, "value": value, "groups": groups}
        for rank, value in enumerate(form.ranked_values(), start=1)
    ]


@login_required
def application(request, slug):
    """The candidate's application to a call: the form while open, a read-only view after."""
    call = _call(slug)
    if is_team(request.user):
        return _team_refusal(request, call)
    found = _application_of(request, call)  # one query for "is there one?" and "which?"
    if found is None:
        return _start(request, call)  # shows the call: no question of its form is read
    # The form's choices are read by the form, then by the checks.
    keep_choice_options(call)
    application = _own_application(request, call, found)
    if request.method != "POST":
        return _page(request, call, application)
    action = request.POST.get("action", "save")
    state = windows.access(
        call, application, timezone.now(), "submit" if action == "submit" else "edit"
    )
    if not state.open:
        return _page(request, call, application, error=state.message, status=403)
    form = ApplicationForm(request.POST, request.FILES, call=call, application=application)
    form.is_valid()
    if "application" in form.errors or "revision" in form.errors:
        return _page(request, call, application, form=form, status=400)
    if form.cleaned_data["application"] != application.pk:
        return _page(request, call, application, form=form, status=403, error=_(
            "Ce formulaire appartient à une autre candidature (vous avez peut-être changé de "
            "compte) : rien n'a été enregistré."
        ))  # fmt: skip
    revision = form.cleaned_data["revision"]
    refused_by_form = form.content_errors()
    try:
        if action == "submit" and not refused_by_form:
            applications.save_and_submit(application, form.to_data(), revision, request.user)
            return redirect("calls:receipt", slug=call.slug)
        saved = applications.save_draft(application, form.to_data(), revision, request.user)
    except ApplicationError as refused:
        return _page(request, call, application, form=form, error=refused.message,
                     status=STATUS_FOR.get(type(refused), 403))  # fmt: skip
    except ValidationError as invalid:
        return _invalid(request, call, application, form, invalid)
    if refused_by_form:
        return _invalid(request, call, application, form, ValidationError({}), saved=saved)
    messages.success(
        request, _("Brouillon enregistré à %(time)s.") % {"time": format_clock(saved.updated_at)}
    )
    return redirect("calls:application", slug=call.slug)


def _start(request, call):
    """No application yet: a GET shows the call and a "start" button; only its POST creates
    the draft, so that following a link never creates an application."""
    now = timezone.now()
    state = windows.access(call, None, now, "start")
    # How they heard of the call, and the tracked link they came by (with their consent).
    arrival = campaigns.arrival_form(request, call)
    if state.open and request.method == "POST" and arrival.is_valid():
        try:
            application = applications.start(call, request.user, now=now, looked=True)
        except WindowClosed as refused:
            state = windows.Access(False, None, "closed", refused.message)
        else:
            campaigns.keep(request, call, arrival, application=application)
            return redirect("calls:application", slug=call.slug)
    if not state.open:
        return render(
            request,
            "calls/application_unavailable.html",
            {"call": call, "message": state.message},
            status=403 if request.method == "POST" else 200,
        )
    return render(
        request,
        "calls/application_start.html",
        {
            "call": call,
            "window": state.window,
            "choice_rules": choice_rules(call),
            "arrival_form": arrival,
            "breadcrumb": [(call.title, call.get_absolute_url())],
        },
        status=400 if arrival.errors else 200,
    )


def _invalid(request, call, application, form, invalid, saved=None):
    """The form as typed, with every error; what was valid is saved (or a submission's
    draft was), so the page carries the new revision."""
    partial = isinstance(invalid, applications.PartiallySaved) or saved is not None
    application.refresh_from_db()
    data = form.data.copy()
    data["revision"] = str(application.revision)
    form.data = data
    for field, errors in invalid.message_dict.items():
        for error in errors:
            if field not in form.errors or error not in form.errors[field]:
                form.add_error(field if field in form.fields else None, error)
    count = sum(len(e) for e in form.errors.values())
    if request.POST.get("action") == "submit":
        message = _(
            "Votre candidature n'a pas été déposée : %(n)s point(s) à compléter ou corriger."
        ) % {"n": count}
    elif partial:
        message = _(
            "Brouillon enregistré à %(time)s, sauf %(n)s point(s) à corriger ci-dessous : le "
            "texte concerné reste dans le formulaire, mais n'est pas enregistré."
        ) % {"time": format_clock(application.updated_at), "n": count}
    else:
        message = _("Rien n'a été enregistré : %(n)s point(s) à corriger.") % {"n": count}
    return _page(request, call, application, form=form, error=message, status=400)


_status = autosave_status.status


@require_POST
def autosave(request, slug):
    """Save the draft as the candidate types (htmx); answers a short status, never a redirect."""
    if not request.user.is_authenticated:
        return autosave_status.session_expired()
    call = _call(slug)
    application = Application.objects.filter(call=call, candidate=request.user).first()
    if application is None:
        return _status(
            _("Aucun brouillon à enregistrer pour cet appel."), level="error", status=404
        )
    form = ApplicationForm(request.POST, call=call, application=application)
    form.is_valid()
    if "application" in form.errors or "revision" in form.errors:
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        return _status(
            _("Brouillon non enregistré : %(error)s") % {"error": errors[0]},
            level="error",
            status=400,
        )
    if form.cleaned_data["application"] != application.pk:
        return _status(
            _(
                "Vous êtes connecté·e avec un autre compte que celui de ce brouillon : rien n'a "
                "été enregistré."
            ),
            level="error",
            status=403,
        )
    errors = form.content_errors()
    try:
        saved = applications.save_draft(
            application, form.to_data(with_files=False), form.cleaned_data["revision"], request.user
        )
    except ApplicationError as refused:
        return _status(refused.message, level="error", status=STATUS_FOR.get(type(refused), 403))
    except applications.PartiallySaved as partial:
        saved = partial.application
        for field, messages_ in partial.message_dict.items():
            errors.setdefault(field, []).extend(m for m in messages_ if m not in errors[field])
    return autosave_status.saved(
        saved.updated_at, saved.revision, _problems(form, errors), code=400 if errors else 200
    )


def _problems(form, errors) -> list[dict]:
    """Each error of an autosave with the field it links to and the message group it fills."""
    problems = []
    for name, messages_ in errors.items():
        if name == "choices":
            anchor, group = "id_choices", "choix-messages"
        elif name in form.fields:
            anchor = form[name].auto_id
            group = f"{anchor}-messages"
        else:
            anchor, group = "formulaire", ""
        problems.extend({"anchor": anchor, "group": group, "message": m} for m in messages_)
    return problems


@login_required
def receipt(request, slug):
    """The receipt of the last submission, with the server's timestamp in Paris time."""
    call = _call(slug)
    application = _own_application(request, call)
    version = application.versions.order_by("-number").first()
    if version is None:
        raise Http404
    return render(
        request,
        "calls/receipt.html",
        {
            "call": call,
            "application": application,
            "version": version,
            "data": version.data,
            "deadline": windows.deadline(application, timezone.now()),
            "breadcrumb": [
                (call.title, call.get_absolute_url()),
                (_("Ma candidature"), reverse("calls:application", args=[call.slug])),
            ],
        },
    )


@login_required
def application_file(request, slug, file_id):
    """Download one of the candidate's own files (current or replaced)."""
    file = get_object_or_404(
        ApplicationFile.objects.select_related("application"),
        pk=file_id,
        application__call__slug=slug,
        application__candidate=request.user,
    )
    if not request.user.has_perm("calls.view_own_application", file.application):
        raise Http404
    return serve_application_file(request, file)


@login_required
def withdraw(request, slug):
    """Confirm, then withdraw the application."""
    call = _call(slug)
    application = _own_application(request, call)
    draft = applications.is_discardable(application)
    error = "" if draft else applications.withdrawal_refusal(application)
    if request.method == "POST" and not error:
        try:
            if draft:
                applications.discard_draft(application, request.user)
            else:
                applications.withdraw(application, request.user)
        except ApplicationError as refused:
            error = refused.message
        else:
            if draft:
                messages.success(
                    request,
                    _("Votre brouillon est supprimé : vous pouvez recommencer jusqu’à la clôture."),
                )
                return redirect(call.get_absolute_url())
            messages.success(request, _("Votre candidature est retirée."))
            return redirect("calls:application", slug=call.slug)
    return render(
        request,
        "calls/withdraw.html",
        {
            "call": call,
            "application": application,
            "draft": draft,
            "error": error,
            "breadcrumb": [
                (call.title, call.get_absolute_url()),
                (_("Ma candidature"), reverse("calls:application", args=[call.slug])),
            ],
        },
        status=409 if error and request.method == "POST" else 200,
    )


@login_required
@require_POST
def answer(request, slug, message_id):
    """Answer one of the team's requests for more information."""
    call = _call(slug)
    application = _own_application(request, call)
    request_message = get_object_or_404(
        Message, pk=message_id, application=application, from_team=True,
        kind=Message.Kind.INFO_REQUEST,
    )  # fmt: skip
    form = AnswerForm(request.POST)
    form.is_valid()
    try:
        applications.answer_info_request(
            request_message, form.cleaned_data.get("body", ""), request.user
        )
    except ValidationError as invalid:
        for error in invalid.message_dict.get("body", invalid.messages):
            form.add_error("body", error)
        return _page(request, call, application, answer_form=form, answering=request_message.pk,
                     status=400)  # fmt: skip
    except ApplicationError as refused:
        return _page(request, call, application, error=refused.message, status=409)
    messages.success(request, _("Votre réponse est envoyée à l'équipe du programme."))
    return redirect(reverse("calls:application", args=[call.slug]) + "#messages")
