"""The columns the team can export about a call's applications, and their values.

``available_columns(call)`` lists every column (grouped for the export form), built
from the call's own settings: as many choice columns as the call allows, one column
per question. ``application_rows(call, applications, keys)`` reads the values chunk by
chunk, a fixed number of queries a chunk, so that an export of the whole call holds at
most one chunk of applications in memory.
"""

from collections import defaultdict
from dataclasses import dataclass
from itertools import islice

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from cohorte.reviews.aggregate import aggregate
from cohorte.reviews.models import Review

from .models import Application, ApplicationChoice, ApplicationFile, Call, Question


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    group: str


DEFAULT_KEYS = (
    "id",
    "last_name",
    "first_name",
    "email",
    "status",
    "eligibility",
    "completeness",
    "submitted_at",
)


def _choice_columns(call) -> list[Column]:
    group = _("Choix")
    wants_challenges = call.choice_kind in (Call.ChoiceKind.CHALLENGES, Call.ChoiceKind.BOTH)
    wants_profiles = call.choice_kind in (Call.ChoiceKind.PROFILES, Call.ChoiceKind.BOTH)
    columns = []
    for rank in range(1, call.max_choices + 1):
        if wants_challenges:
            columns.append(
                Column(f"choice_{rank}_challenge", _("Choix %(n)d — défi") % {"n": rank}, group)
            )
        if wants_profiles:
            columns.append(
                Column(f"choice_{rank}_profile", _("Choix %(n)d — profil") % {"n": rank}, group)
            )
    return columns


def available_columns(call) -> list[Column]:
    """Every exportable column for this call, in display order."""
    identity, contact, file_ = _("Identité"), _("Contact"), _("Dossier")
    reviews = _("Évaluations (présélection)")
    columns = [
        Column("id", _("Numéro"), identity),
        Column("last_name", _("Nom"), identity),
        Column("first_name", _("Prénom"), identity),
        Column("email", _("Adresse e-mail"), contact),
        Column("phone", _("Téléphone"), contact),
        Column("status", _("Statut"), file_),
        Column("eligibility", _("Éligibilité"), file_),
        Column("completeness", _("Complétude"), file_),
        Column("round", _("Session"), file_),
        Column("first_submitted_at", _("Premier dépôt (heure de Paris)"), file_),
        Column("submitted_at", _("Dernier dépôt (heure de Paris)"), file_),
        Column("version", _("Nombre de dépôts"), file_),
        Column("statements", _("Déclarations acceptées"), file_),
        Column("publication_consent", _("Accepte la publication"), file_),
        Column("cv", _("CV (nom du fichier)"), file_),
        Column("portfolio", _("Portfolio (nom du fichier)"), file_),
        *_choice_columns(call),
    ]
    columns += [
        Column(f"question_{question.pk}", question.label, _("Réponses"))
        for question in call.questions.all()
    ]
    columns += [
        Column("gender", _("Genre (déclaratif)"), _("Statistiques")),
        Column("review_count", _("Nombre d'avis"), reviews),
        Column("score_mean", _("Note moyenne"), reviews),
        Column("score_median", _("Note médiane"), reviews),
        Column("score_spread", _("Écart des notes"), reviews),
    ]
    return columns


def _answer(question: Question, value, files: list):
    if question.kind == Question.Kind.FILE:
        return [f.original_name for f in files if f.question_id == question.pk]
    if question.kind == Question.Kind.YES_NO and value is not None and value != "":
        return value in (True, "yes", "oui", "true", "1")  # "Oui"/"Non" in every format
    return value


# Applications read (and prefetched) at a time by an export.
CHUNK_SIZE = 500


def application_rows(call, applications, keys: list[str]):
    """One dict per application holding the values of the chosen columns, read lazily."""
    applications = (
        applications.prefetch_related(None)
        .prefetch_related(
            Prefetch(
                "choices", queryset=ApplicationChoice.objects.select_related("challenge", "profile")
            ),
            Prefetch("files", queryset=ApplicationFile.objects.filter(is_current=True)),
        )
        .select_related("candidate", "round")
    )
    questions = {f"question_{q.pk}": q for q in call.questions.all()}
    statement_count = call.statements.count()
    with_scores = any(key.startswith(("score_", "review_count")) for key in keys)
    gender_labels = dict(Application.Gender.choices)
    rows = applications.iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(rows, CHUNK_SIZE)):
        totals = defaultdict(list)
        if with_scores:
            reviews = Review.objects.filter(
                application_id__in=[application.pk for application in chunk],
                stage=Review.Stage.PRESELECTION,
            ).values_list("application_id", "total")
            for application_id, total in reviews:
                totals[application_id].append(total)
        for application in chunk:
            yield _row(application, keys, questions, statement_count, totals, gender_labels)


def _row(application, keys, questions, statement_count, totals, gender_labels) -> dict:
    """The values of the chosen columns for one application."""
    files = list(application.files.all())
    choices = {choice.rank: choice for choice in application.choices.all()}
    summary = aggregate(totals.get(application.pk, []))
    values = {
        "id": application.pk,
        "last_name": application.last_name,
        "first_name": application.first_name,
        "email": application.candidate.email,
        "phone": application.phone,
        "status": application.get_status_display(),
        "eligibility": application.get_eligibility_display(),
        "completeness": application.get_completeness_display(),
        "round": application.round.name if application.round else "",
        "first_submitted_at": application.first_submitted_at,
        "submitted_at": application.submitted_at,
        "version": application.version,
        "statements": f"{len(application.statements or [])}/{statement_count}",
        "publication_consent": application.publication_consent,
        "cv": [f.original_name for f in files if f.kind == ApplicationFile.Kind.CV],
        "portfolio": [f.original_name for f in files if f.kind == ApplicationFile.Kind.PORTFOLIO],
        "gender": str(gender_labels.get(application.gender, _("non renseigné"))),
        "review_count": summary.count,
        "score_mean": summary.mean,
        "score_median": summary.median,
        "score_spread": summary.spread,
    }
    row = {}
    for key in keys:
        if key in values:
            row[key] = values[key]
        elif key in questions:
            question = questions[key]
            row[key] = _answer(question, (application.answers or {}).get(str(question.pk)), files)
        elif key.startswith("choice_"):
            _prefix, rank, kind = key.split("_")
            choice = choices.get(int(rank))
            target = getattr(choice, kind, None) if choice else None
            row[key] = str(target) if target else ""
    return row
