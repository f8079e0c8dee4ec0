"""What each panel of the défi jury concludes: one collective grid per défi, then its verdicts.

The referee fills, for each of the panel's défis, the collective grid on the call's grid
(``reviews.domain.submit_review`` at the interview stage with the panel: the referee check
is there), before the audition if they wish. Once the audition of each of the panel's
défis has started (the deliberation is its last phase), the referee (or the team) gives on one
form, for every défi: favourable or not, its rank in the panel (1 to n, each once) and a
justification, and may mark one favourite ("coup de cœur"). All or nothing; the team is
told by e-mail that the panel has concluded.
"""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte.accounts.roles import is_team, team_addresses
from cohorte.audit.domain import record
from cohorte.notifications.domain import queue_email
from cohorte.public.formats import format_moment
from cohorte.reviews import domain as reviews
from cohorte.reviews.models import Review

from .models import Audition, PanelVerdict, Proposal

MAX_JUSTIFICATION = 3000
FAVOURABLE, UNFAVOURABLE = "yes", "no"


class VerdictError(ValueError):
    """Verdicts that cannot be saved, one French message per field ("form" for the form)."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(" ".join(errors.values()))


def panel_defis(panel) -> list[Proposal]:
    """The panel's défis in audition order, each with ``defi_audition`` (None when unset)."""
    proposals = list(panel.proposals.select_related("organisation").order_by("title", "pk"))
    auditions = {a.proposal_id: a for a in Audition.objects.filter(proposal__in=proposals)}
    for proposal in proposals:
        proposal.defi_audition = auditions.get(proposal.pk)
    # Timetabled défis first, in time order; the others after them.
    return sorted(proposals, key=lambda p: (p.defi_audition is None, _start(p), p.title, p.pk))


def _start(proposal) -> float:
    return proposal.defi_audition.starts_at.timestamp() if proposal.defi_audition else 0.0


def may_conclude(user, panel) -> bool:
    """The panel's referee, or the team, gives its verdicts."""
    return is_team(user) or (user.is_authenticated and panel.referee_id == user.pk)


def not_started(proposals, now=None) -> list[Proposal]:
    """The défis whose audition has not started (or was never timetabled): the panel may
    fill their collective grids already, not give its verdicts."""
    now = now or timezone.now()
    return [p for p in proposals if p.defi_audition is None or p.defi_audition.starts_at > now]


def verdicts_open_at(proposals):
    """When the verdicts may be given: the start of the panel's last audition (None when a
    défi has no audition yet)."""
    if not proposals or any(p.defi_audition is None for p in proposals):
        return None
    return max(p.defi_audition.starts_at for p in proposals)


def _waiting_label(proposal) -> str:
    if proposal.defi_audition is None:
        return _("« %(name)s » (audition non programmée)") % {"name": proposal.display_name}
    return _("« %(name)s » (audition le %(when)s)") % {
        "name": proposal.display_name,
        "when": format_moment(proposal.defi_audition.starts_at),
    }


def fill_collective_grid(panel, proposal, referee, scores, comment, recommendation) -> Review:
    """Save the panel's collective grid on one of its défis (its referee only)."""
    if not panel.proposals.filter(pk=proposal.pk).exists():
        raise reviews.ReviewError({"form": _("Ce jury n'auditionne pas ce défi.")})
    return reviews.submit_review(
        proposal,
        referee,
        scores,
        comment,
        recommendation,
        stage=Review.Stage.INTERVIEW,
        panel=panel,
    )


def _position(raw, count: int) -> int | None:
    try:
        value = int(str(raw).strip())
    except (TypeError, ValueError):
        return None
    return value if 1 <= value <= count else None


def give_verdicts(panel, actor, entries: dict, favourite) -> list[PanelVerdict]:
    """Save the panel's verdict on each of its défis, all or nothing (audited
    "verdict.given" on each défi; the team is told).

    ``entries`` maps a proposal pk to ``{"favourable": "yes"|"no", "position": "1",
    "justification": "..."}``; ``favourite`` is a proposal pk, or empty for none.
    """
    proposals = panel_defis(panel)
    errors: dict[str, str] = {}
    if not may_conclude(actor, panel):
        errors["form"] = _("Seul le référent du jury, ou l'équipe, donne les avis du jury.")
    elif not proposals:
        errors["form"] = _("Ce jury n'auditionne aucun défi.")
    else:
        waiting = not_started(proposals)
        if waiting:
            errors["form"] = _(
                "Les avis se donnent une fois l'audition commencée ; pas encore : %(names)s. "
                "La grille collective peut déjà être remplie."
            ) % {"names": ", ".join(map(_waiting_label, waiting))}
        refused = [p for p in proposals if not actor.has_perm("projects.judge_proposal", p)]
        if refused and "form" not in errors:
            errors["form"] = _(
                "Vous ne pouvez pas juger %(names)s (conflit d'intérêts) : l'équipe donne "
                "l'avis du jury."
            ) % {"names": ", ".join(f"« {p.display_name} »" for p in refused)}
    count = len(proposals)
    clean = {}
    for proposal in proposals:
        entry = entries.get(proposal.pk) or {}
        name = proposal.display_name
        favourable = entry.get("favourable")
        if favourable not in (FAVOURABLE, UNFAVOURABLE):
            errors[f"favourable-{proposal.pk}"] = _(
                "Donnez un avis favorable ou défavorable sur « %(name)s »."
            ) % {"name": name}
        position = _position(entry.get("position"), count)
        if position is None:
            errors[f"position-{proposal.pk}"] = _(
                "Le rang de « %(name)s » doit être un nombre entier de 1 à %(count)s."
            ) % {"name": name, "count": count}
        justification = (entry.get("justification") or "").strip()
        if not justification:
            errors[f"justification-{proposal.pk}"] = _(
                "Justifiez l'avis du jury sur « %(name)s »."
            ) % {"name": name}
        elif len(justification) > MAX_JUSTIFICATION:
            errors[f"justification-{proposal.pk}"] = _(
                "La justification sur « %(name)s » dépasse %(max)s caractères (%(length)s)."
            ) % {"name": name, "max": MAX_JUSTIFICATION, "length": len(justification)}
        clean[proposal.pk] = (favourable == FAVOURABLE, position, justification)
    positions = [clean[p.pk][1] for p in proposals if clean[p.pk][1] is not None]
    for proposal in proposals:
        position = clean[proposal.pk][1]
        if position is not None and positions.count(position) > 1:
            errors[f"position-{proposal.pk}"] = _(
                "Le rang %(position)s est donné à plusieurs défis : chaque rang de 1 à "
                "%(count)s une seule fois."
            ) % {"position": position, "count": count}
    favourite = str(favourite or "").strip()
    favourite_pk = None
    if favourite:
        favourite_pk = next((p.pk for p in proposals if str(p.pk) == favourite), None)
        if favourite_pk is None:
            errors["favourite"] = _("Le coup de cœur doit être l'un des défis de ce jury.")
    if errors:
        raise VerdictError(errors)
    saved = []
    with transaction.atomic():
        # One favourite per panel (a database constraint): clear before setting anew.
        PanelVerdict.objects.filter(panel=panel, favourite=True).update(favourite=False)
        for proposal in proposals:
            favourable, position, justification = clean[proposal.pk]
            verdict, created = PanelVerdict.objects.update_or_create(
                proposal=proposal,
                defaults={
                    "panel": panel,
                    "favourable": favourable,
                    "position": position,
                    "justification": justification,
                    "favourite": proposal.pk == favourite_pk,
                    "decided_by": actor,
                },
            )
            saved.append(verdict)
            record(
                "verdict.given" if created else "verdict.updated",
                proposal,
                actor=actor,
                verdict_id=verdict.pk,
                panel_id=panel.pk,
                favourable=favourable,
                position=position,
                favourite=verdict.favourite,
            )
        recipients = team_addresses()
        if recipients:
            link = settings.SITE_URL + reverse("defi_jury:consolidation", args=[panel.call_id])
            queue_email(
                recipients,
                _("Avis du « %(panel)s »") % {"panel": panel.name},
                _(
                    "Le « %(panel)s » (%(call)s) a rendu ses avis sur ses %(count)s défis.\n\n"
                    "Le classement consolidé : %(link)s"
                )
                % {"panel": panel.name, "call": panel.call.title, "count": count, "link": link},
            )
    return saved
