"""The proposal form read from a request and checked: what it offers, what a draft may hold,
what a submission still needs (the shape of ``Proposal.data`` is ``cohorte.projects.form``'s).
"""

import copy
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorte import programme_words as words
from cohorte.calls.files import MEGABYTE, check_pdf_content
from cohorte.public.formats import format_number

from . import form
from .accounts import professional_email_error
from .models import FundingRules, Proposal, ProposalFile

FILE_KINDS = (ProposalFile.Kind.PITCH, ProposalFile.Kind.SALARY_SIMULATION)
MAX_NAME_LENGTH = 200
MAX_ROW_TEXT = 1000
_PHONE = re.compile(r"^[0-9+().\-\s]{6,40}$")
_PROGRAMME = re.compile(r"^\d{3}$")
_MONEY = re.compile(r"^\d+(?:[.,]\d{1,2})?$")


# --- What the form offers ------------------------------------------------------------


def funding_rules(call) -> FundingRules | None:
    """The co-funding rules of the call's cohort, with their bands (None if not set)."""
    return FundingRules.objects.filter(cohort_id=call.cohort_id).prefetch_related("bands").first()


def profile_options(call) -> list[tuple[str, str]]:
    """(slug, name) of the profiles a fellow may have: the call's, or every expertise."""
    from cohorte.challenges.models import Expertise

    chosen = list(call.profiles.all()) if call.pk else []
    profiles = chosen or list(Expertise.objects.all())
    return [(p.slug, p.name) for p in sorted(profiles, key=lambda p: p.name)]


def pitch_max_pages(call) -> int:
    """The pitch's page limit for this call (12 unless its settings say otherwise)."""
    settings = getattr(call, "project_settings", None)
    return settings.pitch_max_pages if settings is not None else 12


# --- Reading the form ------------------------------------------------------------------


def _text(value) -> str:
    # Browsers send line breaks as CRLF but count them as one character.
    if isinstance(value, list | tuple):
        value = value[0] if value else ""
    return str(value if value is not None else "").replace("\r\n", "\n").replace("\r", "\n")


def _get(post, key: str) -> str:
    return _text(post.get(key, ""))


def _getlist(post, key: str) -> list[str]:
    if hasattr(post, "getlist"):
        return [_text(v) for v in post.getlist(key)]
    value = post.get(key, [])
    return [_text(v) for v in (value if isinstance(value, list | tuple) else [value])]


def _rows(post, prefix: str, fields, limit: int, removed: str) -> list[dict]:
    """Rows posted as ``<prefix>-<n>-<field>``, in order, empty ones and the removed dropped."""
    numbers = set()
    for key in post:
        parts = str(key).split("-")
        if len(parts) == 3 and parts[0] == prefix and parts[1].isdigit():
            numbers.add(int(parts[1]))
    rows = []
    for number in sorted(numbers)[: limit + 10]:  # a few over the limit, to say it
        if removed == f"{prefix}-{number}":
            continue
        row = {field: _get(post, f"{prefix}-{number}-{field}").strip() for field in fields}
        if any(row.values()):
            rows.append(row)
    return rows


def read_form(call, post, bands=None) -> dict:
    """Every field of the posted form as typed (texts), in the shape of ``Proposal.data``.

    ``post["remove"]`` ("team-2", "dataset-1") drops that row: the no-JavaScript way to
    remove one.
    """
    if bands is None:
        rules = funding_rules(call)
        bands = list(rules.bands.all()) if rules else []
    removed = _get(post, "remove")
    fellows = [
        {
            "mission": _get(post, f"fellow-{n}-mission").strip(),
            "profile": _get(post, f"fellow-{n}-profile").strip(),
        }
        for n in range(1, form.MAX_FELLOWS + 1)
    ]
    while fellows and not any(fellows[-1].values()):
        fellows.pop()
    return {
        "title": _get(post, "title").strip(),
        **{
            key: _get(post, key).strip()
            for key in ("operational_carrier", "administrative_carrier", "partners")
        },
        "host_address": _get(post, "host_address").strip(),
        "fellows_count": _get(post, "fellows_count").strip(),
        "employer_costs": {b.key: _get(post, f"cost-{b.key}").strip() for b in bands},
        "cofunding_requested": _get(post, "cofunding_requested").strip(),
        "budget_programme": _get(post, "budget_programme").strip(),
        "contacts": {
            key: {f: _get(post, f"contact-{key}-{f}").strip() for f in form.CONTACT_FIELDS}
            for key in form.CONTACT_KEYS
        },
        "sections": {key: _get(post, f"section-{key}").strip() for key in form.SECTION_KEYS},
        "fellows": fellows,
        "datasets": _rows(
            post, "dataset", ("name", "accessible", "steps"), form.MAX_DATASET_ROWS, removed
        ),
        "team": _rows(post, "team", form.TEAM_FIELDS, form.MAX_TEAM_ROWS, removed),
        "commitments": [c for c in _getlist(post, "commitments") if c],
    }


def form_values(proposal: Proposal) -> dict:
    """The stored proposal in :func:`read_form`'s shape, to fill the form."""
    data = proposal.data or {}
    count = data.get("fellows_count")
    requested = data.get("cofunding_requested")
    contacts = data.get("contacts") or {}
    return {
        "title": proposal.title,
        **{
            key: str(data.get(key) or "")
            for key in ("operational_carrier", "administrative_carrier", "partners")
        },
        "host_address": str(data.get("host_address") or ""),
        "fellows_count": str(count) if count else "",
        "employer_costs": {k: str(v) for k, v in (data.get("employer_costs") or {}).items()},
        "cofunding_requested": "" if requested is None else ("yes" if requested else "no"),
        "budget_programme": str(data.get("budget_programme") or ""),
        "contacts": {
            key: {f: str((contacts.get(key) or {}).get(f) or "") for f in form.CONTACT_FIELDS}
            for key in form.CONTACT_KEYS
        },
        "sections": {
            key: str((data.get("sections") or {}).get(key) or "") for key in form.SECTION_KEYS
        },
        "fellows": [dict(row) for row in data.get("fellows") or []],
        "datasets": [dict(row) for row in data.get("datasets") or []],
        "team": [
            {f: "" if row.get(f) is None else str(row.get(f)) for f in form.TEAM_FIELDS}
            for row in data.get("team") or []
        ],
        "commitments": list(data.get("commitments") or []),
    }


# --- Checking the form -----------------------------------------------------------------


# Short texts of the administrative part, with their labels.
SHORT_TEXTS = (
    ("operational_carrier", gettext_lazy("Porteur opérationnel")),
    ("administrative_carrier", gettext_lazy("Porteur administratif")),
    ("partners", gettext_lazy("Administrations partenaires")),
    ("host_address", gettext_lazy("Adresse de l'administration d'accueil")),
)


def _too_long(label, text: str, limit: int) -> str:
    return _("« %(label)s » : %(limit)s caractères au maximum (%(n)s saisis).") % {
        "label": label,
        "limit": format_number(limit),
        "n": format_number(len(text)),
    }


def section_too_long(label, text: str, limit: int) -> str:
    """ "« Contexte… » dépasse 1 500 caractères (1 612 saisis) : raccourcissez-la." """
    return _("« %(label)s » dépasse %(limit)s caractères (%(n)s saisis) : raccourcissez-la.") % {
        "label": label,
        "limit": format_number(limit),
        "n": format_number(len(text)),
    }


def _euros(text: str) -> int | None:
    cleaned = re.sub(r"[\s\u202f\u00a0€]", "", text)
    if not _MONEY.match(cleaned):
        return None
    try:
        return int(Decimal(cleaned.replace(",", ".")).quantize(Decimal(1), ROUND_HALF_UP))
    except InvalidOperation:
        return None


def _percent(text: str) -> int | None:
    cleaned = re.sub(r"[\s\u202f\u00a0%]", "", text)
    return int(cleaned) if cleaned.isdigit() and int(cleaned) <= 100 else None


def _clean_contact(label, key: str, raw: dict, errors: dict) -> dict:
    contact = {}
    for field in form.CONTACT_FIELDS:
        value = raw.get(field, "")
        name = f"contact-{key}-{field}"
        if field == "email" and value:
            try:
                validate_email(value)
            except ValidationError:
                errors[name] = [
                    _("%(contact)s : « %(email)s » n'est pas une adresse électronique valide.")
                    % {"contact": label, "email": value}
                ]
                continue
            refusal = professional_email_error(value)
            if refusal:
                errors[name] = [f"{label} : {refusal}"]
                continue
        elif field == "phone" and value and not _PHONE.match(value):
            errors[name] = [
                _("%(contact)s : indiquez un numéro de téléphone, par exemple 01 40 00 00 00.")
                % {"contact": label}
            ]
            continue
        elif field in ("name", "role") and len(value) > MAX_NAME_LENGTH:
            errors[name] = [_too_long(label, value, MAX_NAME_LENGTH)]
            continue
        contact[field] = value
    return contact


def _clean(call, raw: dict, bands, profiles) -> tuple[dict, dict]:
    """The data to store and the errors (by field name) of a form read by ``read_form``."""
    errors: dict[str, list[str]] = {}
    data: dict = {}
    title = raw.get("title", "")
    if len(title) > form.MAX_TITLE_LENGTH:
        errors["title"] = [_too_long(_("Nom du défi"), title, form.MAX_TITLE_LENGTH)]
    data["title"] = title
    for key, label in SHORT_TEXTS:
        value = raw.get(key, "")
        if len(value) > form.MAX_SHORT_TEXT:
            errors[key] = [_too_long(label, value, form.MAX_SHORT_TEXT)]
        data[key] = value
    count = raw.get("fellows_count", "")
    data["fellows_count"] = None
    if count:
        if count.isdigit() and form.MIN_FELLOWS <= int(count) <= form.MAX_FELLOWS:
            data["fellows_count"] = int(count)
        else:
            errors["fellows_count"] = [
                _("Choisissez 1, 2 ou 3 %(fellows)s.") % {"fellows": words.fellows()}
            ]
    costs = {}
    for band in bands:
        value = (raw.get("employer_costs") or {}).get(band.key, "")
        if not value:
            continue
        amount = _euros(value)
        if amount is None:
            errors[f"cost-{band.key}"] = [
                _(
                    "Coût total employeur « %(band)s » : indiquez un montant en euros, par "
                    "exemple 62000."
                )
                % {"band": band.label}
            ]
        else:
            costs[band.key] = amount
    data["employer_costs"] = costs
    requested = raw.get("cofunding_requested", "")
    data["cofunding_requested"] = {"yes": True, "no": False}.get(requested)
    if requested and requested not in ("yes", "no"):
        errors["cofunding_requested"] = [_("Répondez oui ou non à la demande de cofinancement.")]
    programme = raw.get("budget_programme", "")
    if programme and not _PROGRAMME.match(programme):
        errors["budget_programme"] = [
            _("Le programme budgétaire s'écrit avec 3 chiffres, par exemple 129.")
        ]
    data["budget_programme"] = programme
    contacts = {}
    for key, label, _required in form.CONTACTS:
        raw_contact = (raw.get("contacts") or {}).get(key) or {}
        if any(raw_contact.get(f) for f in form.CONTACT_FIELDS):
            contacts[key] = _clean_contact(label, key, raw_contact, errors)
    data["contacts"] = contacts
    limits = form.section_limits(call)
    sections = {}
    for section in form.SECTIONS:
        value = (raw.get("sections") or {}).get(section.key, "")
        if len(value) > limits[section.key]:
            errors[f"section-{section.key}"] = [
                section_too_long(section.label, value, limits[section.key])
            ]
        if value:
            sections[section.key] = value
    data["sections"] = sections
    known_profiles = {slug for slug, _name in profiles}
    fellows = []
    for number, row in enumerate(raw.get("fellows") or [], start=1):
        mission, profile = row.get("mission", ""), row.get("profile", "")
        if len(mission) > form.MAX_MISSION_LENGTH:
            errors[f"fellow-{number}-mission"] = [
                _too_long(
                    _("Mission %(of_the_fellow)s %(n)s")
                    % {"of_the_fellow": words.of_the(words.fellow(), "'"), "n": number},
                    mission,
                    form.MAX_MISSION_LENGTH,
                )
            ]
        if profile and profile not in known_profiles:
            errors[f"fellow-{number}-profile"] = [
                _("%(fellow)s %(n)s : choisissez un profil de la liste.")
                % {"fellow": capfirst(words.fellow()), "n": number}
            ]
        fellows.append({"mission": mission, "profile": profile})
    data["fellows"] = fellows
    data["datasets"] = _clean_datasets(raw.get("datasets") or [], errors)
    data["team"] = _clean_team(raw.get("team") or [], errors)
    ticked = set(raw.get("commitments") or [])
    if ticked - set(form.COMMITMENT_KEYS):
        errors["commitments"] = [_("Un des engagements cochés n'existe pas.")]
    data["commitments"] = [key for key in form.COMMITMENT_KEYS if key in ticked]
    return data, errors


def _clean_datasets(rows, errors) -> list[dict]:
    if len(rows) > form.MAX_DATASET_ROWS:
        errors["datasets"] = [_("%(n)s jeux de données au plus.") % {"n": form.MAX_DATASET_ROWS}]
        rows = rows[: form.MAX_DATASET_ROWS]
    accesses = {key for key, _label in form.DATASET_ACCESS}
    cleaned = []
    for number, row in enumerate(rows, start=1):
        if len(row["name"]) > form.MAX_SHORT_TEXT:
            errors[f"dataset-{number}-name"] = [
                _too_long(
                    _("Jeu de données %(n)s") % {"n": number}, row["name"], form.MAX_SHORT_TEXT
                )
            ]
        if row["accessible"] and row["accessible"] not in accesses:
            errors[f"dataset-{number}-accessible"] = [
                _("Jeu de données %(n)s : choisissez s'il est accessible.") % {"n": number}
            ]
        if len(row["steps"]) > MAX_ROW_TEXT:
            errors[f"dataset-{number}-steps"] = [
                _too_long(
                    _("Étapes du jeu de données %(n)s") % {"n": number}, row["steps"], MAX_ROW_TEXT
                )
            ]
        cleaned.append(dict(row))
    return cleaned


def _clean_team(rows, errors) -> list[dict]:
    if len(rows) > form.MAX_TEAM_ROWS:
        errors["team"] = [
            _("%(n)s personnes au plus dans l'équipe projet.") % {"n": form.MAX_TEAM_ROWS}
        ]
        rows = rows[: form.MAX_TEAM_ROWS]
    cleaned = []
    for number, row in enumerate(rows, start=1):
        item = {}
        for field in ("name", "role", "status"):
            if len(row[field]) > form.MAX_SHORT_TEXT:
                errors[f"team-{number}-{field}"] = [
                    _too_long(
                        _("Équipe projet, ligne %(n)s") % {"n": number},
                        row[field],
                        form.MAX_SHORT_TEXT,
                    )
                ]
            item[field] = row[field]
        percent = None
        if row["percent"]:
            percent = _percent(row["percent"])
            if percent is None:
                errors[f"team-{number}-percent"] = [
                    _(
                        "Équipe projet, ligne %(n)s : indiquez un pourcentage du temps entre 0 "
                        "et 100."
                    )
                    % {"n": number}
                ]
        item["percent"] = percent
        if len(row["contribution"]) > MAX_ROW_TEXT:
            errors[f"team-{number}-contribution"] = [
                _too_long(
                    _("Apport, ligne %(n)s") % {"n": number}, row["contribution"], MAX_ROW_TEXT
                )
            ]
        item["contribution"] = row["contribution"]
        cleaned.append(item)
    return cleaned


def clean_draft(call, post) -> tuple[dict, dict[str, list[str]]]:
    """Check a posted form: (data in ``form.py``'s shape plus ``title``, errors by field).

    A draft may leave anything empty; what is given must be well-formed and within its
    length limit. Errors are French sentences naming the field.
    """
    rules = funding_rules(call)
    bands = list(rules.bands.all()) if rules else []
    return _clean(call, read_form(call, post, bands), bands, profile_options(call))


def keep_stored(data: dict, stored: dict, stored_title: str, errors) -> dict:
    """``data`` with the stored value back in place of each faulty field (``errors``' keys).

    A partial save stores every other field: one section over its limit or one bad e-mail
    address leaves its stored value as it was, never blanks it. A faulty row of the datasets
    or the team keeps the stored rows (rows have no identity but their position).
    """
    data = copy.deepcopy(data)
    stored = stored or {}

    def put(container: dict, key, value):
        if value in (None, "") and not isinstance(container.get(key), bool | int):
            container.pop(key, None)
        else:
            container[key] = value

    for name in errors:
        head, _sep, rest = name.partition("-")
        if name == "title":
            data["title"] = stored_title
        elif name in ("fellows_count", "cofunding_requested", "commitments"):
            data[name] = copy.deepcopy(stored.get(name, [] if name == "commitments" else None))
        elif head == "cost":
            put(data.setdefault("employer_costs", {}), rest,
                (stored.get("employer_costs") or {}).get(rest))  # fmt: skip
        elif head == "contact":
            key, _sep, field = rest.rpartition("-")
            old = ((stored.get("contacts") or {}).get(key) or {}).get(field, "")
            contact = data.setdefault("contacts", {}).setdefault(key, {})
            if old:
                contact[field] = old
            else:
                contact.pop(field, None)
        elif head == "section":
            put(data.setdefault("sections", {}), rest, (stored.get("sections") or {}).get(rest))
        elif head == "fellow":
            number, _sep, field = rest.partition("-")
            index = int(number) - 1
            old = list(stored.get("fellows") or [])
            if index < len(data.get("fellows") or []):
                value = old[index].get(field, "") if index < len(old) else ""
                data["fellows"][index][field] = value
        elif head in ("dataset", "datasets"):
            data["datasets"] = copy.deepcopy(stored.get("datasets") or [])
        elif head == "team":
            data["team"] = copy.deepcopy(stored.get("team") or [])
        elif name in data or name in dict(SHORT_TEXTS) or name == "budget_programme":
            data[name] = stored.get(name, "")
    return data


def clean_files(call, files) -> tuple[dict, dict[str, list[str]]]:
    """Check the uploaded PDFs: (checked files by kind, errors by field)."""
    checked, errors = {}, {}
    max_bytes = call.max_upload_mb * MEGABYTE
    for kind in FILE_KINDS:
        uploaded = (files or {}).get(kind)
        if not uploaded:
            continue
        try:
            if kind == ProposalFile.Kind.PITCH:
                checked[kind] = check_pdf_content(
                    uploaded, max_bytes, max_pages=pitch_max_pages(call), label=_("Le pitch")
                )
            else:
                checked[kind] = check_pdf_content(uploaded, max_bytes)
        except ValidationError as error:
            errors[kind] = error.messages
    return checked, errors


def current_files(proposal: Proposal) -> dict[str, ProposalFile]:
    """The proposal's current file of each kind."""
    found = {}
    for row in proposal.files.filter(is_current=True).order_by("-uploaded_at", "-pk"):
        found.setdefault(row.kind, row)
    return found


def completeness_errors(proposal: Proposal, files=None) -> dict[str, list[str]]:
    """What is missing or no longer valid for this proposal to be submitted, by field."""
    call = proposal.call
    rules = funding_rules(call)
    bands = list(rules.bands.all()) if rules else []
    profiles = profile_options(call)
    data, errors = _clean(call, form_values(proposal), bands, profiles)
    files = current_files(proposal) if files is None else files

    def missing(key, message):
        errors.setdefault(key, []).append(message)

    if not data["title"]:
        missing("title", _("Indiquez le nom du défi."))
    for key, label in SHORT_TEXTS:
        if key != "partners" and not data[key]:
            missing(key, _("« %(label)s » : ce champ est obligatoire.") % {"label": label})
    count = data["fellows_count"]
    if count is None and "fellows_count" not in errors:
        missing(
            "fellows_count",
            _("Indiquez le nombre %(of_fellows)s demandés.")
            % {"of_fellows": words.of(words.fellows(), "'")},
        )
    for band in bands:
        if band.key not in data["employer_costs"] and f"cost-{band.key}" not in errors:
            missing(
                f"cost-{band.key}",
                _("Indiquez le coût total employeur d'un %(fellow)s « %(band)s ».")
                % {"fellow": words.fellow(), "band": band.label},
            )
    if data["cofunding_requested"] is None:
        missing("cofunding_requested", _("Dites si vous demandez un cofinancement."))
    if data["cofunding_requested"] and not data["budget_programme"]:
        missing(
            "budget_programme",
            _(
                "Indiquez le programme budgétaire (3 chiffres) qui recevra les crédits du "
                "cofinancement."
            ),
        )
    for key, label, required in form.CONTACTS:
        contact = data["contacts"].get(key)
        if not required and not contact:
            continue
        contact = contact or {}
        for field in form.CONTACT_FIELDS:
            name = f"contact-{key}-{field}"
            if not contact.get(field) and name not in errors:
                missing(
                    name,
                    _("%(contact)s : indiquez %(field)s.")
                    % {"contact": label, "field": _article(field)},
                )
    for section in form.SECTIONS:
        if section.required and not data["sections"].get(section.key):
            missing(
                f"section-{section.key}",
                _("« %(label)s » : cette rubrique est obligatoire.") % {"label": section.label},
            )
    for number, row in enumerate(data["fellows"], start=1):
        beyond = count is not None and number > count
        if beyond and (row["mission"] or row["profile"]):
            missing(
                f"fellow-{number}-mission",
                _(
                    "Vous demandez %(count)s %(fellows)s mais décrivez la mission d'un %(fellow)s "
                    "%(n)s : augmentez le nombre %(of_fellows)s ou videz cette ligne."
                )
                % {
                    "count": count,
                    "n": number,
                    "fellows": words.fellows_for(count),
                    "fellow": words.fellow(),
                    "of_fellows": words.of(words.fellows(), "'"),
                },
            )
    for number in range(1, (count or 0) + 1):
        row = data["fellows"][number - 1] if number <= len(data["fellows"]) else {}
        if not row.get("mission"):
            missing(
                f"fellow-{number}-mission",
                _("%(fellow)s %(n)s : décrivez sa mission.")
                % {"fellow": capfirst(words.fellow()), "n": number},
            )
        if not row.get("profile"):
            missing(
                f"fellow-{number}-profile",
                _("%(fellow)s %(n)s : choisissez le profil recherché.")
                % {"fellow": capfirst(words.fellow()), "n": number},
            )
    if not data["datasets"]:
        missing("dataset-1-name", _("Indiquez au moins un jeu de données nécessaire au projet."))
    for number, row in enumerate(data["datasets"], start=1):
        if not row["name"]:
            missing(
                f"dataset-{number}-name",
                _("Jeu de données %(n)s : indiquez son nom.") % {"n": number},
            )
        if not row["accessible"]:
            missing(
                f"dataset-{number}-accessible",
                _("Jeu de données %(n)s : dites s'il est accessible.") % {"n": number},
            )
    if not data["team"]:
        missing("team-1-name", _("Décrivez l'équipe projet : au moins une personne."))
    for number, row in enumerate(data["team"], start=1):
        for field, message in (
            ("name", _("Équipe projet, ligne %(n)s : indiquez le nom.")),
            ("role", _("Équipe projet, ligne %(n)s : indiquez la fonction.")),
        ):
            if not row[field]:
                missing(f"team-{number}-{field}", message % {"n": number})
        if row["percent"] is None and f"team-{number}-percent" not in errors:
            missing(
                f"team-{number}-percent",
                _("Équipe projet, ligne %(n)s : indiquez le pourcentage du temps.") % {"n": number},
            )
    if set(data["commitments"]) != set(form.COMMITMENT_KEYS):
        missing("commitments", _("Cochez les trois engagements pour déposer la proposition."))
    if ProposalFile.Kind.PITCH not in files:
        missing(
            "pitch",
            _("Joignez le pitch (PDF de %(n)s pages au plus).") % {"n": pitch_max_pages(call)},
        )
    if ProposalFile.Kind.SALARY_SIMULATION not in files:
        missing("salary_simulation", _("Joignez la simulation de salaire (PDF)."))
    return errors


def _article(field: str) -> str:
    return {
        "name": _("son nom"),
        "role": _("sa fonction"),
        "email": _("son adresse électronique professionnelle"),
        "phone": _("son téléphone"),
    }[field]
