"""A proposal as its readers see it: every part of the form in order, as labelled values.

Built from ``cohorte.projects.form`` (the schema of ``Proposal.data``), so a part added
to the form shows here once. ``file_url`` names the permission-checked view that serves
the proposal's files in the reader's area. Template:
``projects/instruction/includes/proposal.html``.

Readers read the version submitted last (``submitted.as_submitted``): what the
administration has not submitted again is not theirs to judge.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from cohorte import programme_words as words
from cohorte.challenges.models import Expertise
from cohorte.public.formats import format_number

from .. import form, funding
from ..models import Proposal
from ..submitted import as_submitted, submitted_file_ids


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Oui") if value else _("Non")
    return str(value).strip()


def _rows(items) -> list[dict]:
    return [item if isinstance(item, dict) else {} for item in (items or [])]


def administrative_part(proposal: Proposal, rules) -> list[tuple[str, str]]:
    """The administrative part (annex 2) as (label, value) pairs."""
    data = proposal.data or {}
    pairs = [
        (_("Nom du défi"), proposal.display_name),
        (_("Administration"), proposal.organisation.name),
        (_("Porteur opérationnel"), _text(data.get("operational_carrier"))),
        (_("Porteur administratif"), _text(data.get("administrative_carrier"))),
        (_("Administrations partenaires"), _text(data.get("partners"))),
        (
            _("Adresse d'accueil des %(fellows)s") % {"fellows": words.fellows()},
            _text(data.get("host_address")),
        ),
        (
            _("Nombre %(of_fellows)s") % {"of_fellows": words.of(words.fellows(), "'")},
            _text(data.get("fellows_count")),
        ),
        (_("Cofinancement demandé"), _text(bool(data.get("cofunding_requested")))),
        (_("Programme budgétaire"), _text(data.get("budget_programme"))),
    ]
    costs = data.get("employer_costs") or {}
    for band in rules.bands.all() if rules is not None else []:
        value = costs.get(band.key) if isinstance(costs, dict) else None
        try:
            shown = format_number(value)
        except ArithmeticError:  # not a number: shown as typed
            shown = _text(value)
        pairs.append(
            (
                _("Coût employeur total d'un %(fellow)s — %(band)s (€)")
                % {"fellow": words.fellow(), "band": band.label},
                shown,
            )
        )
    return pairs


def contacts(proposal: Proposal) -> list[dict]:
    """The contacts of the administrative part, in the form's order."""
    given = (proposal.data or {}).get("contacts") or {}
    rows = []
    for key, label, required in form.CONTACTS:
        values = given.get(key) if isinstance(given.get(key), dict) else {}
        if not required and not any(values.get(f) for f in form.CONTACT_FIELDS):
            continue
        rows.append({"label": label, **{f: _text(values.get(f)) for f in form.CONTACT_FIELDS}})
    return rows


def sections(proposal: Proposal) -> list[dict]:
    """The detailed sheet (annex 3): each section's text and the call's length limit."""
    texts = (proposal.data or {}).get("sections") or {}
    limits = form.section_limits(proposal.call)
    return [
        {
            "key": section.key,
            "label": section.label,
            "text": _text(texts.get(section.key)),
            "limit": limits[section.key],
        }
        for section in form.SECTIONS
    ]


def fellows(proposal: Proposal) -> list[dict]:
    """Each fellow's mission and the profile sought (its name, not its slug)."""
    rows = _rows((proposal.data or {}).get("fellows"))
    slugs = {row.get("profile") for row in rows if row.get("profile")}
    names = dict(Expertise.objects.filter(slug__in=slugs).values_list("slug", "name"))
    return [
        {
            "mission": _text(row.get("mission")),
            "profile": names.get(row.get("profile"), _text(row.get("profile"))),
        }
        for row in rows
    ]


def datasets(proposal: Proposal) -> list[dict]:
    """The datasets and whether they are accessible."""
    access = dict(form.DATASET_ACCESS)
    return [
        {
            "name": _text(row.get("name")),
            "accessible": access.get(row.get("accessible"), _text(row.get("accessible"))),
            "steps": _text(row.get("steps")),
        }
        for row in _rows((proposal.data or {}).get("datasets"))
    ]


def team(proposal: Proposal) -> list[dict]:
    """The project team's rows."""
    return [
        {field: _text(row.get(field)) for field in form.TEAM_FIELDS}
        for row in _rows((proposal.data or {}).get("team"))
    ]


def commitments(proposal: Proposal) -> list[tuple[str, bool]]:
    """Each commitment of the form and whether the administration ticked it."""
    ticked = set((proposal.data or {}).get("commitments") or [])
    return [(label, key in ticked) for key, label in form.COMMITMENTS]


def files(proposal: Proposal, file_url: str, submitted=None) -> tuple[list[dict], list[dict]]:
    """The files read (the current ones, or those of the submitted version when its ids are
    given) and the others, each with its permission-checked address."""
    current, replaced = [], []
    for item in proposal.files.order_by("kind", "-uploaded_at"):
        entry = {"file": item, "url": reverse(file_url, args=[proposal.pk, item.pk])}
        read = item.is_current if submitted is None else item.pk in submitted
        (current if read else replaced).append(entry)
    return current, replaced


def reading_context(proposal: Proposal, rules, file_url: str) -> dict:
    """Everything ``projects/instruction/includes/proposal.html`` shows of a proposal, as
    submitted last (``proposal`` in the context is that version)."""
    proposal, version, changed = as_submitted(proposal)
    submitted_files = submitted_file_ids(version) if changed else None
    current, replaced = files(proposal, file_url, submitted_files)
    return {
        "proposal": proposal,
        "read_version": version,
        "unsubmitted_changes": changed,
        "administrative": administrative_part(proposal, rules),
        "contacts": contacts(proposal),
        "sections": sections(proposal),
        "fellows": fellows(proposal),
        "datasets": datasets(proposal),
        "team_rows": team(proposal),
        "commitments": commitments(proposal),
        "estimate": funding.estimate(proposal.data or {}, rules),
        "current_files": current,
        "replaced_files": replaced,
        "versions": proposal.versions.select_related("submitted_by").order_by("-number"),
    }
