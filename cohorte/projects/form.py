"""The proposal form: its sections, rows and commitments, and the shape of ``Proposal.data``.

``Proposal.data`` holds (every key optional in a draft)::

    {
      "operational_carrier": str, "administrative_carrier": str, "partners": str,
      "host_address": str, "fellows_count": int (1-3),
      "employer_costs": {band_key: int euros, total employer cost of one fellow for the
                         whole contract, one per SalaryBand of the cohort},
      "cofunding_requested": bool, "budget_programme": str (3 digits, e.g. "352"),
      "contacts": {contact_key: {"name", "role", "email", "phone"}},
      "sections": {section_key: str},
      "fellows": [{"mission": str, "profile": str (Expertise slug)}, ...] (fellows_count rows),
      "datasets": [{"name": str, "accessible": "yes" | "partly" | "no", "steps": str}, ...],
      "team": [{"name", "role", "status", "percent": int 0-100, "contribution"}, ...],
      "commitments": [commitment_key, ...],
    }

The défi's name is ``Proposal.title``. Public parts (the name, the public sections, the
fellows' missions, the datasets' names and accessibility) make the draft of the défi's
public page when it is selected; the rest never leaves the back office.

Limits of the sections come from the call's ``ProjectCallSettings.section_limits`` when
set, from ``SECTIONS`` otherwise.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cohorte import programme_words as words


@dataclass(frozen=True)
class Section:
    """A free-text section of the detailed sheet, with its default length limit."""

    key: str
    label: str
    help: str
    max_length: int
    required: bool = True
    # Public sections feed the défi's public page once it is selected (``public_page``);
    # the others stay internal: read by the team and the juries, never published.
    public: bool = False


# Limits follow the cahier des charges (≈ 100 characters per line it allows).
SECTIONS = (
    Section("summary", _("Résumé du projet"), _("Le projet en deux lignes."), 300, public=True),
    Section(
        "problem",
        _("Contexte et problématique à résoudre"),
        _("Vos interlocuteurs ne connaissent pas votre contexte métier : partez d'un cas concret."),
        1500,
        public=True,
    ),
    Section(
        "solution",
        _("Solution envisagée"),
        _("Par un ou plusieurs cas d'usage : ce qui changerait pour les usagers."),
        2000,
        public=True,
    ),
    Section(
        "impact",
        _("Bénéfices et impacts attendus"),
        _("Pour la politique publique et la transformation numérique."),
        1500,
    ),
    Section(
        "alternatives",
        _("Solutions existantes envisagées et écartées"),
        _("Tour d'horizon des solutions similaires dans d'autres services."),
        800,
    ),
    Section(
        "progress",
        _("État d'avancement"),
        _("Pas démarré, phase pilote, technologies et méthodes déjà utilisées."),
        500,
    ),
    Section(
        "obstacles",
        _("Obstacles potentiels et mesures pour les dépasser"),
        _("Techniques et organisationnels."),
        1500,
    ),
    Section(
        "legal_ethics",
        _("Enjeux juridiques et éthiques"),
        _("Et les mesures prévues pour les maîtriser."),
        1500,
    ),
    Section(
        "stakeholders",
        _("Acteurs et accès au terrain"),
        words.worded(
            _("Qui les {fellows} rencontreront, les occasions d'aller sur le terrain."),
            fellows=words.FELLOWS,
        ),
        1500,
    ),
    Section(
        "sustainment",
        _("Ouverture et pérennisation"),
        _("Code, données, design ouverts ; pérenniser et essaimer les résultats."),
        800,
    ),
    Section(
        "why_eig",
        words.worded(_("Pourquoi le programme {programme} ?"), programme=words.SHORT_NAME),
        _("Ce que le dispositif apportera à votre service."),
        1500,
    ),
    Section(
        "resources",
        _("Ressources techniques et opérationnelles mises à disposition"),
        _("Postes, environnements, accès, budget."),
        1500,
    ),
)
SECTION_KEYS = tuple(s.key for s in SECTIONS)
PUBLIC_SECTION_KEYS = tuple(s.key for s in SECTIONS if s.public)

# Contacts of the administrative part: (key, label, required).
CONTACTS = (
    ("operational_1", _("Porteur opérationnel (mentor opérationnel)"), True),
    ("operational_2", _("Second mentor opérationnel"), False),
    ("senior_mentor", _("Mentor de haut niveau"), True),
    ("hr", _("Contact ressources humaines"), True),
    ("finance", _("Contact gestion et finances"), True),
)
CONTACT_KEYS = tuple(key for key, _label, _required in CONTACTS)
CONTACT_FIELDS = ("name", "role", "email", "phone")

COMMITMENTS = (
    (
        "offsite",
        words.worded(_("Les {fellows} pourront travailler hors les murs."), fellows=words.FELLOWS),
    ),
    (
        "data_access",
        _(
            "L'équipe projet mettra à leur disposition les données nécessaires et s'assurera "
            "qu'ils ont l'autorisation de les exploiter."
        ),
    ),
    (
        "open",
        _(
            "Les données utilisées seront ouvertes (open data) et le code source publié sous "
            "licence libre, sauf exception prévue par la loi."
        ),
    ),
)
COMMITMENT_KEYS = tuple(key for key, _label in COMMITMENTS)

DATASET_ACCESS = (
    ("yes", _("accessible et exploitable")),
    ("partly", _("en partie")),
    ("no", _("pas encore")),
)
TEAM_FIELDS = ("name", "role", "status", "percent", "contribution")

MIN_FELLOWS, MAX_FELLOWS = 1, 3
MAX_TITLE_LENGTH = 200
MAX_SHORT_TEXT = 300
MAX_MISSION_LENGTH = 1000
MAX_TEAM_ROWS = 20
MAX_DATASET_ROWS = 20


def section_limits(call) -> dict[str, int]:
    """Each section's length limit for this call (its settings override the defaults)."""
    limits = {s.key: s.max_length for s in SECTIONS}
    settings = getattr(call, "project_settings", None) if call is not None else None
    if settings is not None:
        for key, value in (settings.section_limits or {}).items():
            if key in limits and isinstance(value, int) and value > 0:
                limits[key] = value
    return limits
