"""One ranking of the défis across the jury's panels (team), with its method, and its export.

The order and its tie-breaks come from ``cohorte.projects.consolidation``; this page
names each défi, its panel and the figures behind its place. The ranks are those of the
whole call; a défi the reader is kept away from (a conflict of interest, their
administration's) leaves the page and the export, counted in a notice.
"""

from fractions import Fraction

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from cohorte.calls.exports import FORMATS, ExportError, download_response, file_stem
from cohorte.pagination import paginate
from cohorte.reviews.exclusions import only_conflicts
from cohorte.selection.models import Panel

from .. import consolidation
from ..models import Proposal
from .jury_access import project_call, team_required

PER_PAGE = 50


def _score(share: Fraction | None, best: int) -> float | None:
    """A share of the best total back on the grid's scale, one decimal."""
    if share is None or not best:
        return None
    return round(float(share * best), 1)


def consolidated_lines(call, user=None) -> tuple[list, int]:
    """The consolidated lines of a call ``user`` may see, in order, and how many were left
    out because ``user`` is kept away from them."""
    lines = consolidation.consolidate(consolidation.load_entries(call))
    ids = {line.entry.proposal_id for line in lines}
    hidden = ids & set(
        only_conflicts(Proposal.objects.filter(call=call), user).values_list("pk", flat=True)
    )
    return [line for line in lines if line.entry.proposal_id not in hidden], len(hidden)


def consolidated_rows(call, user=None) -> tuple[list[dict], int]:
    """The consolidated lines of a call with names and figures, in order (few queries), and
    how many were left out because ``user`` is kept away from them."""
    lines, hidden = consolidated_lines(call, user)
    return named_rows(call, lines), hidden


def named_rows(call, lines) -> list[dict]:
    """``lines`` with the names and figures the page and the export show (two queries)."""
    proposals = Proposal.objects.select_related("organisation").in_bulk(
        [line.entry.proposal_id for line in lines]
    )
    panels = Panel.objects.in_bulk({line.entry.panel_id for line in lines} - {None})
    best = call.grid.max_total if call.grid_id else 0
    rows = []
    for line in lines:
        entry = line.entry
        proposal = proposals[entry.proposal_id]
        panel = panels.get(entry.panel_id)
        verdict = {True: _("favorable"), False: _("défavorable"), None: _("pas encore d'avis")}
        rows.append(
            {
                "rank": line.rank,
                "tied": line.tied,
                "proposal": proposal,
                "defi": proposal.display_name,
                "organisation": proposal.organisation.name,
                "panel": panel.name if panel else "",
                "panel_id": entry.panel_id,
                "verdict": verdict[entry.favourable],
                "favourable": entry.favourable,
                "position": entry.position,
                "panel_size": entry.panel_size,
                "position_label": f"{entry.position}/{entry.panel_size}" if entry.position else "",
                "relative": round(float(line.relative), 2) if line.relative is not None else None,
                "grid": _score(entry.grid_share, best),
                "favourite": entry.favourite,
                "preinstruction": _score(entry.preinstruction_share, best),
                "tie_break": line.tie_break,
            }
        )
    return rows


def _export_columns(best: int) -> list[tuple[str, str]]:
    return [
        ("rank", _("Rang")),
        ("tied", _("Ex aequo")),
        ("defi", _("Défi")),
        ("organisation", _("Administration")),
        ("panel", _("Jury")),
        ("verdict", _("Avis du jury")),
        ("position_label", _("Rang dans le jury")),
        ("relative", _("Rang relatif")),
        ("grid", _("Grille collective (sur %(best)s)") % {"best": best}),
        ("favourite", _("Coup de cœur")),
        ("preinstruction", _("Moyenne de pré-instruction (sur %(best)s)") % {"best": best}),
        ("tie_break", _("Critère qui la sépare de la ligne précédente")),
    ]


@team_required
def consolidation_page(request, call_id):
    """The consolidated ranking and how it is made."""
    call = project_call(call_id)
    lines, hidden = consolidated_lines(call, request.user)
    # The order is the whole call's; only the page's défis are named and shown.
    page = paginate(request, lines, PER_PAGE)
    return render(
        request,
        "projects/jury/consolidation.html",
        {
            "call": call,
            "rows": named_rows(call, page.object_list),
            "page_obj": page,
            "hidden": hidden,
            "proposals": True,
            "best": call.grid.max_total if call.grid_id else 0,
            "formats": FORMATS,
            "ties": any(line.tied for line in lines),
        },
    )


@team_required
def consolidation_export(request, call_id, fmt):
    """The consolidated ranking as CSV (standard or for French Excel), XLSX or ODS."""
    call = project_call(call_id)
    rows, _hidden = consolidated_rows(call, request.user)
    best = call.grid.max_total if call.grid_id else 0
    try:
        return download_response(
            _export_columns(best), rows, fmt, file_stem("classement-defis", call)
        )
    except ExportError as error:
        raise Http404 from error
