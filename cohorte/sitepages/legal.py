"""The three legal pages (legal notice, privacy, accessibility): their programme's words are
``content.Page`` rows with reserved slugs, the addresses of the pages themselves; Cohorte
renders the rest (hosting, RGAA audit, retention) around them. Until the team writes them, a
generic text made of the programme's identity stands in, never another programme's."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorte.content.models import Page
from cohorte.programmes import identity

LEGAL_NOTICE, PRIVACY, ACCESSIBILITY = "mentions-legales", "donnees-personnelles", "accessibilite"


@dataclass(frozen=True)
class LegalPage:
    slug: str
    url_name: str
    title: object  # a lazy text: the title of the generic page
    purpose: object  # what the programme writes there, for the team


LEGAL_PAGES = {
    LEGAL_NOTICE: LegalPage(
        LEGAL_NOTICE,
        "public:legal_notice",
        gettext_lazy("Mentions légales"),
        gettext_lazy("L’éditeur du site, sa publication, la réutilisation de ses contenus."),
    ),
    PRIVACY: LegalPage(
        PRIVACY,
        "public:privacy",
        gettext_lazy("Données personnelles"),
        gettext_lazy("Le responsable du traitement et ce que le programme en dit de plus."),
    ),
    ACCESSIBILITY: LegalPage(
        ACCESSIBILITY,
        "public:accessibility",
        gettext_lazy("Déclaration d’accessibilité"),
        gettext_lazy("L’engagement de l’opérateur ; l’audit RGAA s’affiche après."),
    ),
}


def is_legal(slug: str) -> bool:
    """Whether a slug is one of the legal pages' (a free page cannot take it)."""
    return slug in LEGAL_PAGES


def _publisher(who: identity.Identity) -> str:
    return who.operator_legal_name or who.operator or who.name


def _generic_body(slug: str, who: identity.Identity) -> str:
    publisher = _publisher(who)
    email = who.contact_email
    contact = f"[{email}](mailto:{email})" if email else ""
    if slug == LEGAL_NOTICE:
        address = ", ".join(who.operator_address)
        edited = _("Le site du programme %(name)s est édité par %(publisher)s") % {
            "name": who.name,
            "publisher": publisher,
        }
        parts = [
            "## " + _("Éditeur"),
            edited + (f", {address}." if address else "."),
            _("Directeur ou directrice de la publication : le ou la responsable de %(publisher)s.")
            % {"publisher": publisher},
        ]
        if contact:
            parts.append(_("Contact :") + " " + contact)
        parts += [
            "## " + _("Réutilisation des contenus"),
            _(
                "Sauf mention contraire, les textes, les photographies et les logos publiés sur "
                "ce site appartiennent à %(publisher)s ou à leurs auteurs : pour les réutiliser, "
                "demandez-le à l’équipe du programme."
            )
            % {"publisher": publisher},
        ]
        return "\n\n".join(parts) + "\n"
    if slug == PRIVACY:
        return (
            "\n\n".join(
                [
                    "## " + _("Responsable du traitement"),
                    _("%(publisher)s, qui pilote le programme %(name)s.")
                    % {"publisher": publisher, "name": who.name},
                ]
            )
            + "\n"
        )
    return (
        _(
            "%(publisher)s s’engage à rendre ses sites internet, intranet, extranet et ses "
            "progiciels accessibles conformément à l’article 47 de la loi n° 2005-102 du "
            "11 février 2005."
        )
        % {"publisher": publisher}
        + "\n"
    )


def generic_page(slug: str) -> Page:
    """The legal page a programme shows before its team writes it (unsaved)."""
    return Page(
        slug=slug,
        title=str(LEGAL_PAGES[slug].title),
        body=_generic_body(slug, identity.current()),
    )


def legal_page(slug: str) -> Page:
    """A legal page's words: the team's when written, else the generic ones."""
    return Page.objects.filter(slug=slug).first() or generic_page(slug)
