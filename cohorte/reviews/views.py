"""Preselection: the reviewer's list, the review page, conflicts, files and exports.

Access: anonymous visitors are sent to the login page; a signed-in user who is not a
reviewer gets 403 on the reviewer's home; any URL naming an application answers 404
to whoever may not review it (another défi, a draft, a declared conflict), so that
nothing about its existence leaks.
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cohorte.accounts.roles import is_team, mentored_challenge_ids
from cohorte.calls import screening
from cohorte.calls.exports import FORMATS, ExportError, download_response, file_stem
from cohorte.calls.files import serve_application_file
from cohorte.calls.models import Application, ApplicationFile, Call
from cohorte.calls.rules import SUBMITTED_STATES
from cohorte.pagination import paginate
from cohorte.params import int_param

from . import domain
from .aggregate import aggregate
from .exclusions import without_conflicts
from .listing import listed_applications, page_rows
from .models import Review
from .presentation import (
    grid_page,
    posted_scores,
    suggestion_label,
    with_score_lists,
)
from .visibility import PRESELECTION, ScoreSight

PAGE_SIZE = 50
# Reviews read at a time by the export.
EXPORT_CHUNK = 2000
SORTS = {
    "aggregate": gettext_lazy("note moyenne (décroissante)"),
    "date": gettext_lazy("date de dépôt"),
    "name": gettext_lazy("nom"),
}


def reviewer_required(view):
    """Signed-in team members and operational mentors only (403 for other users)."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not domain.is_reviewer(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def reviewable_calls(user):
    """Calls for applications this user reviews, the most recent first."""
    calls = Call.objects.filter(kind=Call.Kind.APPLICATIONS).order_by("-opens_at")
    if not is_team(user):
        calls = calls.filter(challenges__in=mentored_challenge_ids(user)).distinct()
    return list(calls)


def _reviewable(request, pk) -> Application:
    """The application if this user may review it now, else 404."""
    application = get_object_or_404(
        Application.objects.select_related("call__grid", "candidate"), pk=pk
    )
    if application.status not in SUBMITTED_STATES or not request.user.has_perm(
        "calls.review_application", application
    ):
        raise Http404
    return application


@reviewer_required
def home(request):
    """The applications this reviewer may review, per call, with filters and their own status."""
    user = request.user
    calls = reviewable_calls(user)
    call = next((c for c in calls if c.slug == request.GET.get("appel")), None) or (
        calls[0] if calls else None
    )
    context = {"calls": calls, "call": call, "sorts": SORTS, "formats": FORMATS}
    if call is None:
        return render(request, "reviews/home.html", context)
    challenge_id, profile_id = (
        int_param(request.GET.get("defi")),
        int_param(request.GET.get("profil")),
    )
    state, query = request.GET.get("etat", ""), request.GET.get("q", "").strip()
    team = is_team(user)
    sort = request.GET.get("tri", "aggregate" if team else "date")
    queryset = listed_applications(user, call, challenge_id, profile_id, state, query, sort)
    page = paginate(request, queryset, PAGE_SIZE)
    rows = page_rows(user, call, list(page.object_list))
    page.object_list = rows
    suggestions = domain.conflict_suggestions(user, [r["application"] for r in rows])
    for row in rows:
        row["suggestions"] = [
            suggestion_label(s) for s in suggestions.get(row["application"].pk, [])
        ]
    own = Review.objects.filter(reviewer=user, stage=Review.Stage.PRESELECTION)
    done = own.filter(application__call=call).count()
    context.update(
        {
            "page": page,
            "is_team": team,
            "total": page.paginator.count,
            "done": done,
            "challenges": call.challenges.order_by("title")
            if team
            else call.challenges.filter(pk__in=mentored_challenge_ids(user)).order_by("title"),
            "profiles": call.profiles.order_by("name"),
            "selected": {
                "defi": challenge_id,
                "profil": profile_id,
                "etat": state,
                "tri": sort,
                "q": query,
            },
            "query": _without_page(request.GET),
            "shortlist_available": team,
            "hidden": domain.hidden_from_review(user, call),
        }
    )
    return render(request, "reviews/home.html", context)


def _without_page(params) -> str:
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def review(request, pk):
    """One application, the grid to score it, and the others' reviews when the phase allows."""
    application = _reviewable(request, pk)
    user, call = request.user, application.call
    criteria = list(call.grid.criteria.all()) if call.grid_id else []
    mine = Review.objects.filter(
        application=application, reviewer=user, stage=Review.Stage.PRESELECTION
    ).first()
    errors: dict[str, str] = {}
    if request.method == "POST":
        scores = posted_scores(request.POST, criteria)
        comment = request.POST.get("comment", "")
        recommendation = request.POST.get("recommendation", "")
        try:
            domain.submit_review(application, user, scores, comment, recommendation)
        except domain.ReviewError as error:
            errors = error.errors
            values = {"scores": scores, "comment": comment, "recommendation": recommendation}
        else:
            messages.success(
                request,
                _("Votre évaluation est enregistrée.")
                if mine is None
                else _("Votre évaluation est mise à jour."),
            )
            return redirect("reviews:review", pk=application.pk)
    else:
        values = {
            "scores": mine.scores if mine else {},
            "comment": mine.comment if mine else "",
            "recommendation": mine.recommendation if mine else "",
        }
    others, summary = [], None
    sight = ScoreSight(user, call, PRESELECTION, [application])
    if sight.others(application):
        others = with_score_lists(
            list(
                Review.objects.filter(application=application, stage=Review.Stage.PRESELECTION)
                .exclude(reviewer=user)
                .select_related("reviewer")
            ),
            criteria,
        )
    if sight.scores(application):
        summary = aggregate(
            list(
                Review.objects.filter(
                    application=application, stage=Review.Stage.PRESELECTION
                ).values_list("total", flat=True)
            )
        )
    context = {
        **grid_page(application, call, criteria, values, errors),
        "mine": mine,
        "others": others,
        "others_visible": sight.others(application),
        "summary": summary,
        "max_total": sum(c.scale_max for c in criteria),
        "suggestions": [
            suggestion_label(s)
            for s in domain.conflict_suggestions(user, [application]).get(application.pk, [])
        ],
    }
    return render(request, "reviews/review.html", context)


def _conflict_target(request, application) -> Application:
    """An application the user may review or interview (else 404)."""
    if application.status not in SUBMITTED_STATES or not (
        request.user.has_perm("calls.review_application", application)
        or request.user.has_perm("calls.interview_application", application)
    ):
        raise Http404
    return application


@login_required
def declare_conflict(request, pk):
    """Declare a conflict of interest on an application (confirmation page, then POST)."""
    application = _conflict_target(
        request, get_object_or_404(Application.objects.select_related("call"), pk=pk)
    )
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or str(application.pk) in next_url.split("/"):
        next_url = (
            reverse("reviews:home") + f"?appel={application.call.slug}"
            if domain.is_reviewer(request.user)
            else reverse("selection:home")
        )
    error = ""
    reason = request.POST.get("reason", "")
    if request.method == "POST":
        try:
            domain.declare_conflict(application, request.user, reason)
        except domain.ConflictError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                _(
                    "Conflit d'intérêts déclaré : cette candidature n'apparaît plus dans vos "
                    "listes."
                ),
            )
            return redirect(next_url)
    return render(
        request,
        "reviews/declare_conflict.html",
        {"application": application, "reason": reason, "error": error, "next": next_url},
    )


@login_required
def application_file(request, pk, file_pk):
    """A file of an application, for those who may see the application (never from MEDIA_URL)."""
    application = get_object_or_404(Application, pk=pk)
    if application.status not in SUBMITTED_STATES or not request.user.has_perm(
        "calls.view_application", application
    ):
        raise Http404
    item = get_object_or_404(ApplicationFile, pk=file_pk, application=application)
    if not item.file or not item.file.storage.exists(item.file.name):
        raise Http404
    return serve_application_file(request, item)


@require_POST
@reviewer_required
def shortlist(request, slug):
    """Shortlist the ticked applications for interviews (team), through the back office's rule."""
    call = get_object_or_404(Call, slug=slug)
    if not is_team(request.user):
        raise PermissionDenied
    ids = [i for i in (int_param(v) for v in request.POST.getlist("applications")) if i]
    chosen = list(domain.reviewable_applications(request.user, call).filter(pk__in=ids))
    if not chosen:
        messages.error(request, _("Cochez au moins une candidature à présélectionner."))
    else:
        result = screening.bulk_shortlist(chosen, request.user)
        if result.changed:
            messages.success(
                request,
                _("%(count)s candidature(s) présélectionnée(s) pour une audition.")
                % {"count": len(result.changed)},
            )
        for _application, reason in result.refused:
            messages.error(request, reason)
    back = request.POST.get("back", "")
    query = back if back and "\n" not in back and "\r" not in back else f"appel={call.slug}"
    return redirect(reverse("reviews:home") + "?" + query)


def _review_rows(call, user):
    criteria = list(call.grid.criteria.all()) if call.grid_id else []
    reviews = (
        without_conflicts(Review.objects.filter(application__call=call), user)
        .select_related("application__candidate", "reviewer", "panel", "challenge")
        .order_by("application_id", "stage", "challenge__title", "reviewer__last_name", "id")
    )
    columns = [
        ("application_id", _("Candidature (n°)")),
        ("candidate", _("Candidat·e")),
        ("status", _("Statut")),
        ("stage", _("Étape")),
        ("challenge", _("Défi de la grille d'audition")),
        ("reviewer", _("Évaluateur·rice")),
        ("panel", _("Grille collective du jury")),
    ]
    columns += [(f"c{c.pk}", c.label) for c in criteria]
    columns += [
        ("total", _("Total")),
        ("recommendation", _("Avis")),
        ("comment", _("Commentaire")),
        ("updated_at", _("Mis à jour le")),
    ]
    return columns, _review_lines(reviews, criteria)


def _review_lines(reviews, criteria):
    """One dict per review, read from the database a chunk at a time (an export may hold
    every review of a national call)."""
    for item in reviews.iterator(chunk_size=EXPORT_CHUNK):
        row = {
            "application_id": item.application_id,
            "candidate": item.application.display_name,
            "status": item.application.get_status_display(),
            "stage": item.get_stage_display(),
            "challenge": item.challenge.title if item.challenge_id else "",
            "reviewer": item.reviewer.get_full_name() or item.reviewer.email,
            "panel": item.panel.name if item.panel_id else "",
            "total": item.total,
            "recommendation": item.get_recommendation_display(),
            "comment": item.comment,
            "updated_at": item.updated_at,
        }
        for criterion in criteria:
            row[f"c{criterion.pk}"] = item.scores.get(str(criterion.pk))
        yield row


@login_required
def export(request, slug, fmt):
    """Every review of a call (preselection and interviews), for the team."""
    if not is_team(request.user):
        raise PermissionDenied
    call = get_object_or_404(Call.objects.select_related("grid"), slug=slug)
    columns, rows = _review_rows(call, request.user)
    try:
        return download_response(columns, rows, fmt, file_stem("evaluations", call))
    except ExportError as exc:
        raise Http404 from exc
