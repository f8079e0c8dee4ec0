"""The side menu of the work areas, built from the user's roles."""

import re
from types import FunctionType

from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cohorte.alumni import rules as alumni_rules
from cohorte.programmes import identity

from .roles import (
    is_director,
    is_preinstructor,
    is_team,
    mentored_challenge_ids,
    organisation_ids,
    panel_ids,
    preload,
    supports_cohort,
)


def in_running_cohort(user) -> bool:
    """Fellows and mentors of a running cohort have a programme."""
    from cohorte.people.teams import cohort_ids
    from cohorte.programmes.models import Cohort

    ids = cohort_ids(user)
    return bool(ids) and Cohort.objects.filter(pk__in=ids, status=Cohort.Status.RUNNING).exists()


def in_a_challenge(user) -> bool:
    """Fellows and mentors of a défi write its deliverables and answer its follow-ups."""
    from cohorte.people.teams import cohort_ids, member_challenge_ids

    # The user's cohorts are read for the menu anyway: without one, no query more.
    return bool(cohort_ids(user)) and bool(member_challenge_ids(user))


def _fellows_recruitment(words) -> str:
    return gettext("Recrutement des %(fellows)s") % {"fellows": words.fellow_plural}


def _your_fellows_recruitment(words) -> str:
    return gettext("Recrutement de vos %(fellows)s") % {"fellows": words.fellow_plural}


def _network(words) -> str:
    return capfirst(words.network)


# (url name, label, who sees it). Each area adds its entries here. A label naming the
# programme's words is a function of its identity, read at request time.
ENTRIES = [
    # Everyone signed in has a space of their own: the menu is never empty.
    ("accounts:home", _("Mon espace"), lambda u: True),
    ("team:home", _("Appels et candidatures"), is_team),
    ("reviews:home", _("Évaluations"), lambda u: is_team(u) or bool(mentored_challenge_ids(u))),
    (
        "selection:home",
        _("Jurys et auditions"),
        lambda u: is_team(u) or bool(panel_ids(u, "applications")),
    ),
    ("selection:scheduling", _("Planification des auditions"), is_team),
    ("selection:decisions", _("Décisions"), is_team),
    ("selection:matching", _("Appariement"), is_team),
    ("selection:validation", _("Validation des décisions"), is_director),
    ("projects:dashboard", _("Mes propositions de défis"), lambda u: bool(organisation_ids(u))),
    (
        "instruction:home",
        _("Pré-instruction des projets"),
        lambda u: is_team(u) or is_preinstructor(u),
    ),
    ("defi_jury:home", _("Jury des défis"), lambda u: is_team(u) or bool(panel_ids(u, "projects"))),
    ("project_decisions:home", _("Sélection des défis"), is_team),
    ("recruitment:cohorts", _fellows_recruitment, is_team),
    ("recruitment:fellows", _your_fellows_recruitment, lambda u: bool(organisation_ids(u))),
    ("events:cohorts", _("Programme d'accompagnement"), supports_cohort),
    ("events:mine", _("Mon programme"), in_running_cohort),
    ("followup:home", _("Suivi des défis"), supports_cohort),
    ("bulletins:archive", _("Bulletins"), supports_cohort),
    ("alumni:mine", _("Mon parcours d'alumni"), alumni_rules.is_fellow),
    ("alumni:team_list", _("Parcours des alumni"), is_team),
    ("alumni:directory", _("Annuaire des alumni"), alumni_rules.programme_member),
    ("outcomes:cohorts", _("Fin de programme et pérennisation"), is_team),
    ("outcomes:mine", _("Mes défis : fin de programme"), in_a_challenge),
    ("surveys:home", _("Questionnaires de sortie"), is_team),
    ("impact:team", _("Impact du programme"), is_team),
    ("newsletter:home", _("Lettre d'information"), is_team),
    ("editorial:list", _("Publications"), is_team),
    ("sitepages:page_list", _("Pages du site"), is_team),
    ("sitepages:faq_list", _("Questions fréquentes"), is_team),
    ("contributions:mine", _("Mes publications"), in_a_challenge),
    ("contributions:team_list", _("Publications proposées"), is_team),
    ("link:members", _network, is_team),
    ("memberships:requests", _("Comptes des administrations"), is_team),
    ("notifications:templates", _("Modèles d'e-mails"), is_team),
    ("team:config_calls", _("Configurer les appels"), is_team),
    ("programme_settings:edit", _("Paramètres du programme"), is_team),
]

# Pages of an entry whose address does not start with the entry's own.
ALSO_UNDER = {
    "events:cohorts": re.compile(r"^/gestion/promotions/\d+/programme/"),
    "followup:home": re.compile(r"^/gestion/promotions/\d+/suivi/"),
    "outcomes:cohorts": re.compile(r"^/gestion/promotions/\d+/fin-de-programme/"),
    "surveys:home": re.compile(r"^/gestion/promotions/\d+/questionnaires/"),
}


def work_menu(request) -> list[dict]:
    """Menu entries this user may open, the current one marked."""
    items, words = [], identity.current()
    preload(request.user)  # the entries ask about every role: one query, not one each
    for name, label, allowed in ENTRIES:
        if not allowed(request.user):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # an area not installed
        if isinstance(label, FunctionType):
            label = label(words)
        items.append({"name": name, "url": url, "label": label, "current": False})
    # A cohort's programme and dashboard live under the cohort's address
    # (/gestion/promotions/<id>/…), which starts like the recruitment's: they mark their own entry.
    for name, pattern in ALSO_UNDER.items():
        if pattern.match(request.path):
            for item in items:
                if item["name"] == name:
                    item["current"] = True
                    return items
    # The current entry is the most specific one: /gestion/modeles/ is not /gestion/.
    matching = [item for item in items if request.path.startswith(item["url"])]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["current"] = True
    return items
