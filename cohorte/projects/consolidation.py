"""One ranking of the défis across the jury's panels, and how it is made.

Panels audition different défis (2 or 3 each), so their ranks cannot be compared as they
are. The consolidated order sorts the défis by, in turn:

1. the panel's verdict: favourable before unfavourable, and défis without a verdict last;
2. the relative rank within the panel, ``(position - 1) / (défis auditioned - 1)``: 0 for
   the first of any panel, 1 for the last (0 when a panel auditioned a single défi), so the
   first of a panel of two and the first of a panel of three come level;
3. the collective grid of the panel, as a share of the best possible total (a panel's
   referee fills one grid per défi), higher first;
4. the panel's favourite ("coup de cœur") first;
5. the mean of the pre-instruction reviews, as a share of the best total, higher first.

Défis equal on all five share a rank (ex aequo): the team decides between them and the
page says so. ``tie_break`` names the criterion that separated each défi from the one
before it, so the order can be explained line by line.
"""

from dataclasses import dataclass
from fractions import Fraction

METHOD = __doc__

# The criteria in order, as the page names them when one separates two défis.
CRITERIA = (
    "avis du jury",
    "rang relatif dans le jury",
    "grille collective",
    "coup de cœur",
    "pré-instruction",
)


@dataclass(frozen=True)
class Entry:
    """What the panels said about one défi."""

    proposal_id: int
    panel_id: int | None
    favourable: bool | None  # None: no verdict yet
    position: int | None
    panel_size: int
    grid_share: Fraction | None  # collective grid total / best total
    favourite: bool = False
    preinstruction_share: Fraction | None = None


@dataclass(frozen=True)
class Line:
    """One défi in the consolidated ranking."""

    entry: Entry
    rank: int
    relative: Fraction | None
    tie_break: str  # the criterion that put it after the previous line ("" for the first)
    tied: bool  # level with the previous line on every criterion


def relative_rank(position: int | None, panel_size: int) -> Fraction | None:
    """0 for the first of a panel, 1 for its last; None without a position."""
    if position is None:
        return None
    if panel_size <= 1:
        return Fraction(0)
    return Fraction(position - 1, panel_size - 1)


def _key(entry: Entry) -> tuple:
    verdict = {True: 0, False: 1, None: 2}[entry.favourable]
    relative = relative_rank(entry.position, entry.panel_size)
    return (
        verdict,
        relative if relative is not None else Fraction(2),
        -(entry.grid_share if entry.grid_share is not None else Fraction(-1)),
        0 if entry.favourite else 1,
        -(entry.preinstruction_share if entry.preinstruction_share is not None else Fraction(-1)),
    )


def consolidate(entries: list[Entry]) -> list[Line]:
    """The défis in consolidated order, with shared ranks for exact ties."""
    ordered = sorted(entries, key=lambda e: (_key(e), e.proposal_id))
    lines: list[Line] = []
    previous_key = None
    for index, entry in enumerate(ordered):
        key = _key(entry)
        if previous_key is None:
            lines.append(Line(entry, 1, relative_rank(entry.position, entry.panel_size), "", False))
        else:
            pairs = enumerate(zip(previous_key, key, strict=True))
            differing = next((i for i, (a, b) in pairs if a != b), None)
            tied = differing is None
            rank = lines[-1].rank if tied else index + 1
            tie_break = "" if tied else CRITERIA[differing]
            lines.append(
                Line(entry, rank, relative_rank(entry.position, entry.panel_size), tie_break, tied)
            )
        previous_key = key
    return lines


def share(total: int, best: int) -> Fraction | None:
    """A total as a share of the best possible one."""
    return Fraction(total, best) if best else None


def load_entries(call) -> list[Entry]:
    """The shortlisted or decided proposals of a call with their panels' word: figures read
    in four queries, aggregated in SQL, no model instance built."""
    from django.db.models import Count, Sum

    from cohorte.reviews.models import Review
    from cohorte.selection.models import Panel

    from .models import PanelVerdict, Proposal

    # Each défi's first panel by name, as the panels are ordered everywhere else.
    memberships = (
        Proposal.panels.through.objects.filter(proposal__call=call)
        .order_by("proposal_id", "panel__name", "panel_id")
        .values_list("proposal_id", "panel_id")
    )
    first_panel: dict[int, int] = {}
    for proposal_id, panel_id in memberships:
        first_panel.setdefault(proposal_id, panel_id)
    sizes = dict(
        Panel.objects.filter(call=call)
        .annotate(n=Count("proposals"))
        .order_by()
        .values_list("pk", "n")
    )
    verdicts = {
        row[0]: row[1:]
        for row in PanelVerdict.objects.filter(proposal__call=call).values_list(
            "proposal_id", "favourable", "position", "favourite"
        )
    }
    best = call.grid.max_total if call.grid_id else 0
    on_panels = Proposal.panels.through.objects.filter(proposal__call=call).values("proposal_id")
    reviews = Review.objects.filter(proposal_id__in=on_panels)
    # The last collective grid of each défi (in the order they were written).
    collective = dict(
        reviews.filter(stage=Review.Stage.INTERVIEW, panel__isnull=False)
        .order_by("created_at", "id")
        .values_list("proposal_id", "total")
    )
    preinstruction = {
        proposal_id: (total, count)
        for proposal_id, total, count in reviews.filter(stage=Review.Stage.PRESELECTION)
        .values("proposal_id")
        .annotate(total=Sum("total"), count=Count("pk"))
        .order_by()
        .values_list("proposal_id", "total", "count")
    }
    entries = []
    for proposal_id, panel_id in first_panel.items():
        favourable, position, favourite = verdicts.get(proposal_id, (None, None, False))
        pre = preinstruction.get(proposal_id)
        entries.append(
            Entry(
                proposal_id=proposal_id,
                panel_id=panel_id,
                favourable=favourable,
                position=position,
                panel_size=sizes.get(panel_id, 0),
                grid_share=share(collective[proposal_id], best)
                if proposal_id in collective
                else None,
                favourite=bool(favourite),
                preinstruction_share=Fraction(pre[0], pre[1] * best) if pre and best else None,
            )
        )
    return entries
