"""Filter forms of the public lists: plain GET forms with labelled fields, no JavaScript."""

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from cohorte.challenges.models import Challenge, Expertise, Theme
from cohorte.organisations.models import Organisation
from cohorte.people.grammar import Form, role_title
from cohorte.people.models import Person, Role
from cohorte.programmes.models import Cohort

SEARCH_MAX_LENGTH = 100


class FilterForm(forms.Form):
    """A GET filter form whose raw values filter the list, known or not.

    An unknown slug (an old link, a typo) filters everything out rather than being
    silently ignored, so that a list never claims to be filtered when it is not.
    """

    q = forms.CharField(label=_("Rechercher"), required=False, max_length=SEARCH_MAX_LENGTH)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        for field in self.fields.values():
            is_select = isinstance(field.widget, forms.Select)
            field.widget.attrs["class"] = "fr-select" if is_select else "fr-input"
            field.group_class = "fr-select-group" if is_select else "fr-input-group"

    def active_filters(self) -> dict[str, str]:
        """The non-empty submitted values, in field order (used for queries and links)."""
        values = {}
        for name in self.fields:
            value = (self.data.get(name) or "").strip()[:SEARCH_MAX_LENGTH]
            if value:
                values[name] = value
        return values

    @staticmethod
    def _choices(empty_label, queryset):
        # Plain tuples: options need no model instance.
        return [("", empty_label), *queryset.values_list("slug", "name")]


class ChallengeFilterForm(FilterForm):
    """Filters of the défi catalogue: promotion, theme, expertise, host organisation, text."""

    promotion = forms.ChoiceField(label=_("Promotion"), required=False)
    theme = forms.ChoiceField(label=_("Thème"), required=False)
    expertise = forms.ChoiceField(label=_("Expertise recherchée"), required=False)
    organisation = forms.ChoiceField(label=_("Administration d'accueil"), required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        public = Challenge.objects.public()
        self.fields["q"].help_text = _("Titre, accroche, présentation ou administration")
        self.fields["promotion"].choices = self._choices(
            _("Toutes les promotions"),
            Cohort.objects.filter(Exists(public.filter(cohort=OuterRef("pk")))),
        )
        self.fields["theme"].choices = self._choices(
            _("Tous les thèmes"),
            Theme.objects.filter(Exists(public.filter(themes=OuterRef("pk")))),
        )
        self.fields["expertise"].choices = self._choices(
            _("Toutes les expertises"),
            Expertise.objects.filter(Exists(public.filter(expertises=OuterRef("pk")))),
        )
        self.fields["organisation"].choices = self._choices(
            _("Toutes les administrations"),
            Organisation.objects.filter(Exists(public.filter(host_organisation=OuterRef("pk")))),
        )


class PersonFilterForm(FilterForm):
    """Filters of the directory: promotion, role, expertise, name."""

    promotion = forms.ChoiceField(label=_("Promotion"), required=False)
    role = forms.ChoiceField(label=_("Rôle"), required=False)
    expertise = forms.ChoiceField(label=_("Expertise"), required=False)

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["q"].help_text = _("Nom ou fonction")
        public = Person.objects.public()
        self.fields["promotion"].choices = self._choices(
            _("Toutes les promotions"),
            Cohort.objects.filter(
                Exists(Role.objects.filter(cohort=OuterRef("pk"), person__is_public=True))
            ),
        )
        self.fields["role"].choices = [
            ("", _("Tous les rôles")),
            *((kind, role_title(kind, Form.NEUTRAL) or label) for kind, label in Role.Kind.choices),
        ]
        self.fields["expertise"].choices = self._choices(
            _("Toutes les expertises"),
            Expertise.objects.filter(Exists(public.filter(expertises=OuterRef("pk")))),
        )
