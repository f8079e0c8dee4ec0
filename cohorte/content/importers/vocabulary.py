"""The sites' words mapped to the model's: profiles, roles, organisations, placeholders."""

import re

from cohorte.organisations.models import Organisation
from cohorte.people.models import Role
from cohorte.text import normalise_name

Kind = Role.Kind

# A person's profile (Jekyll `profil`/`class`, Hugo `job`) -> expertise name.
_PROFILES = [
    (r"data ?scien", "Data science"),
    (r"data ?engineer", "Data engineering"),
    (r"design", "Design"),
    (r"develop|webdev|\bdev\b", "Développement"),
    (r"geomat", "Géomatique"),
    (r"juriste|droit", "Juriste"),
    (r"direct\w* techni", "Direction technique"),
    (r"direct\w* (de |du )?produit", "Direction de produit"),
    (r"direct\w* (de l )?impact", "Direction de l'impact"),
    (r"direct\w* (des )?operation", "Direction des opérations"),
]

# Hugo's `role` of a person. The programme's own staff ("agent-programme", its alumni and
# "agent-ecosysteme", used for Etalab's support team) are the programme team.
HUGO_ROLES = {
    "participant": Kind.FELLOW,
    "agent-public": Kind.OPERATIONAL_MENTOR,
    "mentor": Kind.OPERATIONAL_MENTOR,
    "sponsor": Kind.SENIOR_MENTOR,
    "coach": Kind.COACH,
    "jury": Kind.JURY,
    "agent-programme": Kind.TEAM,
    "agent-programme-alumni": Kind.TEAM,
    "agent-ecosysteme": Kind.TEAM,
}

_PLACEHOLDER_PHOTO = re.compile(r"(sans-photo|placeholder)[^/]*$", re.IGNORECASE)
_PLACEHOLDER_BIO = "la description de ce profil est en cours de redaction"

_ORG_LABEL = re.compile(r"^\s*administration de rattachement\s*:\s*", re.IGNORECASE)
_ORG_ACRONYM = re.compile(r"(.*?)\s*\(([^()]{2,20})\)")
_ORG_KINDS = [
    (r"\b(academie|prefecture|agence regionale|ars|dreal|ddt)\b", Organisation.Kind.REGIONAL),
    (r"^(ministere|premier ministre)", Organisation.Kind.MINISTRY),
    (r"\b(chu|hopital|hopitaux|ap hp|centre hospitalier)\b", Organisation.Kind.HOSPITAL),
    (r"^(cour |conseil d etat|haute autorite|autorite|defenseur)", Organisation.Kind.INDEPENDENT),
    (r"^(region|departement|commune|ville de|metropole|conseil (departemental|regional))\b",
     Organisation.Kind.LOCAL),
    (r"^(direction|delegation|service|secretariat|commissariat|inspection|mission)\b",
     Organisation.Kind.CENTRAL),
    (r"^(agence|institut|office|caisse|centre national|etablissement|cerema|ign|insee|"
     r"bibliotheque|mobilier national|pole emploi|france travail|meteo)",
     Organisation.Kind.OPERATOR),
]  # fmt: skip


def profile_expertise(value: str) -> str:
    """Expertise name for a profile or job title ("Développeuse" -> "Développement"), or ""."""
    folded = normalise_name(value)
    for pattern, name in _PROFILES:
        if re.search(pattern, folded):
            return name
    return ""


def hugo_role_kind(role: str, job: str) -> str | None:
    """Role kind for Hugo's `role` and `job`; a public agent titled sponsor is a senior mentor."""
    kind = HUGO_ROLES.get(role.strip().lower())
    if kind == Kind.OPERATIONAL_MENTOR and "sponsor" in normalise_name(job):
        return Kind.SENIOR_MENTOR
    return kind


def jekyll_role_kind(profil: str, classes: list[str]) -> str:
    """Role kind for a Jekyll person stated on a défi without being in its lists."""
    folded = normalise_name(profil)
    if folded == "accompagnement":
        return Kind.TEAM
    if "mentor" in folded or ("mentor" in classes and "eig" not in classes):
        return Kind.OPERATIONAL_MENTOR
    return Kind.FELLOW


def real_photo(path: str) -> str:
    """The photo path, or "" for the sites' stock silhouettes."""
    return "" if _PLACEHOLDER_PHOTO.search(path or "") else (path or "").strip()


def real_bio(body: str) -> str:
    """The biography, or "" for the site's "profile being written" stub."""
    return "" if normalise_name(body).startswith(_PLACEHOLDER_BIO) else body


def organisation_name(raw: str) -> tuple[str, str]:
    """An administration's clean name and acronym: "Direction X (DX)," -> ("Direction X", "DX")."""
    name = _ORG_LABEL.sub("", raw or "").strip().strip(",;.").strip()
    match = _ORG_ACRONYM.fullmatch(name)
    if match and sum(ch.isupper() for ch in match.group(2)) >= 2:
        return match.group(1).strip(), match.group(2).strip()
    return name, ""


def organisation_kind(name: str) -> str:
    """Best guess of an organisation's kind from its name (the team can correct it)."""
    folded = normalise_name(name)
    for pattern, kind in _ORG_KINDS:
        if re.search(pattern, folded):
            return kind
    return Organisation.Kind.OTHER


def handle(value: str) -> str:
    """A GitHub, GitLab or Twitter account as a bare handle, from a handle or a profile URL."""
    value = (value or "").strip().rstrip("/")
    value = re.sub(
        r"^(https?://)?(www\.)?(github\.com|gitlab\.com|twitter\.com|x\.com)/", "", value
    )
    return value.lstrip("@")


def absolute_url(value: str) -> str:
    """An http(s) URL ("www.x.fr" gets its scheme), or "" for anything else."""
    value = (value or "").strip()
    if value.startswith(("http://", "https://")):
        return value
    if value.startswith("www."):
        return "https://" + value
    return ""
