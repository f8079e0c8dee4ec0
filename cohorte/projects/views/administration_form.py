"""The proposal form as the templates draw it: one descriptor per field, errors in order.

The fields' values come from :func:`proposal_form.read_form` (a posted form, shown again as
typed) or :func:`proposal_form.form_values` (the stored proposal): the same shape. Each
field's ``name`` is also its ``id`` and the key of its errors, so the summary of errors
links to the field.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cohorte import programme_words as words
from cohorte.public.formats import format_number

from .. import form, proposal_form
from ..models import ProposalFile

BLANK_ROWS = 1  # empty rows shown after the filled ones: typing in one adds it


@dataclass
class Field:
    """One input of the form."""

    name: str
    label: str
    value: object = ""
    kind: str = "text"  # text, textarea, select, radio, number, email, tel
    help: str = ""
    errors: list = field(default_factory=list)
    options: list = field(default_factory=list)  # (value, label) for select and radio
    required: bool = True
    limit: int | None = None  # character limit shown with a live counter
    attrs: dict = field(default_factory=dict)

    @property
    def length(self) -> int:
        return len(str(self.value or ""))

    @property
    def over(self) -> bool:
        return self.limit is not None and self.length > self.limit

    @property
    def display(self) -> str:
        """The value as read-only pages show it (an option's label rather than its key)."""
        labels = dict(self.options)
        return str(labels.get(self.value, self.value) or "")


def _make(errors: dict, name: str, label, **kwargs) -> Field:
    return Field(name=name, label=str(label), errors=errors.get(name, []), **kwargs)


def _rows(values, errors, prefix, fields, blanks: int, maximum: int) -> list[dict]:
    rows = list(values)
    rows += [dict.fromkeys(fields, "")] * max(0, min(blanks, maximum - len(rows)))
    return [
        {
            "number": number,
            "prefix": f"{prefix}-{number}",
            "blank": not any(row.values()),
            "fields": {
                f: (row.get(f, ""), errors.get(f"{prefix}-{number}-{f}", [])) for f in fields
            },
        }
        for number, row in enumerate(rows, start=1)
    ]


def build(call, values: dict, errors: dict, *, bands, profiles, files=None, blanks=None) -> dict:
    """Everything the form template needs: descriptors by part, and the error summary."""
    blanks = blanks or {}
    limits = form.section_limits(call)
    make = lambda name, label, **kw: _make(errors, name, label, **kw)  # noqa: E731
    administrative = [
        make(
            "title",
            _("Nom du défi"),
            value=values.get("title", ""),
            help=_("Un nom court et parlant, tel qu'il sera présenté au jury puis aux candidats."),
            attrs={"maxlength": form.MAX_TITLE_LENGTH, "visibility": "public"},
        ),
        make(
            "operational_carrier",
            _("Porteur opérationnel"),
            value=values.get("operational_carrier", ""),
            help=_("L'administration qui accueille les %(fellows)s.")
            % {"fellows": words.fellows()},
        ),
        make(
            "administrative_carrier",
            _("Porteur administratif"),
            value=values.get("administrative_carrier", ""),
            help=_(
                "L'administration qui reçoit le cofinancement ; elle peut être le porteur "
                "opérationnel."
            ),
        ),
        make(
            "partners",
            _("Administrations partenaires (facultatif)"),
            value=values.get("partners", ""),
            required=False,
        ),
        make(
            "host_address",
            _("Adresse de l'administration d'accueil"),
            value=values.get("host_address", ""),
        ),
    ]
    fellows_count = make(
        "fellows_count",
        _("Nombre %(of_fellows)s demandés") % {"of_fellows": words.of(words.fellows(), "'")},
        value=values.get("fellows_count", ""),
        kind="select",
        options=[("", _("Choisir"))]
        + [(str(n), str(n)) for n in range(form.MIN_FELLOWS, form.MAX_FELLOWS + 1)],
    )
    costs = [
        make(
            f"cost-{band.key}",
            _("Coût total employeur d'un %(fellow)s « %(band)s » (€)")
            % {"fellow": words.fellow(), "band": band.label},
            value=(values.get("employer_costs") or {}).get(band.key, ""),
            help=_(
                "Pour tout le contrat, salaire de %(net)s € nets par mois : joignez la "
                "simulation de salaire plus bas."
            )
            % {"net": format_number(band.net_monthly)},
            attrs={"inputmode": "numeric"},
        )
        for band in bands
    ]
    cofunding = make(
        "cofunding_requested",
        _("Demandez-vous un cofinancement du programme ?"),
        value=values.get("cofunding_requested", ""),
        kind="radio",
        options=[("yes", _("Oui")), ("no", _("Non"))],
    )
    programme = make(
        "budget_programme",
        _("Numéro du programme budgétaire"),
        value=values.get("budget_programme", ""),
        help=_(
            "3 chiffres, par exemple 129 : le programme qui recevra les crédits. Obligatoire "
            "si vous demandez un cofinancement."
        ),
        required=False,
        attrs={"inputmode": "numeric", "maxlength": 3},
    )
    contacts = []
    for key, label, required in form.CONTACTS:
        given = (values.get("contacts") or {}).get(key) or {}
        contacts.append(
            {
                "key": key,
                "label": str(label) if required else _("%(label)s (facultatif)") % {"label": label},
                "fields": [
                    make(f"contact-{key}-name", _("Prénom et nom"), value=given.get("name", "")),
                    make(f"contact-{key}-role", _("Fonction"), value=given.get("role", "")),
                    make(
                        f"contact-{key}-email",
                        _("Adresse électronique professionnelle"),
                        value=given.get("email", ""),
                        kind="email",
                    ),
                    make(
                        f"contact-{key}-phone",
                        _("Téléphone professionnel"),
                        value=given.get("phone", ""),
                        kind="tel",
                    ),
                ],
            }
        )
    sections = [
        make(
            f"section-{s.key}",
            s.label,
            value=(values.get("sections") or {}).get(s.key, ""),
            kind="textarea",
            help=s.help,
            limit=limits[s.key],
            required=s.required,
            attrs={"visibility": "public" if s.public else "internal"},
        )
        for s in form.SECTIONS
    ]
    fellow_rows = list(values.get("fellows") or [])
    fellows = []
    for number in range(1, form.MAX_FELLOWS + 1):
        row = fellow_rows[number - 1] if number <= len(fellow_rows) else {}
        fellows.append(
            {
                "number": number,
                "mission": make(
                    f"fellow-{number}-mission",
                    _("Mission"),
                    value=row.get("mission", ""),
                    kind="textarea",
                    limit=form.MAX_MISSION_LENGTH,
                    attrs={"visibility": "public"},
                ),
                "profile": make(
                    f"fellow-{number}-profile",
                    _("Profil et expertise recherchés"),
                    value=row.get("profile", ""),
                    kind="select",
                    options=[("", _("Choisir"))] + list(profiles),
                ),
            }
        )
    commitments = {
        "choices": [
            {"key": key, "label": label, "checked": key in (values.get("commitments") or [])}
            for key, label in form.COMMITMENTS
        ],
        "errors": errors.get("commitments", []),
    }
    files = files or {}
    attachments = [
        make(
            ProposalFile.Kind.PITCH,
            _("Pitch"),
            kind="file",
            help=_("Présentation de %(n)s diapositives au plus, au format PDF, %(mb)s Mo au plus.")
            % {"n": proposal_form.pitch_max_pages(call), "mb": call.max_upload_mb},
            attrs={"current": files.get(ProposalFile.Kind.PITCH)},
        ),
        make(
            ProposalFile.Kind.SALARY_SIMULATION,
            _("Simulation de salaire"),
            kind="file",
            help=_(
                "Le coût total employeur prévu pour chaque tranche de salaire, au format PDF, "
                "%(mb)s Mo au plus."
            )
            % {"mb": call.max_upload_mb},
            attrs={"current": files.get(ProposalFile.Kind.SALARY_SIMULATION)},
        ),
    ]
    return {
        "administrative": administrative,
        "fellows_count": fellows_count,
        "costs": costs,
        "cofunding": cofunding,
        "programme": programme,
        "contacts": contacts,
        "sections": sections,
        "fellows": fellows,
        "datasets": _rows(
            values.get("datasets") or [],
            errors,
            "dataset",
            ("name", "accessible", "steps"),
            blanks.get("dataset", BLANK_ROWS),
            form.MAX_DATASET_ROWS,
        ),
        "dataset_access": [(k, str(label)) for k, label in form.DATASET_ACCESS],
        "team": _rows(
            values.get("team") or [],
            errors,
            "team",
            form.TEAM_FIELDS,
            blanks.get("team", BLANK_ROWS),
            form.MAX_TEAM_ROWS,
        ),
        "team_fields": [
            ("name", _("Prénom et nom")),
            ("role", _("Fonction")),
            # Submission does not ask for these two (proposal_form.what_is_missing): said so.
            ("status", _("Statut : titulaire, contractuel… (facultatif)")),
            ("percent", _("Part du temps de travail (%)")),
            ("contribution", _("Apport au projet (facultatif)")),
        ],
        "commitments": commitments,
        "attachments": attachments,
        "summary": _summary(
            errors,
            administrative,
            fellows_count,
            costs,
            cofunding,
            programme,
            contacts,
            sections,
            fellows,
            attachments,
        ),
    }


def _summary(errors: dict, *parts) -> list[tuple[str, str]]:
    """(field name, message) of every error, in the order of the page."""
    order: list[str] = []
    for part in parts:
        for item in part if isinstance(part, list) else [part]:
            if isinstance(item, Field):
                order.append(item.name)
            elif "fields" in item:
                order += [f.name for f in item["fields"]]
            else:
                order += [f.name for f in item.values() if isinstance(f, Field)]
    # Rows, commitments and anything else not drawn above keep their order, after the rest.
    position = {name: index for index, name in enumerate(order)}
    names = sorted(errors, key=lambda n: (position.get(n, len(order) + _row_rank(n)), n))
    return [(name, message) for name in names for message in errors[name]]


def _row_rank(name: str) -> int:
    # Datasets, then team rows, then commitments, then files, as on the page.
    for rank, prefix in enumerate(("dataset", "team", "commitments")):
        if name.startswith(prefix):
            return rank * 1000 + _number(name)
    return 3000


def _number(name: str) -> int:
    parts = name.split("-")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
