"""The jury's ranked lists: the index of a call's lists, one list, and the export."""

from itertools import islice

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cohorte.accounts.roles import is_team, panel_ids
from cohorte.calls.exports import FORMATS, ExportError, download_response, file_stem
from cohorte.calls.models import Application
from cohorte.params import int_param
from cohorte.reviews.exclusions import hidden_count, without_conflicts
from cohorte.reviews.visibility import INTERVIEW, ScoreSight
from cohorte.search import matching

from .. import rankings as domain
from ..models import InterviewSlot, RankingEntry
from .access import application_call, jury_area, team_required

# People offered at once in the ranking's add form; a search finds the others.
ADDABLE_SHOWN = 50
# Ranking entries read at a time by the export.
EXPORT_CHUNK = 1000


@jury_area
def ranking_index(request, slug):
    """The ranked lists of a call this user may open, with their size."""
    call = application_call(slug)
    lists = domain.visible_lists(request.user, call)
    counts = {
        (row["challenge_id"], row["profile_id"]): row["n"]
        for row in without_conflicts(RankingEntry.objects.filter(call=call), request.user)
        .values("challenge_id", "profile_id")
        .annotate(n=Count("id"))
    }
    rows = [
        {
            "list": item,
            "count": counts.get(
                (
                    item.challenge.pk if item.challenge else None,
                    item.profile.pk if item.profile else None,
                ),
                0,
            ),
        }
        for item in lists
    ]
    return render(
        request,
        "selection/rankings.html",
        {"call": call, "rows": rows, "is_team": is_team(request.user), "formats": FORMATS},
    )


def _list(request, call) -> domain.RankingList:
    challenge_id, profile_id = (
        int_param(request.GET.get("defi")),
        int_param(request.GET.get("profil")),
    )
    challenge = get_object_or_404(call.challenges, pk=challenge_id) if challenge_id else None
    profile = None
    if profile_id:
        from cohorte.challenges.models import Expertise

        profile = get_object_or_404(Expertise, pk=profile_id)
    if challenge is None and profile is None:
        raise Http404
    return domain.RankingList(challenge, profile)


def _addable(user, call, ranking):
    """Interviewed candidates not yet on the list (for a referee: those of their panels)."""
    slots = InterviewSlot.objects.filter(panel__call=call).exclude(
        status=InterviewSlot.Status.CANCELLED
    )
    if not is_team(user):
        slots = slots.filter(panel__in=panel_ids(user))
    present = RankingEntry.objects.filter(
        call=call, challenge=ranking.challenge, profile=ranking.profile
    ).values("application_id")
    return (
        without_conflicts(Application.objects.filter(pk__in=slots.values("application_id")), user)
        .exclude(pk__in=present)
        .select_related("candidate")
        .order_by("last_name", "first_name", "pk")
    )


def _addable_choices(request, user, call, ranking) -> dict:
    """The first people the add form offers (``?ajout=`` searches them), and how many match:
    a select of every interviewed candidate would grow with the call."""
    search = (request.GET.get("ajout") or "").strip()[:200]
    addable = _addable(user, call, ranking)
    if search:
        addable = matching(addable, search)
    return {
        "addable": list(addable[:ADDABLE_SHOWN]),
        "addable_count": addable.count(),
        "addable_search": search,
        "addable_shown": ADDABLE_SHOWN,
    }


def _rows_from(post, entry_ids):
    rows = {}
    for entry_id in entry_ids:
        raw = (post.get(f"position-{entry_id}") or "").strip()
        rows[entry_id] = {
            "position": int_param(raw, maximum=domain.MAX_POSITION) or raw,
            "waiting_list": post.get(f"waiting-{entry_id}") == "1",
            "remove": post.get(f"remove-{entry_id}") == "1",
        }
    return rows


@login_required
def ranking(request, slug):
    """One ranked list: read it; the team or the panel referee prefills and edits it."""
    call = application_call(slug)
    item = _list(request, call)
    user = request.user
    if not domain.may_view(user, call, item):
        raise Http404
    editable = domain.may_edit(user, call, item)
    here = reverse("selection:ranking", args=[call.slug]) + "?" + item.query
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "prefill":
                domain.prefill(call, item, user)
                messages.success(request, _("Classement prérempli d'après les grilles d'audition."))
            elif action == "save":
                ids = [i for i in (int_param(v) for v in request.POST.getlist("entry")) if i]
                domain.save_list(call, item, _rows_from(request.POST, ids), user)
                messages.success(request, _("Classement enregistré."))
            elif action == "add":
                application = (
                    _addable(user, call, item)
                    .filter(pk=int_param(request.POST.get("application")))
                    .first()
                )
                if application is None:
                    raise domain.RankingError(_("Choisissez une personne auditionnée."))
                raw = (request.POST.get("position") or "").strip()
                position = int_param(raw, maximum=domain.MAX_POSITION)
                if raw and position is None:
                    raise domain.RankingError(
                        _("Le rang doit être un nombre entier de 1 à %(max)s.")
                        % {"max": domain.MAX_POSITION}
                    )
                domain.add_entry(
                    call,
                    item,
                    application,
                    user,
                    position=position,
                    waiting_list=request.POST.get("waiting_list") == "1",
                )
                messages.success(request, _("Ajouté·e au classement."))
            elif action == "accept" and is_team(user):
                entry = get_object_or_404(
                    without_conflicts(
                        RankingEntry.objects.filter(
                            call=call, challenge=item.challenge, profile=item.profile
                        ),
                        user,
                    ).select_related("application"),
                    pk=int_param(request.POST.get("entry")),
                )
                value = {"yes": True, "no": False}.get(request.POST.get("accepted"))
                domain.record_acceptance(entry, value, user)
                messages.success(request, _("Réponse du candidat enregistrée."))
            else:
                raise domain.RankingError(_("Action inconnue."))
        except domain.RankingError as error:
            messages.error(request, str(error))
        return redirect(here)
    listed = domain.entries(call, item)
    entries = list(without_conflicts(listed, user))
    totals = domain.interview_totals([e.application_id for e in entries], item.challenge)
    # Interview scores follow the call's visibility rule, line by line.
    sight = ScoreSight(user, call, INTERVIEW, [e.application for e in entries])
    for entry in entries:
        # The ranking is one défi's: the reader's own grid counts for that défi only.
        shown = sight.scores(entry.application, item.challenge)
        entry.interview_total = totals.get(entry.application_id) if shown else None
        entry.score_hidden = not shown
    context = {
        "call": call,
        "list": item,
        "entries": entries,
        "editable": editable,
        "is_team": is_team(user),
        **(_addable_choices(request, user, call, item) if editable else {"addable": []}),
        "here": here,
        "hidden": hidden_count(listed, user),
    }
    return render(request, "selection/ranking.html", context)


@team_required
def ranking_export(request, slug, fmt):
    """Every ranked list of a call in one table (team)."""
    call = application_call(slug)
    entries = (
        without_conflicts(RankingEntry.objects.filter(call=call), request.user)
        .select_related("challenge", "profile", "application__candidate")
        .order_by("challenge__title", "profile__name", "waiting_list", "position")
    )
    columns = [
        ("challenge", _("Défi")),
        ("profile", _("Profil")),
        ("position", _("Rang")),
        ("waiting_list", _("Liste d'attente")),
        ("application_id", _("Candidature (n°)")),
        ("candidate", _("Candidat·e")),
        ("email", _("Adresse e-mail")),
        ("interview_total", _("Note d'audition")),
        ("offered", _("Proposé par le jury")),
        ("accepted", _("Accepté par le candidat")),
    ]
    try:
        rows = _ranking_lines(entries)
        return download_response(columns, rows, fmt, file_stem("classements", call))
    except ExportError as exc:
        raise Http404 from exc


def _ranking_lines(entries):
    """One dict per ranking entry, read a chunk at a time with that chunk's interview totals."""
    rows = entries.iterator(chunk_size=EXPORT_CHUNK)
    while chunk := list(islice(rows, EXPORT_CHUNK)):
        # Each défi's list shows the totals of that défi's grids.
        totals = {}
        for challenge in {e.challenge for e in chunk}:
            ids = [e.application_id for e in chunk if e.challenge == challenge]
            for pk, total in domain.interview_totals(ids, challenge).items():
                totals[challenge.pk if challenge else None, pk] = total
        for e in chunk:
            yield {
                "challenge": e.challenge.title if e.challenge else "",
                "profile": e.profile.name if e.profile else "",
                "position": e.position,
                "waiting_list": e.waiting_list,
                "application_id": e.application_id,
                "candidate": e.application.display_name,
                "email": e.application.candidate.email,
                "interview_total": totals.get((e.challenge_id, e.application_id)),
                "offered": e.offered,
                "accepted": e.accepted,
            }
