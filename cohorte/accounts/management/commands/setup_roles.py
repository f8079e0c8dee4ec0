"""Create the programme's groups with their admin permissions (safe to run again).

"Équipe du programme" and "Direction du programme" configure calls in /gestion/configuration/
(the ``calls.configure_calls`` rule); these model permissions keep the admin's matching pages
open to them as well, and let them read the outbox and the activity log. What they may do
in the work areas is decided by the object rules (cohorte/*/rules.py), not by these model
permissions. Members of both groups are marked as staff so that they can open the admin.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from cohorte.accounts.roles import DIRECTOR_GROUP, LINK_GROUP, TEAM_GROUP

ALL = ("add", "change", "delete", "view")
# app label -> model -> actions
TEAM_PERMISSIONS = {
    "calls": {"call": ALL, "round": ALL, "question": ALL, "statement": ALL},
    "reviews": {"grid": ALL, "criterion": ALL},
    "challenges": {"challenge": ("view",), "expertise": ("add", "view")},
    "programmes": {"cohort": ("view",)},
    "notifications": {"emailtemplate": ALL, "outboxmessage": ("change", "view")},
    "audit": {"activitylog": ("view",)},
    "projects": {
        "fundingrules": ALL,
        "salaryband": ALL,
        "projectcallsettings": ALL,
        "jurypoolmember": ALL,
        "organisationmember": ALL,
        "organisationinvitation": ALL,
        "membershiprequest": ("view",),
        "proposal": ("view",),
    },
    "organisations": {"organisation": ("add", "change", "view"), "organisationdomain": ALL},
}
GROUPS = {TEAM_GROUP: TEAM_PERMISSIONS, DIRECTOR_GROUP: TEAM_PERMISSIONS}


def wanted_permissions(spec) -> list[Permission]:
    """The Permission rows named by a spec; CommandError naming any that does not exist."""
    condition = Q(pk__in=[])
    names = set()
    for app_label, models in spec.items():
        for model, actions in models.items():
            for action in actions:
                codename = f"{action}_{model}"
                names.add((app_label, codename))
                condition |= Q(content_type__app_label=app_label, codename=codename)
    found = list(Permission.objects.filter(condition).select_related("content_type"))
    missing = names - {(p.content_type.app_label, p.codename) for p in found}
    if missing:
        listed = ", ".join(f"{app}.{code}" for app, code in sorted(missing))
        raise CommandError(f"Permissions introuvables (migrations appliquées ?) : {listed}")
    return found


class Command(BaseCommand):
    help = "Crée les groupes de l'équipe et de la direction du programme avec leurs droits."

    def handle(self, *args, **options):
        with transaction.atomic():
            for name, spec in GROUPS.items():
                group, created = Group.objects.get_or_create(name=name)
                permissions = wanted_permissions(spec)
                group.permissions.set(permissions)
                staffed = (
                    get_user_model()
                    .objects.filter(groups=group, is_staff=False)
                    .update(is_staff=True)
                )
                self.stdout.write(
                    f"{name} : {'créé' if created else 'mis à jour'}, "
                    f"{len(permissions)} droits, {staffed} membre(s) ouvert(s) à l'administration"
                )
            # EIG Link fellows work in the cohort's pages only: no admin, no model permission.
            _, created = Group.objects.get_or_create(name=LINK_GROUP)
            self.stdout.write(f"{LINK_GROUP} : {'créé' if created else 'inchangé'}")
