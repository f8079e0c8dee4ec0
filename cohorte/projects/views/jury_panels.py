"""The jurors' pages: their panel, each défi with its file, questions and comments, the
collective grid (its referee fills it), and the panel's verdicts.

The team reads every panel; a juror reads their own panels' défis (never one on which
they declared a conflict of interest); another panel's juror gets 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorte.accounts.roles import is_team
from cohorte.calls.files import serve_application_file
from cohorte.reviews import domain as reviews
from cohorte.reviews.exclusions import excluded_among
from cohorte.reviews.models import Review
from cohorte.reviews.presentation import grid_fields, posted_scores
from cohorte.reviews.visibility import INTERVIEW, ScoreSight, may_see_scores

from .. import verdicts
from ..auditions import phases
from ..instruction import funding_rules
from ..jury_comments import add_juror_comment, jury_notes
from ..jury_forms import CommentForm
from ..jury_runs import JuryError, call_settings
from ..models import PanelVerdict, Proposal, ProposalFile
from ..rules import SUBMITTED_STATES
from .instruction_reading import reading_context
from .jury_access import jury_panel, panel_proposal

FILE_URL = "defi_jury:file"


def _collective(panel, proposals) -> dict[int, Review]:
    return {
        r.proposal_id: r
        for r in Review.objects.filter(
            panel=panel, proposal__in=proposals, stage=Review.Stage.INTERVIEW
        )
    }


@login_required
def panel_page(request, panel_id):
    """A panel: members, référent, its défis with their auditions, grids and verdicts."""
    panel = jury_panel(request, panel_id)
    defis = verdicts.panel_defis(panel)
    settings = call_settings(panel.call)
    grids = _collective(panel, defis)
    given = {v.proposal_id: v for v in PanelVerdict.objects.filter(panel=panel)}
    # ``projects.judge_proposal`` for the whole list at once: the user may see the panel.
    conflicted = {p.pk for p in excluded_among(request.user, defis)}
    sight = ScoreSight(request.user, panel.call, INTERVIEW, defis)
    hidden = 0
    rows = []
    for proposal in defis:
        if proposal.status not in SUBMITTED_STATES:
            continue  # withdrawn meanwhile: nobody judges it
        if proposal.pk in conflicted:
            hidden += 1
            continue
        audition = proposal.defi_audition
        rows.append(
            {
                "proposal": proposal,
                "audition": audition,
                "phases": phases(audition, settings) if audition else [],
                "grid": grids.get(proposal.pk) if sight.scores(proposal) else None,
                "grid_hidden": proposal.pk in grids and not sight.scores(proposal),
                "verdict": given.get(proposal.pk),
            }
        )
    return render(
        request,
        "projects/jury/panel.html",
        {
            "panel": panel,
            "call": panel.call,
            "members": panel.members.order_by("last_name", "first_name", "pk"),
            "rows": rows,
            "hidden": hidden,
            "is_team": is_team(request.user),
            # The verdicts compare all of the panel's défis: not with one of them hidden.
            "may_conclude": verdicts.may_conclude(request.user, panel) and not conflicted,
            "verdicts_open": not verdicts.not_started(defis),
            "opens_at": verdicts.verdicts_open_at(defis),
            "max_total": panel.call.grid.max_total if panel.call.grid_id else 0,
        },
    )


def _defi_context(request, panel, proposal, comment_form=None) -> dict:
    questions, comments = jury_notes(proposal)
    audition = getattr(proposal, "audition", None)
    return {
        "panel": panel,
        "call": panel.call,
        "proposal": proposal,
        **reading_context(proposal, funding_rules(proposal.call), FILE_URL),
        "audition": audition if audition and audition.panel_id == panel.pk else None,
        "phases": phases(audition) if audition else [],
        "jury_questions": questions,
        "juror_comments": comments,
        "is_member": panel.members.filter(pk=request.user.pk).exists(),
        "comment_form": comment_form or CommentForm(),
        "grid": _collective(panel, [proposal]).get(proposal.pk)
        if may_see_scores(request.user, proposal, INTERVIEW)
        else None,
        "is_referee": panel.referee_id == request.user.pk,
    }


@login_required
def defi_page(request, panel_id, proposal_id):
    """One défi of the panel: the whole proposal, its audition, questions and comments."""
    panel = jury_panel(request, panel_id)
    proposal = panel_proposal(request, panel, proposal_id)
    return render(request, "projects/jury/defi.html", _defi_context(request, panel, proposal))


@login_required
@require_POST
def defi_comment(request, panel_id, proposal_id):
    """A member of the panel comments on one of its défis before the jury."""
    panel = jury_panel(request, panel_id)
    proposal = panel_proposal(request, panel, proposal_id)
    if not panel.members.filter(pk=request.user.pk).exists():
        raise PermissionDenied  # the team reads the comments; the panel's jurors write them
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            add_juror_comment(proposal, request.user, form.cleaned_data["body"])
        except JuryError as error:
            form.add_error("body", error.messages)
        else:
            messages.success(request, _("Votre commentaire est enregistré."))
            url = reverse("defi_jury:defi", args=[panel.pk, proposal.pk])
            return redirect(url + "#commentaires")
    context = _defi_context(request, panel, proposal, comment_form=form)
    return render(request, "projects/jury/defi.html", context, status=200)


@login_required
def defi_file(request, pk, file_id):
    """A file of a défi, to whoever may judge it (the team, its panel's jurors), else 404."""
    proposal = Proposal.objects.filter(pk=pk).first()
    if proposal is None or not request.user.has_perm("projects.judge_proposal", proposal):
        raise Http404
    item = ProposalFile.objects.filter(proposal=proposal, pk=file_id).first()
    if item is None:
        raise Http404
    return serve_application_file(request, item)


@login_required
def defi_grid(request, panel_id, proposal_id):
    """The panel's collective grid on a défi: its referee fills it; the team and the panel's
    members read it."""
    panel = jury_panel(request, panel_id)
    proposal = panel_proposal(request, panel, proposal_id)
    call = proposal.call
    criteria = list(call.grid.criteria.all()) if call.grid_id else []
    review = _collective(panel, [proposal]).get(proposal.pk)
    is_referee = panel.referee_id == request.user.pk
    if review is not None and not may_see_scores(request.user, proposal, INTERVIEW):
        review = None  # the call's visibility setting keeps it from this member
    errors = {}
    if request.method == "POST":
        if not is_referee:
            raise PermissionDenied
        scores = posted_scores(request.POST, criteria)
        values = {
            "scores": scores,
            "comment": request.POST.get("comment", ""),
            "recommendation": request.POST.get("recommendation", ""),
        }
        try:
            verdicts.fill_collective_grid(
                panel,
                proposal,
                request.user,
                scores,
                values["comment"],
                values["recommendation"],
            )
        except reviews.ReviewError as error:
            errors = error.errors
        else:
            messages.success(request, _("La grille collective est enregistrée."))
            return redirect("defi_jury:panel", panel_id=panel.pk)
    else:
        values = {
            "scores": review.scores if review else {},
            "comment": review.comment if review else "",
            "recommendation": review.recommendation if review else "",
        }
    return render(
        request,
        "projects/jury/grid.html",
        {
            "panel": panel,
            "call": call,
            "proposal": proposal,
            "review": review,
            "is_referee": is_referee,
            "criteria": criteria,
            "score_rows": [(c, review.scores.get(str(c.pk)) if review else None) for c in criteria],
            "fields": grid_fields(criteria, values["scores"], errors),
            "values": values,
            "errors": errors,
            "recommendations": Review.Recommendation.choices,
            "max_total": sum(c.scale_max for c in criteria),
        },
    )


@login_required
def panel_verdicts(request, panel_id):
    """The panel's verdicts on its défis, on one form (its referee, or the team)."""
    panel = jury_panel(request, panel_id)
    if not verdicts.may_conclude(request.user, panel):
        raise PermissionDenied
    defis = verdicts.panel_defis(panel)
    if excluded_among(request.user, defis):
        # The form lists every défi of the panel; the team (another member) gives them.
        raise PermissionDenied
    errors = {}
    if request.method == "POST":
        entries = {
            p.pk: {
                "favourable": request.POST.get(f"favourable-{p.pk}", ""),
                "position": request.POST.get(f"position-{p.pk}", ""),
                "justification": request.POST.get(f"justification-{p.pk}", ""),
            }
            for p in defis
        }
        favourite = request.POST.get("favourite", "")
        try:
            verdicts.give_verdicts(panel, request.user, entries, favourite)
        except verdicts.VerdictError as error:
            errors = error.errors
        else:
            messages.success(request, _("Les avis du jury sont enregistrés."))
            return redirect("defi_jury:panel", panel_id=panel.pk)
    else:
        given = {v.proposal_id: v for v in PanelVerdict.objects.filter(panel=panel)}
        entries = {
            pk: {
                "favourable": "yes" if v.favourable else "no",
                "position": str(v.position),
                "justification": v.justification,
            }
            for pk, v in given.items()
        }
        favourite = next((str(pk) for pk, v in given.items() if v.favourite), "")
    rows = [
        {
            "proposal": p,
            "values": entries.get(p.pk, {}),
            "favourable_error": errors.get(f"favourable-{p.pk}", ""),
            "position_error": errors.get(f"position-{p.pk}", ""),
            "justification_error": errors.get(f"justification-{p.pk}", ""),
        }
        for p in defis
    ]
    return render(
        request,
        "projects/jury/verdicts.html",
        {
            "panel": panel,
            "call": panel.call,
            "rows": rows,
            "positions": [str(n) for n in range(1, len(defis) + 1)],
            "favourite": favourite,
            "errors": errors,
            "waiting": verdicts.not_started(defis),
            "opens_at": verdicts.verdicts_open_at(defis),
            "max_length": verdicts.MAX_JUSTIFICATION,
        },
    )
