"""The profiles the programme's calls seek: added and renamed by the team, journaled."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.challenges.models import Expertise
from cohorte.text import make_slug, normalise_name


def _refuse_taken(name: str, keep: Expertise | None) -> None:
    others = Expertise.objects.exclude(pk=keep.pk) if keep else Expertise.objects.all()
    folded = normalise_name(name)
    if any(normalise_name(other.name) == folded for other in others.only("name")):
        raise ValidationError(_("Le profil « %(name)s » existe déjà.") % {"name": name})


def add_profile(name: str, actor) -> Expertise:
    """A new profile, its address made from its name; refused when the name is taken."""
    _refuse_taken(name, None)
    slug, base, n = make_slug(name, 120), make_slug(name, 110), 1
    while Expertise.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    with transaction.atomic():
        profile = Expertise.objects.create(name=name, slug=slug)
        record("expertise.created", profile, actor=actor, name=name)
    return profile


def rename_profile(profile: Expertise, name: str, actor) -> bool:
    """Rename a profile (its address stays: links and filters keep working); changed or not."""
    if name == profile.name:
        return False
    _refuse_taken(name, profile)
    with transaction.atomic():
        before, profile.name = profile.name, name
        profile.save(update_fields=["name"])
        record("expertise.renamed", profile, actor=actor, before=before, after=name)
    return True
