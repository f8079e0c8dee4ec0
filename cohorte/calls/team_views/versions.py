"""Reading a submitted version (a JSON snapshot) and what changed since the previous one.

Snapshots are written at each submission by ``cohorte.calls.applications.snapshot``
and carry their own labels (questions, défis, statements), so an old version reads
right even after the call's form changed. Keys this module does not know are still
shown, flattened, with their key as label.
"""

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Application, ApplicationFile

FIELD_LABELS = {
    "first_name": gettext_lazy("Prénom"),
    "last_name": gettext_lazy("Nom"),
    "phone": gettext_lazy("Téléphone"),
    "gender": gettext_lazy("Genre (déclaratif)"),
    "publication_consent": gettext_lazy("Accepte la publication"),
    "round": gettext_lazy("Session"),
}
SKIPPED = {"revision"}


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("oui") if value else _("non")
    if isinstance(value, list | tuple):
        return ", ".join(_text(v) for v in value)
    return str(value)


def _flatten(data, prefix: str) -> dict[str, str]:
    if isinstance(data, dict):
        flat = {}
        for key, value in data.items():
            flat.update(_flatten(value, f"{prefix}.{key}"))
        return flat
    return {prefix: _text(data)}


def _choice_text(choice: dict) -> str:
    parts = []
    if choice.get("challenge"):
        parts.append(_("défi : %(title)s") % {"title": choice["challenge"].get("title", "")})
    if choice.get("profile"):
        parts.append(_("profil : %(name)s") % {"name": choice["profile"].get("name", "")})
    return " — ".join(parts)


def fields_of(data: dict | None) -> dict[str, tuple]:
    """The snapshot as {stable key: (label, text[, identity])}, in reading order.

    The identity, when given, is what tells two values apart (a file's digest); the text
    is compared otherwise.
    """
    data = data or {}
    fields: dict[str, tuple[str, str]] = {}
    kinds = dict(ApplicationFile.Kind.choices)
    genders = dict(Application.Gender.choices)
    # PostgreSQL's jsonb does not keep key order: show fields in the form's order.
    position = {key: index for index, key in enumerate(SNAPSHOT_ORDER)}
    for key, value in sorted(data.items(), key=lambda item: position.get(item[0], len(position))):
        if key in SKIPPED:
            continue
        if key == "round":
            fields[key] = (str(FIELD_LABELS[key]), (value or {}).get("name", ""))
        elif key == "gender":
            fields[key] = (str(FIELD_LABELS[key]), str(genders.get(value, _("non renseigné"))))
        elif key == "answers" and isinstance(value, list):
            for answer in value:
                fields[f"answer:{answer.get('question')}"] = (
                    answer.get("label", ""),
                    _text(answer.get("value")),
                )
        elif key == "choices" and isinstance(value, list):
            for choice in value:
                fields[f"choice:{choice.get('rank')}"] = (
                    _("Choix %(rank)s") % {"rank": choice.get("rank")},
                    _choice_text(choice),
                )
        elif key == "statements" and isinstance(value, list):
            fields[key] = (
                _("Déclarations acceptées"),
                "\n".join(s.get("text", "") for s in value),
            )
        elif key == "files" and isinstance(value, list):
            for item in value:
                label = str(kinds.get(item.get("kind"), item.get("kind", "")))
                if item.get("question"):
                    label = _("Fichier joint à la question n° %(id)s") % {"id": item["question"]}
                text = f"{item.get('original_name', '')} ({filesizeformat(item.get('size') or 0)})"
                # The digest tells a new file under the same name from the old one.
                fields[f"file:{item.get('kind')}:{item.get('question')}"] = (
                    label,
                    text,
                    item.get("sha256") or text,
                )
        elif key in FIELD_LABELS:
            fields[key] = (str(FIELD_LABELS[key]), _text(value))
        else:
            for path, text in _flatten(value, key).items():
                fields[path] = (path, text)
    return fields


SNAPSHOT_ORDER = [
    "round",
    "first_name",
    "last_name",
    "phone",
    "answers",
    "choices",
    "statements",
    "gender",
    "publication_consent",
    "files",
]


def describe_snapshot(data, call=None) -> list[tuple[str, str]]:
    """The snapshot's fields as (label, text) rows."""
    return [(label, text) for label, text, *_identity in fields_of(data).values()]


def compare(old, new, call=None) -> list[dict]:
    """Fields added, removed or changed between two snapshots (``old`` may be None)."""
    if old is None:
        return []
    before, after = fields_of(old), fields_of(new)
    changes = []
    for key in list(before) + [k for k in after if k not in before]:
        old_text = before[key][1] if key in before else ""
        new_text = after[key][1] if key in after else ""
        if key in before and key in after and before[key][-1] == after[key][-1]:
            continue
        if key in before and key in after and old_text == new_text:
            new_text = _("%(text)s — nouveau contenu") % {"text": new_text}
        kind = "added" if key not in before else "removed" if key not in after else "changed"
        label = (after.get(key) or before.get(key))[0]
        changes.append({"label": label, "kind": kind, "before": old_text, "after": new_text})
    return changes
