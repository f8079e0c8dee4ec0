"""The resources of the open data package and of the API: their fields and their rows.

Each resource declares its fields once; the package's Table Schemas, the API's OpenAPI
schemas, the CSV and JSON files and the API's responses are all derived from them.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from cohorte import programme_words as words
from cohorte.alumni.models import Situation
from cohorte.challenges.models import Challenge
from cohorte.content.models import Language, Post
from cohorte.organisations.models import Organisation
from cohorte.outcomes.models import Sustainment
from cohorte.people.models import Role
from cohorte.programmes.models import Cohort
from cohorte.site_address import absolute_url

from . import queries


@dataclass(frozen=True)
class Field:
    """A column of a resource (an array of slugs in JSON, comma-separated in CSV)."""

    name: str
    type: str  # Table Schema type: string, integer, number, boolean, date, datetime
    description: str
    required: bool = False
    enum: tuple[str, ...] = ()
    array: bool = False
    format: str = ""  # "uri" for addresses


@dataclass(frozen=True)
class Resource:
    """A table of the package (and, when ``api`` is set, an endpoint of the API)."""

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    rows: Callable[[], Iterable[dict]]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (field, resource, field)


def _values(choices) -> tuple[str, ...]:
    return tuple(str(value) for value in choices.values)


def iso_datetime(value: datetime.datetime | None) -> str | None:
    """UTC, to the second, as Table Schema's default datetime format wants."""
    if value is None:
        return None
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _slug(obj) -> str | None:
    return obj.slug if obj is not None else None


# Défis

CHALLENGE_FIELDS = (
    Field("slug", "string", "Identifiant stable du défi.", required=True),
    Field("titre", "string", "Titre du défi.", required=True),
    Field("accroche", "string", "Accroche du défi."),
    Field("promotion", "string", "Identifiant de la promotion du défi.", required=True),
    Field(
        "statut",
        "string",
        "Statut du défi : published (publié), running (en cours), finished (terminé).",
        required=True,
        enum=("published", "running", "finished"),
    ),
    Field("administration_accueil", "string", "Identifiant de l’administration d’accueil."),
    Field("porteur_administratif", "string", "Identifiant de l’administration qui finance."),
    Field(
        "administrations_partenaires",
        "string",
        "Identifiants des administrations partenaires (séparés par des virgules en CSV).",
        array=True,
    ),
    Field(
        "themes", "string", "Identifiants des thèmes (séparés par des virgules en CSV).", array=True
    ),
    Field("ville", "string", "Ville où le défi est mené."),
    Field(
        "places",
        "integer",
        words.worded("Nombre {of_fellows} prévus.", of_fellows=words.of_fellows()),
        required=True,
    ),
    Field("duree_mois", "integer", "Durée du défi en mois."),
    Field(
        "liens_code",
        "string",
        "Adresses du code source (séparées par des virgules en CSV).",
        array=True,
    ),
    Field(
        "liens_donnees",
        "string",
        "Adresses des données publiées (séparées par des virgules en CSV).",
        array=True,
    ),
    Field("startup_etat", "string", "Adresse de la Startup d’État issue du défi.", format="uri"),
    Field(
        "etat_apres_programme",
        "string",
        "État du produit après le programme : sustained (pérennisé), internalised "
        "(internalisé), paused (en pause), stopped (arrêté) ; vide si rien n’est connu.",
        enum=_values(Sustainment.State),
    ),
    Field(
        "etat_porte_par",
        "string",
        "Qui porte le produit : internal_team (une équipe interne), new_contract (un nouveau "
        "contrat), other_administration (une autre administration), startup (une Startup "
        "d’État).",
        enum=_values(Sustainment.By),
    ),
    Field("etat_depuis", "date", "Date depuis laquelle cet état vaut."),
    Field("adresse_produit", "string", "Adresse du produit.", format="uri"),
    Field("mise_a_jour", "datetime", "Dernière modification du défi (UTC).", required=True),
    Field("url", "string", "Page du défi sur le site.", required=True, format="uri"),
)


def challenge_row(challenge: Challenge) -> dict:
    links = list(challenge.links.all())
    return {
        "slug": challenge.slug,
        "titre": challenge.title,
        "accroche": challenge.tagline,
        "promotion": challenge.cohort.slug,
        "statut": challenge.status,
        "administration_accueil": _slug(challenge.host_organisation),
        "porteur_administratif": _slug(challenge.funding_organisation),
        "administrations_partenaires": sorted(
            o.slug for o in challenge.partner_organisations.all()
        ),
        "themes": sorted(t.slug for t in challenge.themes.all()),
        "ville": challenge.town,
        "places": challenge.seats,
        "duree_mois": challenge.duration_months,
        "liens_code": [link.url for link in links if link.kind == "code"],
        "liens_donnees": [link.url for link in links if link.kind == "data"],
        "startup_etat": challenge.startup_url or None,
        "etat_apres_programme": challenge.after_state or None,
        "etat_porte_par": challenge.after_by or None,
        "etat_depuis": iso_date(challenge.after_since),
        "adresse_produit": challenge.after_product_url or None,
        "mise_a_jour": iso_datetime(challenge.updated_at),
        "url": absolute_url(challenge.get_absolute_url()),
    }


CHALLENGE_FIGURE_FIELDS = (
    Field("defi", "string", "Identifiant du défi.", required=True),
    Field("ordre", "integer", "Rang du chiffre parmi ceux du défi.", required=True),
    Field("valeur", "number", "Valeur.", required=True),
    Field("libelle", "string", "Ce que la valeur compte.", required=True),
)


def challenge_figure_rows(challenge: Challenge) -> list[dict]:
    return [
        {"defi": challenge.slug, "ordre": rank, "valeur": number(f.amount), "libelle": f.label}
        for rank, f in enumerate(challenge.key_figures.all(), start=1)
    ]


ACHIEVEMENT_FIELDS = (
    Field("defi", "string", "Identifiant du défi.", required=True),
    Field("ordre", "integer", "Rang de la réalisation parmi celles du défi.", required=True),
    Field("titre", "string", "Titre de la réalisation.", required=True),
    Field("url", "string", "Adresse de la réalisation.", format="uri"),
    Field("description", "string", "Description."),
)


def achievement_rows(challenge: Challenge) -> list[dict]:
    return [
        {
            "defi": challenge.slug,
            "ordre": rank,
            "titre": a.title,
            "url": a.url or None,
            "description": a.description,
        }
        for rank, a in enumerate(challenge.achievements.all(), start=1)
    ]


# Promotions

COHORT_FIELDS = (
    Field("slug", "string", "Identifiant stable de la promotion.", required=True),
    Field("nom", "string", "Nom de la promotion.", required=True),
    Field(
        "programme",
        "string",
        words.worded("Programme ({programme}…).", programme=words.SHORT_NAME),
        required=True,
    ),
    Field("numero", "integer", "Numéro de la promotion."),
    Field("annee", "integer", "Année de la promotion."),
    Field("debut", "date", "Début."),
    Field("fin", "date", "Fin."),
    Field(
        "statut", "string", "Statut de la promotion.", required=True, enum=_values(Cohort.Status)
    ),
    Field("nombre_defis", "integer", "Nombre de défis publics.", required=True),
    Field(
        "nombre_eig",
        "integer",
        words.worded("Nombre {of_fellows}.", of_fellows=words.of_fellows()),
        required=True,
    ),
    Field("url", "string", "Page de la promotion sur le site.", required=True, format="uri"),
)


def cohort_row(cohort: Cohort) -> dict:
    return {
        "slug": cohort.slug,
        "nom": cohort.name,
        "programme": str(cohort.programme),
        "numero": cohort.number,
        "annee": cohort.year,
        "debut": iso_date(cohort.start_date),
        "fin": iso_date(cohort.end_date),
        "statut": cohort.status,
        "nombre_defis": cohort.challenge_count,
        "nombre_eig": cohort.fellow_count,
        "url": absolute_url(cohort.get_absolute_url()),
    }


# Administrations

ORGANISATION_FIELDS = (
    Field("slug", "string", "Identifiant stable de l’administration.", required=True),
    Field("nom", "string", "Nom.", required=True),
    Field("sigle", "string", "Sigle."),
    Field(
        "type", "string", "Type d’administration.", required=True, enum=_values(Organisation.Kind)
    ),  # fmt: skip
    Field("tutelle", "string", "Nom du ministère de tutelle."),
    Field("site_web", "string", "Site web.", format="uri"),
    Field("ville", "string", "Ville."),
    Field("defis", "string", "Page de ses défis sur le site.", required=True, format="uri"),
)


def organisation_row(organisation: Organisation) -> dict:
    return {
        "slug": organisation.slug,
        "nom": organisation.name,
        "sigle": organisation.acronym,
        "type": organisation.kind,
        "tutelle": organisation.parent.name if organisation.parent else None,
        "site_web": organisation.website or None,
        "ville": organisation.town,
        "defis": absolute_url(organisation.get_absolute_url()),
    }


# People and their roles

PERSON_FIELDS = (
    Field("slug", "string", "Identifiant stable de la personne.", required=True),
    Field("nom", "string", "Nom complet.", required=True),
    Field("fonction", "string", "Fonction affichée sur le site."),
    Field(
        "situation_actuelle",
        "string",
        "Situation actuelle après le programme, seulement si la personne a accepté de la publier.",
        enum=_values(Situation),
    ),
    Field(
        "structure_actuelle",
        "string",
        "Structure actuelle, seulement si la personne a accepté de la publier.",
    ),
    Field("url", "string", "Page de la personne sur le site.", required=True, format="uri"),
)


def person_row(person) -> dict:
    return {
        "slug": person.slug,
        "nom": person.full_name,
        "fonction": person.job_title,
        "situation_actuelle": person.career_situation or None,
        "structure_actuelle": (person.career_organisation or None)
        if person.career_situation
        else None,
        "url": absolute_url(person.get_absolute_url()),
    }


ROLE_FIELDS = (
    Field("personne", "string", "Identifiant de la personne.", required=True),
    Field("role", "string", "Rôle.", required=True, enum=_values(Role.Kind)),
    Field("libelle", "string", "Rôle en toutes lettres.", required=True),
    Field("promotion", "string", "Identifiant de la promotion."),
    Field("defi", "string", "Identifiant du défi."),
)


def role_row(role: Role) -> dict:
    challenge = role.challenge
    return {
        "personne": role.person.slug,
        "role": role.kind,
        "libelle": role.label,
        "promotion": _slug(role.cohort),
        "defi": challenge.slug
        if challenge is not None and challenge.status != Challenge.Status.DRAFT
        else None,
    }


# Posts

POST_FIELDS = (
    Field("slug", "string", "Identifiant stable de la publication.", required=True),
    Field("titre", "string", "Titre.", required=True),
    Field("type", "string", "Type de publication.", required=True, enum=_values(Post.Kind)),
    Field("date_publication", "datetime", "Date de publication (UTC).", required=True),
    Field("langue", "string", "Langue.", required=True, enum=_values(Language)),
    Field(
        "categories",
        "string",
        "Identifiants des catégories (séparés par des virgules en CSV).",
        array=True,
    ),
    Field("mise_a_jour", "datetime", "Dernière modification (UTC).", required=True),
    Field("url", "string", "Page de la publication sur le site.", required=True, format="uri"),
)


def post_row(post: Post) -> dict:
    return {
        "slug": post.slug,
        "titre": post.title,
        "type": post.kind,
        "date_publication": iso_datetime(post.published_at),
        "langue": post.language,
        "categories": sorted(c.slug for c in post.categories.all()),
        "mise_a_jour": iso_datetime(post.updated_at),
        "url": absolute_url(post.get_absolute_url()),
    }


# Key figures

KEY_FIGURE_LABELS = {
    "fellows": words.worded("{fellows} recruté·es", fellows=words.FELLOWS),
    "challenges": "défis publiés",
    "organisations": "administrations d’accueil",
    "cohorts": "promotions",
}

KEY_FIGURE_FIELDS = (
    Field(
        "cle",
        "string",
        "Identifiant stable du chiffre.",
        required=True,
        enum=tuple(KEY_FIGURE_LABELS),
    ),  # fmt: skip
    Field("libelle", "string", "Ce que le chiffre compte.", required=True),
    Field("valeur", "integer", "Valeur, calculée comme sur la page d’accueil.", required=True),
)


def key_figure_rows() -> list[dict]:
    figures = queries.key_figures()
    return [
        {"cle": key, "libelle": str(label), "valeur": figures[key]}
        for key, label in KEY_FIGURE_LABELS.items()
    ]


# Impact figures: those of /impact/, from the same (cached) queries, over the whole
# programme ("programme") and per cohort (its slug).

WHOLE_PROGRAMME = "programme"

IMPACT_FIELDS = (
    Field(
        "perimetre",
        "string",
        "« programme » pour l’ensemble des promotions, sinon l’identifiant de la promotion.",
        required=True,
    ),
    Field("cle", "string", "Identifiant stable de l’indicateur.", required=True),
    Field("libelle", "string", "Indicateur.", required=True),
    Field("definition", "string", "Définition et mode de calcul.", required=True),
    Field("valeur", "number", "Valeur (vide : non mesurable, faute de données)."),
    Field("numerateur", "number", "Le compte sur lequel repose la valeur.", required=True),
    Field("denominateur", "integer", "Le total auquel le compte est rapporté, s’il y en a un."),
    Field("unite", "string", "Unité : vide (nombre), « % » ou « € ».", enum=("", "%", "€")),
)


def impact_rows(cohort_slug: str | None = None) -> list[dict]:
    """The impact figures over the programme, or one cohort's (by slug; [] if unknown)."""
    from cohorte.impact import caching

    if cohort_slug is None:
        return [_impact_row(WHOLE_PROGRAMME, figure) for figure in caching.figures()]
    cohort = Cohort.objects.filter(slug=cohort_slug).first()
    if cohort is None:
        return []
    return [_impact_row(cohort.slug, figure) for figure in caching.figures(cohort)]


def all_impact_rows() -> list[dict]:
    """The programme's figures, then each cohort's, newest first."""
    from cohorte.impact import caching

    rows = impact_rows()
    for cohort, figures in caching.per_cohort():
        rows += [_impact_row(cohort.slug, figure) for figure in figures]
    return rows


def _impact_row(scope: str, figure) -> dict:
    data = figure.as_dict()

    def plain(value):
        return number(Decimal(value)) if isinstance(value, str) else value

    return {
        "perimetre": scope,
        "cle": data["key"],
        "libelle": data["label"],
        "definition": data["definition"],
        "valeur": plain(data["value"]),
        "numerateur": plain(data["numerator"]),
        "denominateur": data["denominator"],
        "unite": data["unit"],
    }


def _challenge_rows():
    return [challenge_row(c) for c in queries.challenges()]


def _each_challenge(build):
    def rows():
        return [row for c in queries.challenges() for row in build(c)]

    return rows


RESOURCES = (
    Resource(
        "defis",
        "Défis",
        "Les défis publiés du programme, avec leur promotion, leurs administrations, leurs "
        "thèmes, leurs liens et leur état après le programme.",
        CHALLENGE_FIELDS,
        _challenge_rows,
        primary_key=("slug",),
        foreign_keys=(
            ("promotion", "promotions", "slug"),
            ("administration_accueil", "administrations", "slug"),
            ("porteur_administratif", "administrations", "slug"),
        ),
    ),
    Resource(
        "chiffres-defis",
        "Chiffres clés des défis",
        "Les chiffres clés que chaque défi publie sur sa page.",
        CHALLENGE_FIGURE_FIELDS,
        _each_challenge(challenge_figure_rows),
        primary_key=("defi", "ordre"),
        foreign_keys=(("defi", "defis", "slug"),),
    ),
    Resource(
        "realisations",
        "Réalisations des défis",
        "Les produits, services et contenus issus des défis.",
        ACHIEVEMENT_FIELDS,
        _each_challenge(achievement_rows),
        primary_key=("defi", "ordre"),
        foreign_keys=(("defi", "defis", "slug"),),
    ),
    Resource(
        "promotions",
        "Promotions",
        words.worded(
            "Les promotions du programme avec leurs nombres de défis et {of_fellows}.",
            of_fellows=words.of_fellows(),
        ),
        COHORT_FIELDS,
        lambda: [cohort_row(c) for c in queries.cohorts()],
        primary_key=("slug",),
    ),
    Resource(
        "administrations",
        "Administrations",
        "Les administrations qui accueillent, financent ou accompagnent un défi publié.",
        ORGANISATION_FIELDS,
        lambda: [organisation_row(o) for o in queries.organisations()],
        primary_key=("slug",),
    ),
    Resource(
        "personnes",
        "Personnes",
        "Les personnes qui ont accepté d’apparaître sur le site ; leur situation actuelle "
        "seulement si elles ont accepté de publier leur parcours.",
        PERSON_FIELDS,
        lambda: [person_row(p) for p in queries.people()],
        primary_key=("slug",),
    ),
    Resource(
        "roles",
        "Rôles des personnes",
        "Les rôles des personnes publiques, par promotion et par défi.",
        ROLE_FIELDS,
        lambda: [role_row(r) for r in queries.public_roles()],
        foreign_keys=(
            ("personne", "personnes", "slug"),
            ("promotion", "promotions", "slug"),
            ("defi", "defis", "slug"),
        ),
    ),
    Resource(
        "publications",
        "Publications",
        "Les métadonnées des articles, actualités, offres et communiqués publiés (sans leur "
        "texte).",
        POST_FIELDS,
        lambda: [post_row(p) for p in queries.posts()],
        primary_key=("slug",),
    ),
    Resource(
        "chiffres-cles",
        "Chiffres clés du programme",
        "Les chiffres clés de la page d’accueil.",
        KEY_FIGURE_FIELDS,
        key_figure_rows,
        primary_key=("cle",),
    ),
    Resource(
        "impact",
        "Indicateurs d’impact",
        "Les indicateurs de la page /impact/, chacun avec sa définition et le compte sur lequel "
        "il repose, pour l’ensemble du programme puis pour chaque promotion.",
        IMPACT_FIELDS,
        all_impact_rows,
        primary_key=("perimetre", "cle"),
    ),
)

BY_NAME = {resource.name: resource for resource in RESOURCES}
