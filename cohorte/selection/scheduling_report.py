"""Reading a scheduling run in French: names behind the ids, conflicts, timetable by day.

A run keeps ids only (``scheduling_runs``); ``Labels`` resolves them in four queries when
the run is shown, and the core's conflict codes become sentences naming the people, the
défis and the panels concerned.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

from cohorte.calls.models import Application
from cohorte.challenges.models import Challenge
from cohorte.public.formats import format_date, format_time

from .models import Panel, SolverRun
from .scheduling_runs import parse_interview_ref, parse_ref


def _minutes(text: str) -> int:
    hours, _sep, minutes = text.partition(":")
    return int(hours) * 60 + int(minutes)


def clock(minutes: int) -> str:
    """``9 h 00`` for 540 minutes (``24 h 00`` for the end of a day)."""
    if minutes >= 24 * 60:
        return "24 h 00"
    return format_time(datetime.time(minutes // 60, minutes % 60))


def day_label(day_id: str) -> str:
    """``mercredi 12 mars 2031`` for ``2031-03-12``."""
    day = datetime.date.fromisoformat(day_id)
    return f"{WEEKDAYS[day.weekday()].lower()} {format_date(day)}"


class Labels:
    """Names of the people, panels, défis and interviews of a run's instance; ``hidden``:
    applications the reader is kept away from (a conflict of interest), never named."""

    def __init__(self, instance: dict, hidden=frozenset()):
        self.hidden = set(hidden)
        users, applications, panels, challenges = set(), set(), set(), set()
        self.roles: dict[str, list[str]] = defaultdict(list)
        for panel in instance.get("panels", []):
            panels.add(parse_ref(panel["id"])[1])
            users.update(parse_ref(m)[1] for m in panel.get("members", []))
        for defi in instance.get("defis", []):
            pk = parse_ref(defi["id"])[1]
            if pk is not None:
                challenges.add(pk)
            users.update(parse_ref(m)[1] for m in defi.get("mentors", []))
        for interview in instance.get("interviews", []):
            applications.add(parse_ref(interview["candidate"])[1])
        self.users = get_user_model().objects.in_bulk(users)
        self.applications = Application.objects.select_related("candidate").in_bulk(applications)
        self.panels = Panel.objects.in_bulk(panels)
        self.challenges = Challenge.objects.in_bulk(challenges)
        self.interviews = {i["id"]: i for i in instance.get("interviews", [])}
        for panel in instance.get("panels", []):
            for member in panel.get("members", []):
                self.roles[member].append(
                    _("membre du jury « %(panel)s »") % {"panel": self.panel(panel["id"])}
                )
        for defi in instance.get("defis", []):
            for mentor in defi.get("mentors", []):
                self.roles[mentor].append(
                    _("mentor du défi « %(defi)s »") % {"defi": self.defi(defi["id"])}
                )

    def name(self, ref: str) -> str:
        """A person's name (a juror, a mentor or a candidate)."""
        kind, pk = parse_ref(ref)
        if kind == "u":
            user = self.users.get(pk)
            return (user.get_full_name() or user.email) if user else _("compte supprimé")
        if kind == "a":
            if pk in self.hidden:
                return _("candidature masquée (conflit d’intérêts)")
            application = self.applications.get(pk)
            return application.display_name if application else _("candidature supprimée")
        return ref

    def who(self, ref: str) -> str:
        """A person's name and roles, e.g. "Camille Martin (mentor du défi « X »)"."""
        kind, _pk = parse_ref(ref)
        roles = self.roles.get(ref, []) if kind == "u" else [_("candidat·e")]
        return f"{self.name(ref)} ({', '.join(roles)})" if roles else self.name(ref)

    def panel(self, ref: str) -> str:
        """A panel's name."""
        panel = self.panels.get(parse_ref(ref)[1])
        return panel.name if panel else _("jury supprimé")

    def defi(self, ref: str) -> str:
        """A défi's title ("audition générale" for no particular défi)."""
        pk = parse_ref(ref)[1]
        if pk is None:
            return _("audition générale")
        challenge = self.challenges.get(pk)
        return challenge.title if challenge else _("défi supprimé")

    def interview(self, ref: str) -> str:
        """Whose interview, for which défi."""
        interview = self.interviews.get(ref)
        if interview is None:
            application_pk, challenge_pk = parse_interview_ref(ref)
            candidate, defi = (
                f"a{application_pk}",
                f"d{challenge_pk}" if challenge_pk else "general",
            )
        else:
            candidate, defi = interview["candidate"], interview["defi"]
        return _("%(name)s (défi « %(defi)s »)") % {
            "name": self.name(candidate),
            "defi": self.defi(defi),
        }


# Conflicts ------------------------------------------------------------------------------

_NUMBERS = re.compile(r"(\d+) min")


def _when(lock: dict | None) -> str:
    if lock is None:
        return ""
    return _("le %(day)s à %(time)s") % {
        "day": format_date(datetime.date.fromisoformat(lock["day"])),
        "time": clock(_minutes(lock["start"])),
    }


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def conflict_sentence(conflict: dict, instance: dict, labels: Labels) -> str:
    """One core conflict in French, naming who and what it is about."""
    code, subjects = conflict.get("code"), list(conflict.get("subjects", []))
    locks = {lock["interview"]: lock for lock in instance.get("locks", [])}
    numbers = [int(n) for n in _NUMBERS.findall(conflict.get("message", ""))]
    first = subjects[0] if subjects else ""

    def people():
        return ", ".join(labels.who(p) for p in subjects[1:])

    if code == "defi_without_panel":
        text = _("le défi « %(defi)s » n'a aucun jury pour ses auditions") % {
            "defi": labels.defi(first)
        }
    elif code == "interview_too_long":
        text = _("l'audition de %(who)s ne tient dans aucune plage horaire") % {
            "who": labels.interview(first)
        }
    elif code == "no_available_slot" and len(subjects) == 1:
        text = _("l'audition de %(who)s n'a aucun créneau possible dans les plages horaires") % {
            "who": labels.interview(first)
        }
    elif code == "no_available_slot":
        text = _(
            "l'audition de %(who)s n'a aucun créneau où tout le monde est libre, à cause "
            "des indisponibilités de %(people)s"
        ) % {"who": labels.interview(first), "people": people()}
    elif code == "lock_outside_windows":
        text = _(
            "l'audition verrouillée de %(who)s %(when)s est hors des plages horaires "
            "(pendant une pause ou hors horaires)"
        ) % {"who": labels.interview(first), "when": _when(locks.get(first))}
    elif code == "lock_panel_not_allowed":
        text = _(
            "l'audition verrouillée de %(who)s est confiée au jury « %(panel)s », qui "
            "n'examine pas ce défi"
        ) % {"who": labels.interview(first), "panel": labels.panel(subjects[1])}
    elif code == "lock_in_unavailability":
        text = _(
            "l'audition verrouillée de %(who)s %(when)s tombe pendant une indisponibilité "
            "de %(people)s"
        ) % {"who": labels.interview(first), "when": _when(locks.get(first)), "people": people()}
    elif code == "locks_clash":
        text = _(
            "les auditions verrouillées de %(a)s et de %(b)s se chevauchent et réunissent "
            "le même jury ou les mêmes personnes"
        ) % {"a": labels.interview(first), "b": labels.interview(subjects[1])}
    elif code == "person_overloaded" and len(numbers) == 2:
        text = _(
            "%(who)s doit assister à %(need)s min d'auditions mais n'est disponible que "
            "%(free)s min"
        ) % {"who": labels.who(first), "need": numbers[0], "free": numbers[1]}
    elif code == "panels_overloaded" and len(numbers) == 2:
        text = _(
            "les auditions des jurys %(panels)s demandent %(need)s min mais ces jurys n'ont "
            "que %(free)s min disponibles"
        ) % {
            "panels": ", ".join(f"« {labels.panel(p)} »" for p in subjects),
            "need": numbers[0],
            "free": numbers[1],
        }
    elif code == "lock":
        lock = locks.get(first)
        text = _(
            "le verrouillage de l'audition de %(who)s %(when)s devant le jury « %(panel)s »"
        ) % {
            "who": labels.interview(first),
            "when": _when(lock),
            "panel": labels.panel(lock["panel"]) if lock else "?",
        }
    elif code == "unavailability":
        text = _("les indisponibilités de %(who)s") % {"who": labels.who(first)}
    elif code == "panel_capacity":
        text = _("le jury « %(panel)s » ne tient qu'une audition à la fois") % {
            "panel": labels.panel(first)
        }
    elif code == "person_overlap":
        text = _("%(who)s ne peut pas assister à deux auditions à la fois") % {
            "who": labels.who(first)
        }
    elif code == "undetermined":
        text = _(
            "aucun planning ne respecte toutes les contraintes, mais le calcul n'a pas pu isoler "
            "lesquelles se contredisent dans le temps imparti : vérifiez les jours et leurs "
            "plages, les indisponibilités et la composition des jurys"
        )
    elif code == "time_windows":
        text = _("les jours d'audition (%(days)s) et leurs plages horaires") % {
            "days": ", ".join(format_date(datetime.date.fromisoformat(d)) for d in subjects)
        }
    else:
        text = conflict.get("message", "")
    return _sentence(text)


def conflict_report(run: SolverRun, labels: Labels | None = None) -> dict:
    """Why a run found no timetable: an introduction and one French sentence per conflict."""
    solution = run.solution or {}
    status = solution.get("status", run.status)
    if status in ("optimal", "feasible"):
        return {"intro": "", "items": []}
    if status == "unknown":
        return {
            "intro": _(
                "Aucun planning trouvé dans le temps de calcul imparti, sans preuve qu'il "
                "soit impossible : augmentez le temps de calcul, ajoutez des jours ou "
                "élargissez les plages horaires."
            ),
            "items": [],
        }
    labels = labels or Labels(run.instance)
    items = [conflict_sentence(c, run.instance, labels) for c in solution.get("conflicts", [])]
    if not items:
        intro = _(
            "Aucun planning ne respecte toutes les contraintes, mais le calcul n'a pas eu le "
            "temps d'isoler celles qui sont en conflit : relancez avec plus de temps."
        )
    elif (solution.get("details") or {}).get("found_by") == "precheck":
        intro = _("Aucun planning n'est possible ; chacun de ces points suffit à l'expliquer :")
    else:
        intro = _(
            "Aucun planning n'est possible : ces contraintes ne peuvent pas être respectées "
            "ensemble. Assouplissez l'une d'elles (indisponibilité, verrouillage, jours ou "
            "plages horaires, jurys) :"
        )
    return {"intro": intro, "items": items}


# Timetable ------------------------------------------------------------------------------


def timetable_by_day(run: SolverRun, labels: Labels | None = None) -> list[dict]:
    """The run's timetable as one table per day: rows by start time, a column per panel."""
    timetable = (run.solution or {}).get("timetable", [])
    if not timetable:
        return []
    labels = labels or Labels(run.instance)
    locked = {lock["interview"] for lock in run.instance.get("locks", [])}
    panel_order = [p["id"] for p in run.instance.get("panels", [])]
    by_day: dict[str, list[dict]] = defaultdict(list)
    for row in timetable:
        by_day[row["day"]].append(row)
    days = []
    for day_id in sorted(by_day):
        rows = by_day[day_id]
        panels = sorted(
            {r["panel"] for r in rows},
            key=lambda p: panel_order.index(p) if p in panel_order else len(panel_order),
        )
        lines = []
        for start in sorted({_minutes(r["start"]) for r in rows}):
            cells = []
            for panel in panels:
                row = next(
                    (r for r in rows if r["panel"] == panel and _minutes(r["start"]) == start),
                    None,
                )
                if row is None:
                    cells.append(None)
                    continue
                interview = labels.interviews.get(row["interview"], {})
                cells.append(
                    {
                        "candidate": labels.name(interview.get("candidate", "general")),
                        "defi": labels.defi(interview.get("defi", "general")),
                        "end": clock(_minutes(row["end"])),
                        "locked": row["interview"] in locked,
                    }
                )
            lines.append({"time": clock(start), "cells": cells})
        days.append(
            {
                "id": day_id,
                "label": day_label(day_id),
                "panels": [labels.panel(p) for p in panels],
                "rows": lines,
                "count": len(rows),
            }
        )
    return days
