"""Forms of the bulletins: writing one, commenting it, filtering the archive."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

from . import writing
from .models import Bulletin


def _text(label, help_text):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=False,
        # No maxlength in the page: a pasted text over the limit is refused, not cut silently.
        validators=[MaxLengthValidator(writing.MAX_LENGTH, message=writing.TOO_LONG)],
        widget=forms.Textarea(attrs={"rows": 8, "data-limit": writing.MAX_LENGTH}),
    )


class BulletinForm(forms.Form):
    """The week's bulletin: three parts in Markdown, a mood, shared or not."""

    done = _text(
        _("Ce que nous avons fait"),
        _("En Markdown, 5 000 caractères au plus. Nécessaire pour publier."),
    )
    next = _text(_("Ce qui vient"), _("En Markdown, 5 000 caractères au plus."))
    help_needed = _text(
        _("Où nous avons besoin d'aide"),
        _("En Markdown, 5 000 caractères au plus. L'équipe du programme peut y répondre."),
    )
    mood = forms.ChoiceField(
        label=_("Humeur de l'équipe (facultatif)"),
        required=False,
        choices=[("", _("Ne pas préciser"))] + list(Bulletin.Mood.choices),
    )
    shared = forms.BooleanField(
        label=_("Partager avec toute la promotion"),
        help_text=_("Sinon, seuls l'équipe du défi et l'équipe du programme le lisent."),
        required=False,
    )

    @classmethod
    def initial_of(cls, bulletin) -> dict:
        if bulletin is None:
            return {}
        return {name: getattr(bulletin, name) for name in cls.base_fields}


class CommentForm(forms.Form):
    """The team's comment; on a bulletin asking for help, an action may follow."""

    text = forms.CharField(
        label=_("Votre commentaire"),
        help_text=_("L'équipe du défi le reçoit par e-mail. 5 000 caractères au plus."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    answers_help = forms.BooleanField(label=_("Répond à la demande d'aide"), required=False)
    action_title = forms.CharField(
        label=_("Action à ouvrir (facultatif)"),
        help_text=_(
            "Par exemple : « Présenter l'équipe au service juridique ». "
            "Sans intitulé, aucune action n'est ouverte."
        ),
        required=False,
    )
    action_owner = forms.IntegerField(label=_("Responsable de l'action"), required=False)
    action_due = forms.DateField(
        label=_("Échéance de l'action"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Indiquez l'échéance au format jj/mm/aaaa.")},
    )

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action_owner"].widget = forms.Select(
            choices=[("", _("Choisir une personne"))]
            + [(user.pk, user.get_full_name() or user.username) for user in owners]
        )

    def owner(self):
        pk = self.cleaned_data.get("action_owner")
        return get_user_model().objects.filter(pk=pk).first() if pk else None


class ArchiveFilter(forms.Form):
    """The archive's filters (any value shows a list: a bad one is ignored)."""

    defi = forms.TypedChoiceField(label=_("Défi"), required=False, coerce=int, empty_value=None)
    semaine = forms.DateField(
        label=_("Semaine contenant le"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    q = forms.CharField(label=_("Rechercher dans les bulletins"), required=False, max_length=200)

    def __init__(self, *args, challenges=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["defi"].choices = [("", _("Tous les défis"))] + [
            (c.pk, f"{c.title} ({c.cohort.name})" if c.cohort_id else c.title) for c in challenges
        ]
