"""The pool of jurors of a call's défi jury: who may sit on its panels, with which profile."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.selection.models import Panel

from .jury_runs import JuryError
from .models import JuryPoolMember


def account_by_email(email: str):
    """The active account using this e-mail address, else JuryError in French."""
    email = (email or "").strip()
    users = list(
        get_user_model().objects.filter(email__iexact=email, is_active=True).order_by("pk")[:2]
    )
    if not users:
        raise JuryError(
            _(
                "Aucun compte actif n'utilise l'adresse « %(email)s » : invitez la personne "
                "par e-mail avec le formulaire « Inviter un juré » ; elle rejoindra le vivier "
                "en créant son compte."
            )
            % {"email": email}
        )
    if len(users) > 1:
        raise JuryError(
            _("Plusieurs comptes utilisent l'adresse « %(email)s » : corrigez-les d'abord.")
            % {"email": email}
        )
    return users[0]


def add_to_pool(call, user, category: str, organisation, actor) -> JuryPoolMember:
    """Add a juror to the call's pool (audited "jury_pool.added" on the call)."""
    problems = []
    if call.kind != call.Kind.PROJECTS:
        problems.append(_("Seul un appel à projets a un jury des défis."))
    if category not in JuryPoolMember.Category.values:
        problems.append(_("Choisissez le profil du juré dans la liste."))
    if JuryPoolMember.objects.filter(call=call, user=user).exists():
        problems.append(
            _("%(name)s fait déjà partie du vivier.") % {"name": user.get_full_name() or user.email}
        )
    if problems:
        raise JuryError(problems)
    with transaction.atomic():
        member = JuryPoolMember.objects.create(
            call=call, user=user, category=category, organisation=organisation
        )
        record(
            "jury_pool.added",
            call,
            actor=actor,
            member_id=member.pk,
            user_id=user.pk,
            category=category,
            organisation_id=organisation.pk if organisation else None,
        )
    return member


def remove_from_pool(member: JuryPoolMember, actor) -> list[str]:
    """Take a juror out of the pool and off the call's panels; the names of those panels."""
    with transaction.atomic():
        panels = list(
            Panel.objects.select_for_update().filter(call=member.call_id, members=member.user_id)
        )
        for panel in panels:
            panel.members.remove(member.user_id)
            if panel.referee_id == member.user_id:
                panel.referee = None
                panel.save(update_fields=["referee"])
        record(
            "jury_pool.removed",
            member.call,
            actor=actor,
            member_id=member.pk,
            user_id=member.user_id,
            panels=[p.pk for p in panels],
        )
        member.delete()
    return [p.name for p in panels]
