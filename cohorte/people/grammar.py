"""The grammatical form of a person's titles: "mentore opérationnelle", "mentor opérationnel",
or, when the person's data says nothing, the inclusive "mentor·e opérationnel·le".

French titles agree with the person. The form is the person's own data (``Person.form``),
set by the team or guessed at import from a title the person already bears in the source
("Cheffe de projet", "Développeur"); nothing else (a first name, a photo) is taken as a hint.
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from cohorte.text import normalise_name


class Form(models.TextChoices):
    FEMININE = "feminine", _("féminin (mentore opérationnelle)")
    MASCULINE = "masculine", _("masculin (mentor opérationnel)")
    NEUTRAL = "neutral", _("neutre (mentor·e opérationnel·le)")


# Role kinds whose title agrees with the person; the others ("EIG", "coach", "jury") do not.
ROLE_TITLES = {
    "operational_mentor": {
        Form.FEMININE: _("mentore opérationnelle"),
        Form.MASCULINE: _("mentor opérationnel"),
        Form.NEUTRAL: _("mentor·e opérationnel·le"),
    },
    "senior_mentor": {
        Form.FEMININE: _("mentore de haut niveau"),
        Form.MASCULINE: _("mentor de haut niveau"),
        Form.NEUTRAL: _("mentor·e de haut niveau"),
    },
}

# Titles whose gender is unmistakable once accents are folded ("chargée" -> "chargee").
_FEMININE = re.compile(
    r"\b(cheffe|developpeuse|designeuse|ingenieure|entrepreneure|directrice|chargee|"
    r"conseillere|coordinatrice|animatrice|adjointe|deleguee|referente|experte|consultante|"
    r"inspectrice|administratrice|fondatrice|presidente|mentore|agente|redactrice)\b"
)
_MASCULINE = re.compile(
    r"\b(chef|developpeur|ingenieur|entrepreneur|directeur|charge|conseiller|coordinateur|"
    r"animateur|adjoint|delegue|referent|expert|consultant|inspecteur|administrateur|"
    r"fondateur|president|redacteur)\b"
)


def role_title(kind: str, form: str) -> str | None:
    """The title of a role kind in this form, or None when the kind's title never agrees."""
    if kind == "fellow":
        # The programme's own word for its fellows ("EIG", "talent"), set at its setup.
        from cohorte.programmes import identity

        return identity.current().fellow_singular or None
    titles = ROLE_TITLES.get(kind)
    if titles is None:
        return None
    from cohorte.programmes import identity

    form = form if form in titles else Form.NEUTRAL
    return identity.current().role_title(kind, form) or str(titles[form])


def guess_form(*titles: str) -> str:
    """The form a person's own titles show ("Cheffe de bureau": feminine), "" when they show
    none or contradict each other."""
    folded = " ".join(normalise_name(title) for title in titles if title)
    feminine, masculine = bool(_FEMININE.search(folded)), bool(_MASCULINE.search(folded))
    if feminine == masculine:
        return ""
    return Form.FEMININE if feminine else Form.MASCULINE
