"""The interviews of a call or a panel as the jury area lists them: filtered, searched and
paginated by the database, with their figures counted over the whole list in one query."""

from django import forms
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from cohorte.pagination import paginate
from cohorte.reviews.models import Review
from cohorte.search import matching

from ..models import InterviewSlot

PER_PAGE = 50
GRIDS = [
    ("", _("Toutes")),
    ("sans", _("Sans grille")),
    ("avec", _("Avec au moins une grille")),
    ("sans-la-votre", _("Sans votre grille")),
]


def _grids(**extra):
    """Interview grids of the slot's application for the slot's défi (see ``grid_status``)."""
    reviews = Review.objects.filter(
        stage=Review.Stage.INTERVIEW, application_id=OuterRef("application_id"), **extra
    )
    # A slot without défi counts the grids without défi, as ``grid_status`` compares them.
    return Q(challenge__isnull=False, grid_same=True) | Q(challenge__isnull=True, grid_none=True), {
        "grid_same": Exists(reviews.filter(challenge_id=OuterRef("challenge_id"))),
        "grid_none": Exists(reviews.filter(challenge__isnull=True)),
    }


def with_grid(slots, **extra):
    """``slots`` that have an interview grid of their défi (``extra`` narrows the grids)."""
    condition, annotations = _grids(**extra)
    return slots.alias(**annotations).filter(condition)


def without_grid(slots, **extra):
    """``slots`` that have no interview grid of their défi (``extra`` narrows the grids)."""
    condition, annotations = _grids(**extra)
    return slots.alias(**annotations).exclude(condition)


class SlotFilterForm(forms.Form):
    """The filters of a list of interviews, read from the query string."""

    q = forms.CharField(label=_("Rechercher un·e candidat·e"), required=False, max_length=200)
    jury = forms.ModelChoiceField(
        label=_("Jury"), queryset=None, required=False, empty_label=_("Tous les jurys")
    )
    defi = forms.ModelChoiceField(
        label=_("Défi"), queryset=None, required=False, empty_label=_("Tous les défis")
    )
    statut = forms.ChoiceField(
        label=_("Statut"),
        required=False,
        choices=[("", _("Tous les statuts")), *InterviewSlot.Status.choices],
    )
    grilles = forms.ChoiceField(label=_("Grilles d’audition"), required=False, choices=GRIDS)

    def __init__(self, data, *, panels=None, challenges):
        super().__init__(data)
        if panels is None:
            del self.fields["jury"]
        else:
            self.fields["jury"].queryset = panels
        self.fields["defi"].queryset = challenges

    def apply(self, slots, user):
        """``slots`` narrowed by the valid filters (nothing when a filter is invalid)."""
        if not self.is_valid():
            return slots.none()
        data = self.cleaned_data
        if data["q"]:
            slots = matching(slots, data["q"], fields=("application__search_text",))
        if data.get("jury"):
            slots = slots.filter(panel=data["jury"])
        if data["defi"]:
            slots = slots.filter(challenge=data["defi"])
        if data["statut"]:
            slots = slots.filter(status=data["statut"])
        if data["grilles"] == "sans":
            slots = without_grid(slots)
        elif data["grilles"] == "avec":
            slots = with_grid(slots)
        elif data["grilles"] == "sans-la-votre":
            slots = without_grid(slots, reviewer=user)
        return slots

    def active_params(self) -> dict:
        """The filters in use, as query parameters (to keep them from page to page)."""
        if not self.is_bound or not self.is_valid():
            return {k: v for k, v in (self.data or {}).items() if k in self.fields and v}
        return {
            name: (value.pk if hasattr(value, "pk") else value)
            for name, value in self.cleaned_data.items()
            if value
        }


def figures(slots) -> dict:
    """Counts of ``slots`` (the whole list, before filters) by state, in one query."""
    condition, annotations = _grids()
    status = InterviewSlot.Status
    return slots.alias(**annotations).aggregate(
        total=Count("pk"),
        active=Count("pk", filter=~Q(status=status.CANCELLED)),
        confirmed=Count("pk", filter=Q(status=status.CONFIRMED)),
        waiting=Count("pk", filter=Q(status__in=[status.PLANNED, status.INVITED])),
        moves=Count("pk", filter=Q(status=status.MOVE_REQUESTED)),
        graded=Count("pk", filter=~Q(status=status.CANCELLED) & condition),
    )


def slot_page(request, slots, form, user, param="page"):
    """The requested page of ``slots`` after the form's filters, in time order."""
    ordered = form.apply(slots, user).order_by("starts_at", "panel__name", "pk")
    return paginate(request, ordered, PER_PAGE, param)
