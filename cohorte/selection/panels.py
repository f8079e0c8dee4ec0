"""Jury panels: members, referee, défis, the défis' mentors, and the panel's CVs."""

import tempfile
import zipfile

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.calls.models import Application, ApplicationFile
from cohorte.reviews.exclusions import without_conflicts

from .interviews import ACTIVE, changed
from .models import InterviewSlot, Panel

MAX_NAME_LENGTH = 200


class PanelError(ValueError):
    """A panel change that is refused, with a clear message."""


def save_panel(
    call,
    actor,
    *,
    name: str,
    members,
    referee=None,
    challenges=(),
    location: str = "",
    video_link: str = "",
    panel: Panel | None = None,
) -> Panel:
    """Create or edit a panel of a call; the referee always sits on it. A new place reaches
    the candidates already invited to its interviews that have no place of their own."""
    name = (name or "").strip()
    if not name:
        raise PanelError(_("Donnez un nom au jury."))
    if len(name) > MAX_NAME_LENGTH:
        raise PanelError(_("Le nom du jury dépasse 200 caractères."))
    challenges = list(challenges)
    open_ids = set(call.challenges.values_list("pk", flat=True))
    outside = [c for c in challenges if c.pk not in open_ids]
    if outside:
        raise PanelError(
            _("Ce ou ces défis ne sont pas ouverts à l'appel : %(titles)s.")
            % {"titles": ", ".join(c.title for c in outside)}
        )
    if panel is not None and panel.call_id != call.pk:
        raise PanelError(_("Ce jury appartient à un autre appel."))
    members = {m.pk: m for m in members}
    if referee is not None:
        members[referee.pk] = referee
    with transaction.atomic():
        created = panel is None
        panel = panel or Panel(call=call)
        venue = (panel.location, panel.video_link)
        panel.name, panel.referee = name, referee
        panel.location, panel.video_link = (location or "").strip(), (video_link or "").strip()
        panel.save()
        panel.members.set(list(members.values()))
        panel.challenges.set(challenges)
        record(
            "panel.created" if created else "panel.updated",
            panel,
            actor=actor,
            member_ids=sorted(members),
            referee_id=referee.pk if referee else None,
            challenge_ids=sorted(c.pk for c in challenges),
            location=panel.location,
            video_link=panel.video_link,
        )
        if not created and venue != (panel.location, panel.video_link):
            for slot in panel.slots.filter(
                status__in=ACTIVE, location="", video_link=""
            ).select_related("application__call", "application__candidate", "challenge"):
                slot.panel = panel
                changed(slot, actor)
    return panel


def challenge_mentors(panel: Panel) -> list:
    """Users who are operational mentors of the panel's défis."""
    from cohorte.people.models import Role

    return list(
        get_user_model()
        .objects.filter(
            person__roles__kind=Role.Kind.OPERATIONAL_MENTOR,
            person__roles__challenge__in=panel.challenges.all(),
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def add_challenge_mentors(panel: Panel, actor) -> list:
    """Seat the operational mentors of the panel's défis on it; the users added."""
    current = set(panel.members.values_list("pk", flat=True))
    added = [user for user in challenge_mentors(panel) if user.pk not in current]
    if added:
        with transaction.atomic():
            panel.members.add(*added)
            record("panel.mentors_added", panel, actor=actor, user_ids=[u.pk for u in added])
    return added


def delete_panel(panel: Panel, actor) -> None:
    """Delete a panel that has no interview yet."""
    if panel.slots.exclude(status=InterviewSlot.Status.CANCELLED).exists():
        raise PanelError(_("Ce jury a des auditions : annulez-les ou déplacez-les d'abord."))
    with transaction.atomic():
        record("panel.deleted", panel.call, actor=actor, panel_id=panel.pk, name=panel.name)
        panel.delete()


def interviewed_applications(panel: Panel):
    """Applications with an interview (not cancelled) before this panel."""
    slots = InterviewSlot.objects.filter(panel=panel).exclude(status=InterviewSlot.Status.CANCELLED)
    return Application.objects.filter(pk__in=slots.values("application_id"))


def cv_archive(panel: Panel, user):
    """A ZIP (temporary file) of the current CVs of the panel's candidates, and their count.

    Applications ``user`` is kept away from (a conflict, their own) are left out. Audited.
    """
    applications = without_conflicts(interviewed_applications(panel), user)
    files = (
        ApplicationFile.objects.filter(
            application__in=applications, kind=ApplicationFile.Kind.CV, is_current=True
        )
        .select_related("application__candidate")
        .order_by("application__last_name", "application__first_name", "application_id")
    )
    # Handed to the response, which closes it once sent.
    archive = tempfile.SpooledTemporaryFile(max_size=20 * 1024 * 1024)  # noqa: SIM115
    included, missing, names = [], [], set()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for item in files:
            application = item.application
            stem = slugify(application.display_name) or f"candidature-{application.pk}"
            name = f"{stem}-cv.pdf"
            if name in names:
                name = f"{stem}-{application.pk}-cv.pdf"
            try:
                with item.file.open("rb") as handle:
                    bundle.writestr(name, handle.read())
            except FileNotFoundError:
                missing.append(application.display_name)
                continue
            names.add(name)
            included.append(application.pk)
        if missing:
            bundle.writestr(
                "fichiers-manquants.txt",
                _("CV introuvables dans le stockage :") + "\n" + "\n".join(missing) + "\n",
            )
    record(
        "panel.cvs_downloaded",
        panel,
        actor=user,
        count=len(included),
        application_ids=included,
    )
    archive.seek(0)
    return archive, len(included)
