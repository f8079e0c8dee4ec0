"""What a new call of the programme starts from: its eligibility statements and the criteria
of its grid. Each programme keeps its own (``Programme.default_*``); EIG's are below, its
instance's since the fields exist and the values of its template."""

from django.db import transaction

from cohorte.audit.domain import record

# The statements EIG's candidates tick (rules of the call for applications).
EIG_STATEMENTS = [
    "Je ne suis pas fonctionnaire ou agent public en poste.",
    "Je ne suis pas membre du jury de sélection.",
    "Je ne suis pas étudiant·e en premier ou deuxième cycle universitaire.",
]
# (label, description) of EIG's grid for applications.
EIG_CRITERIA = [
    ["Compétences techniques et expérience", "Adéquation du parcours au profil recherché."],
    ["Motivation pour l'intérêt général", "Compréhension des enjeux du service public."],
    ["Capacité à travailler en équipe et avec l'administration", "Savoir-être, écoute."],
    ["Autonomie et esprit entrepreneurial", "Capacité à faire avancer un projet incertain."],
    ["Adéquation avec le ou les défis choisis", "Compréhension du défi et de ses usagers."],
]
# EIG's grid of the call for projects (cahier des charges EIG 5, §5.5), each scored 1 to 4.
EIG_PROJECT_CRITERIA = [
    [
        "Pertinence du besoin",
        "Besoin clair, potentiel déterminant pour une politique ou un service public, porté à "
        "un haut niveau hiérarchique.",
    ],
    [
        "Qualité de la définition du projet et des profils",
        "Problématique circonscrite, latitude sur la solution, risques anticipés, profils "
        "cohérents.",
    ],
    [
        "Engagement de l'administration d'accueil",
        "Accès au terrain et aux usagers, autonomie, moyens techniques, porteurs disponibles.",
    ],
    [
        "Transformation numérique",
        "Capacité de transformation, changements réels pour le service public, enjeux éthiques "
        "pris en compte.",
    ],
    [
        "Ouverture et mutualisation",
        "Ouverture du code, des données et du design ; mutualisation et réplication.",
    ],
]
EIG_CALL_DEFAULTS = {
    "default_statements": EIG_STATEMENTS,
    "default_criteria": EIG_CRITERIA,
    "default_project_criteria": EIG_PROJECT_CRITERIA,
}
FIELDS = tuple(EIG_CALL_DEFAULTS)


def statements_of(programme) -> list[str]:
    """The statements a new call for applications of ``programme`` starts with."""
    return list(programme.default_statements) if programme else []


def criteria_of(programme, *, projects: bool) -> list[tuple[str, str]]:
    """(label, description) of the criteria a new grid of ``programme`` starts with."""
    if programme is None:
        return []
    rows = programme.default_project_criteria if projects else programme.default_criteria
    return [(label, description) for label, description in rows]


def save_defaults(programme, values: dict, actor) -> list[str]:
    """Save the call defaults that changed, journaled with the fields' names; those names."""
    changed = [name for name in FIELDS if getattr(programme, name) != values[name]]
    if changed:
        with transaction.atomic():
            for name in changed:
                setattr(programme, name, values[name])
            programme.save(update_fields=changed)
            record("programme.call_defaults_updated", programme, actor=actor, fields=changed)
    return changed
