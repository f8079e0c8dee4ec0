"""The API's resources: what each lists, how it filters, what one item looks like."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from cohorte import programme_words as words
from cohorte.challenges.models import Challenge
from cohorte.content.models import Language, Post
from cohorte.opendata import queries
from cohorte.opendata import resources as r
from cohorte.people.models import Role
from cohorte.programmes.models import Cohort
from cohorte.public.queries import filter_people

from . import schema
from .params import UPDATED_SINCE, Param, choice_param, slug_param


@dataclass(frozen=True)
class Endpoint:
    name: str  # the URL segment
    title: str
    description: str
    noun: str  # for messages: "Aucun défi public n’a cet identifiant."
    missing: str
    fields: tuple
    items: Callable  # a queryset (or a list for chiffres-cles)
    row: Callable
    lookup: str = "slug"
    filters: tuple[tuple[Param, Callable], ...] = ()
    nested: dict = field(default_factory=dict)
    nested_sample: dict = field(default_factory=dict)
    paginated: bool = True

    @property
    def item_schema(self) -> dict:
        return schema.object_schema(self.fields, self.nested)

    @property
    def example(self) -> dict:
        return schema.sample(self.fields, self.nested_sample)


def _without(row: dict, key: str) -> dict:
    return {name: value for name, value in row.items() if name != key}


def challenge_item(challenge) -> dict:
    return {
        **r.challenge_row(challenge),
        "chiffres": [_without(row, "defi") for row in r.challenge_figure_rows(challenge)],
        "realisations": [_without(row, "defi") for row in r.achievement_rows(challenge)],
    }


def person_item(person) -> dict:
    return {
        **r.person_row(person),
        "roles": [_without(r.role_row(role), "personne") for role in person.roles.all()],
    }


def _nested(fields, without: str) -> dict:
    return schema.object_schema([f for f in fields if f.name != without])


def _in_administration(queryset, slug):
    partner = Challenge.partner_organisations.through.objects.filter(
        challenge=OuterRef("pk"), organisation__slug=slug
    )
    return queryset.filter(
        Q(host_organisation__slug=slug) | Q(funding_organisation__slug=slug) | Exists(partner)
    )


def _with_theme(queryset, slug):
    themed = Challenge.themes.through.objects.filter(challenge=OuterRef("pk"), theme__slug=slug)
    return queryset.filter(Exists(themed))


def _administration_in_cohort(queryset, slug):
    public = Challenge.objects.public().filter(cohort__slug=slug)
    return queryset.filter(
        Exists(public.filter(host_organisation=OuterRef("pk")))
        | Exists(public.filter(funding_organisation=OuterRef("pk")))
        | Exists(public.filter(partner_organisations=OuterRef("pk")))
    )


def _post_in_category(queryset, slug):
    listed = Post.categories.through.objects.filter(post=OuterRef("pk"), category__slug=slug)
    return queryset.filter(Exists(listed))


COHORT = slug_param("cohort", "Identifiant d’une promotion.", "promotion-2026")
PUBLIC_STATUSES = [s for s in Challenge.Status.values if s != Challenge.Status.DRAFT]

ENDPOINTS = (
    Endpoint(
        "defis",
        "Défis",
        "Les défis publiés, avec leurs chiffres clés, leurs réalisations et leur état après "
        "le programme.",
        "défi",
        "Aucun défi public n’a cet identifiant.",
        r.CHALLENGE_FIELDS,
        queries.challenges,
        challenge_item,
        filters=(
            (COHORT, lambda qs, v: qs.filter(cohort__slug=v)),
            (slug_param("theme", "Identifiant d’un thème.", "sante"), _with_theme),
            (
                slug_param(
                    "administration",
                    "Identifiant d’une administration qui accueille, finance ou accompagne "
                    "le défi.",
                    "ministere-de-la-culture",
                ),
                _in_administration,
            ),
            (
                choice_param("status", "Statut du défi.", PUBLIC_STATUSES),
                lambda qs, v: qs.filter(status=v),
            ),
            (UPDATED_SINCE, lambda qs, v: qs.filter(updated_at__gte=v)),
        ),
        nested={
            "chiffres": {
                "type": "array",
                "items": _nested(r.CHALLENGE_FIGURE_FIELDS, "defi"),
                "description": "Chiffres clés du défi.",
            },
            "realisations": {
                "type": "array",
                "items": _nested(r.ACHIEVEMENT_FIELDS, "defi"),
                "description": "Réalisations du défi.",
            },
        },
        nested_sample={
            "chiffres": [{"ordre": 1, "valeur": 1200, "libelle": "usagers par mois"}],
            "realisations": [],
        },
    ),
    Endpoint(
        "promotions",
        "Promotions",
        words.worded(
            "Les promotions du programme avec leurs nombres de défis publics et {of_fellows}.",
            of_fellows=words.of_fellows(),
        ),
        "promotion",
        "Aucune promotion n’a cet identifiant.",
        r.COHORT_FIELDS,
        queries.cohorts,
        r.cohort_row,
        filters=(
            (
                choice_param("status", "Statut de la promotion.", Cohort.Status.values),
                lambda qs, v: qs.filter(status=v),
            ),
        ),
    ),
    Endpoint(
        "administrations",
        "Administrations",
        "Les administrations qui accueillent, financent ou accompagnent un défi publié.",
        "administration",
        "Aucune administration participant à un défi public n’a cet identifiant.",
        r.ORGANISATION_FIELDS,
        queries.organisations,
        r.organisation_row,
        filters=((COHORT, _administration_in_cohort),),
    ),
    Endpoint(
        "personnes",
        "Personnes",
        "Les personnes qui ont accepté d’apparaître sur le site, avec leurs rôles ; leur "
        "situation actuelle seulement si elles ont accepté de publier leur parcours.",
        "personne",
        "Aucune personne publique n’a cet identifiant.",
        r.PERSON_FIELDS,
        queries.people,
        person_item,
        filters=(
            (COHORT, lambda qs, v: filter_people(qs, {"promotion": v})),
            (
                choice_param("role", "Rôle tenu.", Role.Kind.values),
                lambda qs, v: filter_people(qs, {"role": v}),
            ),
        ),
        nested={
            "roles": {
                "type": "array",
                "items": _nested(r.ROLE_FIELDS, "personne"),
                "description": "Rôles de la personne.",
            }
        },
        nested_sample={
            "roles": [
                {
                    "role": "fellow",
                    "libelle": words.FELLOW,
                    "promotion": "promotion-2026",
                    "defi": None,
                }
            ]
        },
    ),
    Endpoint(
        "publications",
        "Publications",
        "Les métadonnées des publications du blog (sans leur texte).",
        "publication",
        "Aucune publication publique n’a cet identifiant.",
        r.POST_FIELDS,
        queries.posts,
        r.post_row,
        filters=(
            (
                choice_param("kind", "Type de publication.", Post.Kind.values),
                lambda qs, v: qs.filter(kind=v),
            ),
            (
                choice_param("language", "Langue.", Language.values),
                lambda qs, v: qs.filter(language=v),
            ),
            (
                slug_param("category", "Identifiant d’une catégorie.", "recrutement"),
                _post_in_category,
            ),
            (UPDATED_SINCE, lambda qs, v: qs.filter(updated_at__gte=v)),
        ),
    ),
    Endpoint(
        "chiffres-cles",
        "Chiffres clés",
        "Les chiffres clés du programme, calculés comme sur la page d’accueil.",
        "chiffre clé",
        "Aucun chiffre clé n’a cet identifiant.",
        r.KEY_FIGURE_FIELDS,
        r.key_figure_rows,
        lambda row: row,
        lookup="cle",
        paginated=False,
    ),
    Endpoint(
        "impact",
        "Indicateurs d’impact",
        "Les indicateurs de la page /impact/ avec leur définition et le compte sur lequel ils "
        "reposent : pour l’ensemble du programme, ou pour une promotion (paramètre cohort).",
        "indicateur",
        "Aucun indicateur n’a cet identifiant.",
        r.IMPACT_FIELDS,
        r.impact_rows,
        lambda row: row,
        lookup="cle",
        paginated=False,
        # The figures of one cohort replace those of the whole programme.
        filters=((COHORT, lambda rows, slug: r.impact_rows(slug)),),
    ),
)


def apply_filters(endpoint: Endpoint, queryset, values: dict):
    for param, apply in endpoint.filters:
        if param.name in values:
            queryset = apply(queryset, values[param.name])
    return queryset
