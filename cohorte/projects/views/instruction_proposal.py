"""One proposal in pre-instruction: the whole proposal, screening, reviews, conflict,
questions to the administration and for the jury, private notes, shortlist, files.

Access: anonymous visitors go to the login page; any URL naming a proposal answers 404
to whoever may not review it (an administration, a juror, a conflicted reviewer, a
draft), so nothing about it leaks; the team's actions (screening, shortlist, private
notes) answer 403 to a pre-instructor.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorte.accounts.roles import is_team
from cohorte.audit.domain import history
from cohorte.calls.files import serve_application_file
from cohorte.calls.team_views.forms import ScreeningForm
from cohorte.calls.team_views.journal import describe_entry
from cohorte.reviews import conflicts
from cohorte.reviews import domain as reviews
from cohorte.reviews.aggregate import aggregate
from cohorte.reviews.models import Review
from cohorte.reviews.presentation import (
    grid_fields,
    posted_scores,
    suggestion_label,
    with_score_lists,
)
from cohorte.reviews.visibility import ScoreSight

from .. import instruction, thread
from ..models import Proposal, ProposalFile, ProposalNote
from .instruction_reading import reading_context

PRESELECTION = Review.Stage.PRESELECTION
FILE_URL = "instruction:proposal_file"


def get_proposal(request, pk) -> Proposal:
    """A proposal this user may pre-instruct now (team or pre-instructor, submitted, no
    conflict), else 404."""
    proposal = get_object_or_404(
        Proposal.objects.select_related(
            "call", "call__grid", "call__cohort", "organisation", "round", "created_by"
        ),
        pk=pk,
    )
    if not request.user.has_perm("projects.review_proposal", proposal):
        raise Http404
    return proposal


def _require_team(request) -> None:
    if not request.user.has_perm("projects.manage_proposals"):
        raise PermissionDenied


def _last_reason(entries, action: str) -> str:
    for entry in entries:  # newest first
        if entry.action == action:
            return (entry.data or {}).get("reason", "")
    return ""


def _suggestions(user, proposal) -> list[str]:
    """Warnings of a possible conflict: same mail domain as its author, own organisation named."""
    data = proposal.data or {}
    text = "\n".join(
        [proposal.title, proposal.organisation.name, proposal.organisation.acronym]
        + [str(v) for v in (data.get("sections") or {}).values()]
        + [str(data.get(k) or "") for k in ("operational_carrier", "partners")]
    )
    author = proposal.created_by.email if proposal.created_by else ""
    found = conflicts.suggest(
        user.email, author, reviews.reviewer_organisations(user), text, reviews.programme_domains()
    )
    return [suggestion_label(s) for s in found]


def _review_part(proposal, user, values=None, errors=None) -> dict:
    call = proposal.call
    criteria = list(call.grid.criteria.all()) if call.grid_id else []
    mine = Review.objects.filter(proposal=proposal, reviewer=user, stage=PRESELECTION).first()
    if values is None:
        values = {
            "scores": mine.scores if mine else {},
            "comment": mine.comment if mine else "",
            "recommendation": mine.recommendation if mine else "",
        }
    errors = errors or {}
    sight = ScoreSight(user, call, PRESELECTION, [proposal])
    others_visible = sight.others(proposal)
    stage = Review.objects.filter(proposal=proposal, stage=PRESELECTION)
    others = (
        with_score_lists(list(stage.exclude(reviewer=user).select_related("reviewer")), criteria)
        if others_visible
        else []
    )
    summary = None
    if sight.scores(proposal):
        summary = aggregate(list(stage.values_list("total", flat=True)))
    return {
        "mine": mine,
        "criteria": criteria,
        "fields": grid_fields(criteria, values["scores"], errors),
        "values": values,
        "errors": errors,
        "recommendations": Review.Recommendation.choices,
        "max_total": sum(c.scale_max for c in criteria),
        "others": others,
        "others_visible": others_visible,
        "summary": summary,
    }


def page_context(request, proposal, **overrides) -> dict:
    """Everything the proposal page shows; ``overrides`` carry a refused form and its errors."""
    user = request.user
    team = is_team(user)
    rules = instruction.funding_rules(proposal.call)
    notes = list(proposal.notes.select_related("author").filter(kind__in=instruction.NOTE_KINDS))
    reading = reading_context(proposal, rules, FILE_URL)  # the version submitted last
    context = {
        "call": proposal.call,
        "is_team": team,
        **reading,
        **_review_part(
            proposal, user, overrides.pop("review_values", None), overrides.pop("errors", None)
        ),
        "suggestions": _suggestions(user, reading["proposal"]),
        "thread": proposal.messages.select_related("author"),
        "jury_questions": [n for n in notes if n.kind == ProposalNote.Kind.JURY_QUESTION],
        "private_notes": [n for n in notes if n.kind == ProposalNote.Kind.PRIVATE] if team else [],
        "question_text": "",
        "question_error": "",
        "jury_note": {"text": "", "error": ""},
        "private_note": {"text": "", "error": ""},
        "list_url": reverse("instruction:call", args=[proposal.call_id]),
    }
    if team:
        entries = list(history(proposal))
        context.update(
            {
                "eligibility_form": ScreeningForm(prefix="eligibility"),
                "completeness_form": ScreeningForm(prefix="completeness"),
                "eligibility_reason": _last_reason(entries, "proposal.eligibility_set"),
                "completeness_reason": _last_reason(entries, "proposal.completeness_set"),
                "eligibility_choices": Proposal.Eligibility.choices,
                "completeness_choices": Proposal.Completeness.choices,
                "can_shortlist": proposal.status == Proposal.Status.SUBMITTED,
                "can_unshortlist": proposal.status == Proposal.Status.SHORTLISTED,
                "journal": [describe_entry(entry) for entry in entries],
            }
        )
    context.update(overrides)
    return context


def _page(request, proposal, status=200, **overrides):
    return render(
        request,
        "projects/instruction/proposal.html",
        page_context(request, proposal, **overrides),
        status=status,
    )


def _url(proposal, anchor="") -> str:
    return reverse("instruction:proposal", args=[proposal.pk]) + (f"#{anchor}" if anchor else "")


@login_required
def proposal_page(request, pk):
    """The proposal page of the pre-instruction."""
    return _page(request, get_proposal(request, pk))


@login_required
def proposal_file(request, pk, file_id):
    """Download one file of the proposal (any version), after the permission check."""
    proposal = get_proposal(request, pk)
    item = get_object_or_404(ProposalFile, pk=file_id, proposal=proposal)
    if not item.file or not item.file.storage.exists(item.file.name):
        raise Http404
    return serve_application_file(request, item)


@login_required
@require_POST
def proposal_review(request, pk):
    """Save this user's review of the proposal on the call's grid."""
    proposal = get_proposal(request, pk)
    criteria = list(proposal.call.grid.criteria.all()) if proposal.call.grid_id else []
    values = {
        "scores": posted_scores(request.POST, criteria),
        "comment": request.POST.get("comment", ""),
        "recommendation": request.POST.get("recommendation", ""),
    }
    had_review = Review.objects.filter(
        proposal=proposal, reviewer=request.user, stage=PRESELECTION
    ).exists()
    try:
        reviews.submit_review(
            proposal, request.user, values["scores"], values["comment"], values["recommendation"]
        )
    except reviews.ReviewError as error:
        return _page(request, proposal, status=400, review_values=values, errors=error.errors)
    messages.success(
        request,
        _("Votre évaluation est mise à jour.")
        if had_review
        else _("Votre évaluation est enregistrée."),
    )
    return redirect(_url(proposal, "evaluation"))


@login_required
def proposal_conflict(request, pk):
    """Declare a conflict of interest (confirmation page, then POST): the proposal leaves
    the user's lists for good."""
    proposal = get_proposal(request, pk)
    reason = request.POST.get("reason", "")
    error = ""
    if request.method == "POST":
        try:
            reviews.declare_conflict(proposal, request.user, reason)
        except reviews.ConflictError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                _(
                    "Conflit d'intérêts déclaré : cette proposition n'apparaît plus dans vos "
                    "listes."
                ),
            )
            return redirect("instruction:call", call_id=proposal.call_id)
    return render(
        request,
        "projects/instruction/conflict.html",
        {"proposal": proposal, "reason": reason, "error": error},
        status=400 if error else 200,
    )


@login_required
@require_POST
def proposal_screening(request, pk):
    """Set the proposal's eligibility or completeness, with an optional reason (team)."""
    proposal = get_proposal(request, pk)
    _require_team(request)
    step = request.POST.get("step", "")
    if step not in instruction.STEPS:
        messages.error(request, _("Étape d'examen inconnue : rien n'a été modifié."))
        return redirect(_url(proposal, "examen"))
    form = ScreeningForm(request.POST, prefix=step)
    if form.is_valid():
        try:
            changed = instruction.set_screening(
                proposal,
                step,
                form.cleaned_data["value"],
                request.user,
                form.cleaned_data["reason"],
            )
        except instruction.InstructionError as error:
            form.add_error(None, str(error))
    if not form.is_valid():
        return _page(request, proposal, status=400, **{f"{step}_form": form})
    messages.success(request, _("Enregistré.") if changed else _("Aucun changement."))
    return redirect(_url(proposal, "examen"))


@login_required
@require_POST
def proposal_shortlist(request, pk):
    """Shortlist the proposal for the défi jury, or take it off the list (team)."""
    proposal = get_proposal(request, pk)
    _require_team(request)
    undo = request.POST.get("undo") == "1"
    try:
        if undo:
            changed = instruction.unshortlist(proposal, request.user)
            done = _("La proposition n'est plus retenue pour le jury ; l'administration est "
                     "prévenue.")  # fmt: skip
        else:
            changed = instruction.shortlist(proposal, request.user)
            done = _("Proposition retenue pour le jury des défis ; l'administration est prévenue.")
    except instruction.InstructionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done if changed else _("Aucun changement."))
    return redirect(_url(proposal, "examen"))


@login_required
@require_POST
def proposal_question(request, pk):
    """Ask the administration a question (the thread shows its answer)."""
    proposal = get_proposal(request, pk)
    body = request.POST.get("body", "")
    try:
        thread.ask(proposal, body, request.user)
    except ValidationError as error:
        message = " ".join(error.message_dict.get("body", error.messages))
        return _page(request, proposal, status=400, question_text=body, question_error=message)
    except thread.ThreadError as error:
        return _page(request, proposal, status=400, question_text=body, question_error=str(error))
    messages.success(request, _("Question envoyée à l'administration, prévenue par e-mail."))
    return redirect(_url(proposal, "questions"))


@login_required
@require_POST
def proposal_note(request, pk):
    """Write a question for the jury (team, pre-instructors) or a private note (team)."""
    proposal = get_proposal(request, pk)
    kind = request.POST.get("kind", "")
    if kind not in instruction.NOTE_KINDS:
        messages.error(request, _("Type de note inconnu : rien n'a été enregistré."))
        return redirect(_url(proposal))
    if kind == ProposalNote.Kind.PRIVATE:
        _require_team(request)
    body = request.POST.get("body", "")
    try:
        instruction.add_note(proposal, kind, body, request.user)
    except instruction.InstructionError as error:
        key = "private_note" if kind == ProposalNote.Kind.PRIVATE else "jury_note"
        return _page(request, proposal, status=400, **{key: {"text": body, "error": str(error)}})
    anchor = "notes" if kind == ProposalNote.Kind.PRIVATE else "jury"
    messages.success(
        request,
        _("Note interne ajoutée.")
        if kind == ProposalNote.Kind.PRIVATE
        else _("Question pour le jury enregistrée."),
    )
    return redirect(_url(proposal, anchor))
