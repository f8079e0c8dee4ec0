"""What a candidate may rank in a call: défis, profiles, or (défi, profile) pairs.

For pairs, a défi offers the profiles it seeks among the call's profiles; a défi that
names none of them offers all the call's profiles, and a call without profiles offers
each défi's own. Every list offered and every check of a choice (form, autosave, submission,
vote) goes through ``choice_options``, which offers only public défis.
"""

import re
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from cohorte.challenges.models import Challenge, Expertise
from cohorte.public.formats import format_moment

from .models import Call

_VALUE = re.compile(r"^(?:c(\d+))?-?(?:p(\d+))?$")


@dataclass(frozen=True)
class ChoiceOption:
    """One thing a candidate may rank."""

    challenge_id: int | None
    profile_id: int | None
    label: str
    group: str = ""  # the défi's title, for pairs shown grouped by défi

    @property
    def key(self) -> tuple[int | None, int | None]:
        return (self.challenge_id, self.profile_id)

    @property
    def value(self) -> str:
        return encode(self.challenge_id, self.profile_id)


def encode(challenge_id: int | None, profile_id: int | None) -> str:
    """The form value of a choice: "c12", "p3" or "c12-p3"."""
    parts = []
    if challenge_id:
        parts.append(f"c{challenge_id}")
    if profile_id:
        parts.append(f"p{profile_id}")
    return "-".join(parts)


def decode(value: str) -> tuple[int | None, int | None] | None:
    """The (défi id, profile id) of a form value, or None when it is not one."""
    match = _VALUE.match((value or "").strip())
    if not match or not any(match.groups()):
        return None
    challenge, profile = match.groups()
    return (int(challenge) if challenge else None, int(profile) if profile else None)


def open_challenges(call: Call):
    """The défis open to the call's candidates, with their profiles sought (two queries).

    Only public ones: a défi created by a "selected" decision is attached to the call but
    stays a draft, hidden, until the call for projects announces it.
    """
    return (
        call.challenges.public()
        .order_by("title", "pk")
        .prefetch_related(Prefetch("expertises", queryset=Expertise.objects.order_by("name")))
    )


def keep_choice_options(call: Call) -> None:
    """Read the call's choices once for this instance of it: a submission reads them for its
    form, its checks and its completeness. Only for a call read for one request."""
    call._keep_choice_options = True


def choice_options(call: Call) -> list[ChoiceOption]:
    """Every choice the call offers, in the order shown."""
    kept = call.__dict__.get("_choice_options")
    if kept is not None:
        return kept
    options = _read_choice_options(call)
    if call.__dict__.get("_keep_choice_options"):
        call._choice_options = options
    return options


def _read_choice_options(call: Call) -> list[ChoiceOption]:
    kind = call.choice_kind
    if kind == Call.ChoiceKind.PROFILES:
        return [ChoiceOption(None, p.pk, p.name) for p in call.profiles.order_by("name", "pk")]
    if kind == Call.ChoiceKind.CHALLENGES:
        # Titles only: the profiles sought are not offered, so neither read (one query).
        titles = open_challenges(call).prefetch_related(None).values_list("pk", "title")
        return [ChoiceOption(pk, None, title) for pk, title in titles]
    challenges: list[Challenge] = list(open_challenges(call))
    call_profiles = list(call.profiles.order_by("name", "pk"))
    allowed = {p.pk for p in call_profiles}
    options = []
    for challenge in challenges:
        own = list(challenge.expertises.all())
        profiles = [p for p in own if p.pk in allowed] if allowed else own
        if not profiles:
            profiles = call_profiles
        options += [
            ChoiceOption(challenge.pk, p.pk, f"{challenge.title} — {p.name}", challenge.title)
            for p in profiles
        ]
    return options


def choice_rules(call: Call) -> str:
    """How many choices a candidate makes, of what, and when, in one sentence."""
    if call.choice_timing == Call.ChoiceTiming.VOTING:
        text = _(
            "Vous ne choisissez pas de défi en candidatant : les candidat·es présélectionné·es "
            "classent leurs choix lors d'un vote"
        )
        if call.voting_closes_at:
            text += _(" (jusqu'au %(moment)s, heure de Paris)") % {
                "moment": format_moment(call.voting_closes_at)
            }
        return text + "."
    what = {
        Call.ChoiceKind.CHALLENGES: _("défi"),
        Call.ChoiceKind.PROFILES: _("profil"),
        Call.ChoiceKind.BOTH: _("couple défi et profil"),
    }[call.choice_kind]
    if call.max_choices == 1:
        return _("Dans votre candidature, vous choisissez un %(what)s.") % {"what": what}
    plural = {
        Call.ChoiceKind.CHALLENGES: _("défis"),
        Call.ChoiceKind.PROFILES: _("profils"),
        Call.ChoiceKind.BOTH: _("couples défi et profil"),
    }[call.choice_kind]
    return _(
        "Dans votre candidature, vous classez jusqu'à %(n)s %(what)s par ordre de préférence."
    ) % {"n": call.max_choices, "what": plural}
