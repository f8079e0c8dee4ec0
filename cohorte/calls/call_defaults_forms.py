"""The form of what a new call starts from: statements and grid criteria, one per line."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MAX_LINES = 20
STATEMENT_LENGTH = 500  # Statement.text
LABEL_LENGTH = 300  # Criterion.label
SEPARATOR = " : "


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _too_many(lines: list[str]) -> None:
    if len(lines) > MAX_LINES:
        raise forms.ValidationError(_("%(n)s lignes au plus.") % {"n": MAX_LINES})


def criteria_text(rows) -> str:
    """Criteria as the form shows them: « Libellé : description », one per line."""
    return "\n".join(f"{label}{SEPARATOR}{description}" if description else label
                     for label, description in rows)  # fmt: skip


class CallDefaultsForm(forms.Form):
    default_statements = forms.CharField(
        label=gettext_lazy("Déclarations sur l’honneur d’un nouvel appel à candidatures"),
        help_text=gettext_lazy("Une par ligne : les candidat·es cochent chacune avant de déposer."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    default_criteria = forms.CharField(
        label=gettext_lazy("Critères de la grille d’un nouvel appel à candidatures"),
        help_text=gettext_lazy(
            "Un par ligne, « Libellé : description » (la description est facultative)."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    default_project_criteria = forms.CharField(
        label=gettext_lazy("Critères de la grille d’un nouvel appel à projets"),
        help_text=gettext_lazy(
            "Un par ligne, « Libellé : description » (la description est facultative)."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )

    @classmethod
    def of(cls, programme, data=None):
        """The form filled with ``programme``'s defaults, or bound to ``data``."""
        initial = {
            "default_statements": "\n".join(programme.default_statements),
            "default_criteria": criteria_text(programme.default_criteria),
            "default_project_criteria": criteria_text(programme.default_project_criteria),
        }
        return cls(data, initial=initial)

    def clean_default_statements(self):
        lines = _lines(self.cleaned_data["default_statements"])
        _too_many(lines)
        for number, line in enumerate(lines, start=1):
            if len(line) > STATEMENT_LENGTH:
                raise forms.ValidationError(
                    _("La déclaration de la ligne %(line)s dépasse %(n)s caractères.")
                    % {"line": number, "n": STATEMENT_LENGTH}
                )
        return lines

    def _criteria(self, name):
        lines = _lines(self.cleaned_data[name])
        _too_many(lines)
        rows, labels = [], set()
        for number, line in enumerate(lines, start=1):
            label, _separator, description = (part.strip() for part in line.partition(":"))
            if not label:
                raise forms.ValidationError(
                    _("La ligne %(line)s n’a pas de libellé avant « : ».") % {"line": number}
                )
            if len(label) > LABEL_LENGTH:
                raise forms.ValidationError(
                    _("Le libellé de la ligne %(line)s dépasse %(n)s caractères.")
                    % {"line": number, "n": LABEL_LENGTH}
                )
            if label.casefold() in labels:
                raise forms.ValidationError(
                    _("Le critère « %(label)s » figure deux fois.") % {"label": label}
                )
            labels.add(label.casefold())
            rows.append([label, description])
        return rows

    def clean_default_criteria(self):
        return self._criteria("default_criteria")

    def clean_default_project_criteria(self):
        return self._criteria("default_project_criteria")
