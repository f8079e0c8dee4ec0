"""Reading a défi-jury run in French: names behind the ids, and why no jury was found.

A run keeps ids only (``jury_runs``); ``JuryLabels`` resolves them when the run is shown
and answers like ``selection.scheduling_report.Labels``, so the scheduler's own conflict
sentences serve for the auditions' timetable. The composition's impossibilities (too few
jurors, too many défis, conflicts of interest) get their own sentences here.
"""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorte.selection.core.jury import JuryInstance, conflicted
from cohorte.selection.models import SolverRun
from cohorte.selection.scheduling_report import conflict_sentence
from cohorte.selection.scheduling_runs import SOLVED

from .jury_runs import panel_index, ref_pk
from .models import Proposal


class JuryLabels:
    """Names behind a jury run's ids, read in three queries when the run is shown.

    It answers like ``selection.scheduling_report.Labels``, so the scheduler's conflict
    sentences (``conflict_sentence``) speak of jurors, défis and panels of the défi jury.
    """

    def __init__(self, run: SolverRun, hidden=frozenset()):
        # ``hidden``: proposals the reader is kept away from (a conflict), never named.
        self.hidden = set(hidden)
        instance, solution = run.instance or {}, run.solution or {}
        self.names = list((run.parameters or {}).get("panel_names", []))
        self.users = get_user_model().objects.in_bulk(
            [ref_pk(j["id"]) for j in instance.get("jurors", [])]
        )
        self.proposals = Proposal.objects.select_related("organisation").in_bulk(
            [ref_pk(d["id"]) for d in instance.get("defis", [])]
        )
        self.interviews = {
            f"audition:{d['id']}": {"candidate": d["id"], "defi": d["id"]}
            for d in instance.get("defis", [])
        }
        self.panel_of: dict[str, str] = {}
        for panel in solution.get("panels", []):
            for member in panel.get("members", []):
                self.panel_of[member] = panel["id"]

    def name(self, ref: str) -> str:
        """A juror's name, or the défi's team."""
        if ref.startswith("u"):
            user = self.users.get(ref_pk(ref))
            return (user.get_full_name() or user.email) if user else _("compte supprimé")
        return _("l'équipe du défi « %(defi)s »") % {"defi": self.defi(ref)}

    def who(self, ref: str) -> str:
        """A juror's name and panel."""
        if ref in self.panel_of:
            return _("%(name)s (membre du « %(panel)s »)") % {
                "name": self.name(ref),
                "panel": self.panel(self.panel_of[ref]),
            }
        return self.name(ref)

    def panel(self, ref: str) -> str:
        """The name the core's panel gets when the run is applied."""
        try:
            return self.names[panel_index(ref)]
        except (ValueError, IndexError):
            return ref

    def defi(self, ref: str) -> str:
        """A défi's title."""
        if ref_pk(ref) in self.hidden:
            return _("défi masqué (conflit d’intérêts)")
        proposal = self.proposals.get(ref_pk(ref))
        return proposal.display_name if proposal else _("proposition supprimée")

    def organisation(self, ref: str) -> str:
        """The administration proposing a défi."""
        if ref_pk(ref) in self.hidden:
            return ""
        proposal = self.proposals.get(ref_pk(ref))
        return proposal.organisation.name if proposal else ""

    def interview(self, ref: str) -> str:
        """A défi's audition."""
        defi = self.interviews.get(ref, {}).get("defi", ref.rpartition(":")[2])
        return _("« %(defi)s » (%(organisation)s)") % {
            "defi": self.defi(defi),
            "organisation": self.organisation(defi),
        }


def explain_run(run: SolverRun, labels: JuryLabels | None = None) -> dict:
    """Why a run found no jury: an introduction and one French sentence per reason."""
    solution = run.solution or {}
    status = solution.get("status", run.status)
    if status in SOLVED:
        return {"intro": "", "items": []}
    labels = labels or JuryLabels(run)
    instance = JuryInstance.from_dict(run.instance)
    schedule = solution.get("schedule")
    if schedule:
        if schedule.get("status") == "unknown" or not schedule.get("conflicts"):
            return {
                "intro": _(
                    "Les jurys sont composés, mais aucun horaire des auditions n'a été trouvé "
                    "dans le temps de calcul imparti : augmentez le temps de calcul, ajoutez "
                    "des jours ou élargissez les plages horaires."
                ),
                "items": [],
            }
        return {
            "intro": _(
                "Les jurys sont composés, mais leurs auditions ne tiennent pas dans les jours "
                "et plages horaires choisis :"
            ),
            "items": [conflict_sentence(c, {"locks": []}, labels) for c in schedule["conflicts"]],
        }
    items = composition_problems(instance, labels)
    if items:
        return {
            "intro": _("Aucun jury n'est possible ; chacun de ces points suffit à l'expliquer :"),
            "items": items,
        }
    if status == "unknown":
        return {
            "intro": _(
                "Aucune composition trouvée dans le temps de calcul imparti, sans preuve "
                "qu'elle soit impossible : augmentez le temps de calcul."
            ),
            "items": [],
        }
    if solution.get("left_out"):
        return seat_everyone_problem(instance, solution["left_out"], labels)
    low, high = instance.panel_size
    crowded = sorted(
        instance.defis,
        key=lambda d: -sum(conflicted(j, d) for j in instance.jurors),
    )[:3]
    return {
        "intro": _(
            "Aucune composition ne respecte à la fois la taille des jurys (%(low)s à %(high)s "
            "membres), le nombre de défis par jury et les conflits d'intérêts : les jurés "
            "libres de tout conflit ne suffisent pas à former des jurys pour tous les défis. "
            "Ajoutez des jurés, composez moins de jurys ou réduisez la taille minimale."
        )
        % {"low": low, "high": high},
        "items": [
            ngettext(
                "%(defi)s : %(count)s juré en conflit.",
                "%(defi)s : %(count)s jurés en conflit.",
                count,
            )
            % {"defi": labels.interview(f"audition:{d.id}"), "count": count}
            for d in crowded
            if (count := sum(conflicted(j, d) for j in instance.jurors))
        ],
    }


def seat_everyone_problem(instance: JuryInstance, left_out, labels: JuryLabels) -> dict:
    """The cause when every juror of the pool must sit and some cannot, and the two fixes."""
    n = instance.n_panels
    names = ", ".join(labels.name(ref) for ref in left_out)
    items = [
        ngettext(
            "Laissez hors du jury %(names)s : retirez ce juré du vivier (page « Vivier de "
            "jurés ») puis relancez la composition.",
            "Laissez hors du jury %(names)s : retirez ces %(count)s jurés du vivier (page "
            "« Vivier de jurés ») puis relancez la composition.",
            len(left_out),
        )
        % {"names": names, "count": len(left_out)}
    ]
    size_low = instance.panel_size[0]
    defis_low = instance.defis_per_panel[0]
    if len(instance.defis) >= (n + 1) * defis_low and len(instance.jurors) >= (n + 1) * size_low:
        items.append(
            _(
                "Ou composez %(more)s jurys au lieu de %(n)s : chaque juré pourra siéger "
                "dans un jury qui n'auditionne aucun défi qui le concerne."
            )
            % {"more": n + 1, "n": n}
        )
    return {
        "intro": ngettext(
            "Tous les jurés du vivier doivent siéger (le jury peut tous les "
            "accueillir), mais aucune composition ne le permet : certains jurés sont en "
            "conflit d'intérêts avec des défis de chaque jury possible. Les jurés sans "
            "conflit suffisent ; c'est l'obligation de faire siéger tout le vivier qui bloque.",
            "Tous les jurés du vivier doivent siéger (les %(n)s jurys peuvent tous les "
            "accueillir), mais aucune composition ne le permet : certains jurés sont en "
            "conflit d'intérêts avec des défis de chaque jury possible. Les jurés sans "
            "conflit suffisent ; c'est l'obligation de faire siéger tout le vivier qui bloque.",
            n,
        )
        % {"n": n},
        "items": items,
    }


def composition_problems(instance: JuryInstance, labels: JuryLabels) -> list[str]:
    """Each plain impossibility of a composition (counts of défis and jurors, conflicts)."""
    n = instance.n_panels
    low, high = instance.defis_per_panel
    size_low, size_high = instance.panel_size
    defis, jurors = len(instance.defis), len(instance.jurors)
    items = []
    if defis > n * high:
        items.append(
            _(
                "Trop de défis : %(defis)s défis pour %(n)s jury(s) de %(high)s défis au plus "
                "(%(most)s au plus). Composez au moins %(need)s jurys."
            )
            % {"defis": defis, "n": n, "high": high, "most": n * high, "need": -(-defis // high)}
        )
    if defis < n * low:
        items.append(
            _(
                "Trop peu de défis : %(defis)s défi(s) pour %(n)s jurys d'au moins %(low)s "
                "défis (il en faut %(least)s). Composez moins de jurys."
            )
            % {"defis": defis, "n": n, "low": low, "least": n * low}
        )
    if jurors < n * size_low:
        items.append(
            _(
                "Trop peu de jurés : %(jurors)s juré(s) pour %(n)s jury(s) d'au moins "
                "%(low)s membres (il en faut %(least)s). Ajoutez des jurés au vivier ou "
                "composez moins de jurys."
            )
            % {"jurors": jurors, "n": n, "low": size_low, "least": n * size_low}
        )
    for defi in instance.defis:
        out = [j for j in instance.jurors if conflicted(j, defi)]
        free = jurors - len(out)
        if free < size_low:
            items.append(
                _(
                    "%(defi)s : seulement %(free)s juré(s) sans conflit d'intérêts, il en faut "
                    "%(low)s par jury. En conflit : %(names)s."
                )
                % {
                    "defi": labels.interview(f"audition:{defi.id}"),
                    "free": free,
                    "low": size_low,
                    "names": ", ".join(labels.name(j.id) for j in out) or "—",
                }
            )
    return items
