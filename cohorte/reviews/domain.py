"""Reviews and conflicts of interest: who reviews what, scoring, declaring a conflict."""

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cohorte.accounts.roles import is_team, mentored_challenge_ids
from cohorte.audit.domain import record
from cohorte.calls.models import Application, ApplicationChoice, Call
from cohorte.calls.rules import SUBMITTED_STATES

from . import conflicts, visibility
from .aggregate import Aggregate, aggregate
from .exclusions import (
    OWN_APPLICATION,
    hidden_count,
    is_excluded,
    is_own,
    reviews_in,
    without_conflicts,
)
from .models import Conflict, Review

# The team reviews what is in preselection; mentors also see what went further.
TEAM_REVIEW_STATES = ("submitted", "shortlisted")
MAX_REASON_LENGTH = 300
MAX_COMMENT_LENGTH = 5000


class ReviewError(ValueError):
    """A review that cannot be saved, with one message per field ("form" for the form)."""

    def __init__(self, errors: dict[str, str]):
        self.errors = errors
        super().__init__(" ".join(errors.values()))


class ConflictError(ValueError):
    """A conflict of interest that cannot be declared."""


def is_reviewer(user) -> bool:
    """Team members and operational mentors review applications."""
    return is_team(user) or bool(mentored_challenge_ids(user))


def reviewable_applications(user, call: Call) -> QuerySet:
    """Applications of this call the user may review, conflicts left out (never a draft)."""
    return without_conflicts(_in_reach(user, call), user)


def hidden_from_review(user, call: Call) -> int:
    """How many applications the user would review but for a conflict (or being their own)."""
    return hidden_count(_in_reach(user, call), user)


def _in_reach(user, call: Call) -> QuerySet:
    queryset = Application.objects.filter(call=call)
    if is_team(user):
        queryset = queryset.filter(status__in=TEAM_REVIEW_STATES)
    else:
        mentored = mentored_challenge_ids(user)
        if not mentored:
            return queryset.none()
        chosen = ApplicationChoice.objects.filter(challenge_id__in=mentored)
        queryset = queryset.filter(
            status__in=SUBMITTED_STATES, pk__in=chosen.values("application_id")
        )
    return queryset


def with_review_data(queryset: QuerySet, user, stage: str = Review.Stage.PRESELECTION):
    """The applications with their candidate, choices, and reviews of this stage (no N+1)."""
    reviews = Review.objects.filter(stage=stage).only(
        "id", "application_id", "reviewer_id", "total", "recommendation", "stage"
    )
    return queryset.select_related("candidate", "call").prefetch_related(
        Prefetch(
            "choices",
            queryset=ApplicationChoice.objects.select_related("challenge", "profile"),
        ),
        Prefetch("reviews", queryset=reviews, to_attr="stage_reviews"),
    )


def others_visible(call: Call, has_own_review: bool) -> bool:
    """Whether the call's phase setting lets a reviewer see the others' reviews now."""
    return visibility.phase_allows(call, has_own_review)


def aggregate_visible(user, call: Call, has_own_review: bool) -> bool:
    """The team always sees aggregates; another reviewer when they may see others' reviews."""
    return is_team(user) or others_visible(call, has_own_review)


def summarise(reviews) -> Aggregate:
    """Count, mean, median and spread of these reviews' totals."""
    return aggregate([review.total for review in reviews])


def validate_scores(criteria, scores: dict) -> tuple[dict[str, int], int]:
    """Check one score per criterion, a whole number within its scale; the clean scores and total.

    Raises ReviewError with one message per faulty criterion (keyed by str(criterion id)).
    """
    errors: dict[str, str] = {}
    clean: dict[str, int] = {}
    for criterion in criteria:
        key = str(criterion.pk)
        raw = scores.get(key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            errors[key] = _("Donnez une note pour « %(label)s ».") % {"label": criterion.label}
            continue
        try:
            if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
                raise ValueError
            value = int(raw.strip()) if isinstance(raw, str) else int(raw)
        except (TypeError, ValueError):
            errors[key] = _("La note de « %(label)s » doit être un nombre entier.") % {
                "label": criterion.label
            }
            continue
        if not criterion.scale_min <= value <= criterion.scale_max:
            errors[key] = _(
                "La note de « %(label)s » doit être comprise entre %(min)s et %(max)s."
            ) % {"label": criterion.label, "min": criterion.scale_min, "max": criterion.scale_max}
            continue
        clean[key] = value
    unknown = set(scores) - {str(c.pk) for c in criteria}
    if unknown:
        errors["form"] = _("Cette grille ne comporte pas le ou les critères envoyés.")
    if errors:
        raise ReviewError(errors)
    return clean, sum(clean.values())


def subject_field(subject) -> str:
    """The field naming this subject on a review, conflict or decision."""
    return "proposal" if subject._meta.model_name == "proposal" else "application"


def _noun(subject) -> str:
    return (
        _("cette proposition") if subject_field(subject) == "proposal" else _("cette candidature")
    )


def submit_review(
    subject,
    reviewer,
    scores: dict,
    comment: str,
    recommendation: str,
    *,
    stage: str = Review.Stage.PRESELECTION,
    panel=None,
    challenge=None,
) -> Review:
    """Save (create or update) a reviewer's review of an application or proposal on the call's
    grid (at an interview, the grid of one of the candidate's défis)."""
    call = subject.call
    field = subject_field(subject)
    if challenge is not None and (field != "application" or stage != Review.Stage.INTERVIEW):
        raise ValueError("Only an interview grid of an application is about one défi.")
    mine = {field: subject, "reviewer": reviewer, "challenge": challenge}
    if subject.status not in SUBMITTED_STATES:
        raise ReviewError(
            {
                "form": _("%(subject)s ne peut pas être évaluée.")
                % {"subject": capfirst(_noun(subject))}
            }
        )
    if is_own(reviewer, subject):
        message = _(
            "Personne n'évalue sa propre candidature ni une proposition de son administration."
        )
        raise ReviewError({"form": message})
    if is_excluded(reviewer, subject):
        raise ReviewError(
            {
                "form": _("Vous avez déclaré un conflit d'intérêts sur %(subject)s.")
                % {"subject": _noun(subject)}
            }
        )
    if call.grid_id is None:
        raise ReviewError({"form": _("Cet appel n'a pas de grille d'évaluation.")})
    if panel is not None and (stage != Review.Stage.INTERVIEW or panel.referee_id != reviewer.pk):
        raise ReviewError({"form": _("Seul le référent du jury remplit la grille collective.")})
    criteria = list(call.grid.criteria.all())
    errors: dict[str, str] = {}
    try:
        clean, total = validate_scores(criteria, scores)
    except ReviewError as error:
        errors.update(error.errors)
    comment = (comment or "").strip()
    if len(comment) > MAX_COMMENT_LENGTH:
        errors["comment"] = _("Le commentaire dépasse %(max)s caractères.") % {
            "max": MAX_COMMENT_LENGTH
        }
    if recommendation not in Review.Recommendation.values:
        errors["recommendation"] = _("Choisissez un avis : favorable, réservé ou défavorable.")
    if errors:
        raise ReviewError(errors)
    values = {
        "scores": clean,
        "total": total,
        "comment": comment,
        "recommendation": recommendation,
        "panel": panel,
    }
    with transaction.atomic():
        review = Review.objects.select_for_update().filter(**mine, stage=stage).first()
        created = review is None
        if created:
            try:
                with transaction.atomic():
                    review = Review.objects.create(**mine, stage=stage, **values)
            except IntegrityError:  # the same form sent from two tabs: update the first one
                review = Review.objects.select_for_update().get(**mine, stage=stage)
                created = False
        if not created:
            for name, value in values.items():
                setattr(review, name, value)
            review.save()
        record(
            "review.submitted" if created else "review.updated",
            subject,
            actor=reviewer,
            review_id=review.pk,
            stage=stage,
            total=total,
            recommendation=recommendation,
            collective=panel is not None,
            **({"challenge_id": challenge.pk} if challenge is not None else {}),
        )
    return review


def declare_conflict(subject, reviewer, reason: str = "") -> Conflict:
    """Declare a conflict of interest: the application or proposal leaves the reviewer's lists
    for good."""
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON_LENGTH:
        raise ConflictError(_("Le motif dépasse %(max)s caractères.") % {"max": MAX_REASON_LENGTH})
    mine = {subject_field(subject): subject, "reviewer": reviewer}
    with transaction.atomic():
        if Conflict.objects.filter(**mine).exists():
            raise ConflictError(
                _("Vous avez déjà déclaré un conflit d'intérêts sur %(subject)s.")
                % {"subject": _noun(subject)}
            )
        conflict = Conflict.objects.create(**mine, reason=reason)
        # A conflicted reviewer neither sees nor scores: their past scores must not count.
        removed, _detail = Review.objects.filter(**mine).delete()
        record(
            "conflict.declared",
            subject,
            actor=reviewer,
            conflict_id=conflict.pk,
            reviewer_id=reviewer.pk,
            reviews_removed=removed,
        )
    return conflict


def declare_own_conflict(application) -> Conflict | None:
    """The conflict of a candidate who reviews in the call they apply to (the team, a mentor
    of one of its défis, a member of one of its panels): made once, audited; else None."""
    candidate = application.candidate
    if not reviews_in(candidate, application.call):
        return None
    with transaction.atomic():
        conflict, created = Conflict.objects.get_or_create(
            application=application, reviewer=candidate, defaults={"reason": OWN_APPLICATION}
        )
        if created:
            removed, _detail = Review.objects.filter(
                application=application, reviewer=candidate
            ).delete()
            record(
                "conflict.automatic",
                application,
                actor=None,
                conflict_id=conflict.pk,
                reviewer_id=candidate.pk,
                reason=OWN_APPLICATION,
                reviews_removed=removed,
            )
    return conflict


def reviewer_organisations(user) -> list[conflicts.OrganisationRef]:
    """Organisations the reviewer belongs to: hosts and funders of their défis, their domain's."""
    from cohorte.organisations.models import Organisation
    from cohorte.people.models import Role

    found: dict[int, Organisation] = {}
    roles = Role.objects.filter(person__user=user, challenge__isnull=False).select_related(
        "challenge__host_organisation", "challenge__funding_organisation"
    )
    for role in roles:
        for organisation in (role.challenge.host_organisation, role.challenge.funding_organisation):
            if organisation is not None:
                found[organisation.pk] = organisation
    domain = conflicts.email_domain(user.email)
    if domain and domain not in conflicts.WEBMAIL_DOMAINS:
        for organisation in Organisation.objects.exclude(website="").only(
            "id", "name", "acronym", "website"
        ):
            if conflicts.same_domain(conflicts.website_domain(organisation.website), domain):
                found[organisation.pk] = organisation
    return [
        conflicts.OrganisationRef(
            name=o.name, acronym=o.acronym, domain=conflicts.website_domain(o.website)
        )
        for o in found.values()
    ]


def programme_domains() -> set[str]:
    """The programme's own mail domains: its sender's, its site's and PROGRAMME_EMAIL_DOMAINS.
    Sharing one (the demo's accounts, say) says nothing of a conflict of interest."""
    from email.utils import parseaddr

    from django.conf import settings

    domains = {conflicts.email_domain(parseaddr(settings.DEFAULT_FROM_EMAIL)[1])}
    domains.add(conflicts.website_domain(settings.SITE_URL))
    domains |= {d.lower() for d in getattr(settings, "PROGRAMME_EMAIL_DOMAINS", [])}
    return domains - {""}


def conflict_suggestions(user, applications) -> dict[int, list[conflicts.Suggestion]]:
    """Suspected conflicts per application id (the candidate and answers must be loaded)."""
    organisations = reviewer_organisations(user)
    shared = programme_domains()
    result = {}
    for application in applications:
        found = conflicts.suggest(
            user.email,
            application.candidate.email,
            organisations,
            conflicts.answers_text(application.answers),
            shared,
        )
        if found:
            result[application.pk] = found
    return result
