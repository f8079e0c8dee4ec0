"""Configuring a call from the team's space: its window, rounds, questions, grid and settings.

The call's own window is never edited apart: it runs from its first round's opening to
its last round's closing (``follow_rounds``). What candidates or administrations already
wrote is never lost: a round with submissions stays, and a question already answered
keeps its kind, options and limits (``question_locked``). Every change is journaled.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.programmes import call_defaults

from .models import Call, Question, Round, Statement

# What may still change in a question once answers exist: the wording only.
WORDING_FIELDS = {"label", "help_text"}


def has_submissions(call: Call) -> bool:
    """Whether anyone already started an application or a proposal in this call."""
    if call.applications.exists():
        return True
    return call.kind == Call.Kind.PROJECTS and call.proposals.exists()


def round_has_submissions(round_: Round) -> bool:
    """Whether an application or a proposal belongs to this round."""
    return round_.applications.exists() or round_.proposals.exists()


def follow_rounds(call: Call) -> None:
    """Set the call's window from its rounds: first opening, last closing."""
    rounds = list(call.rounds.all())
    if not rounds:
        return
    opens_at = min(r.opens_at for r in rounds)
    closes_at = max(r.closes_at for r in rounds)
    if (call.opens_at, call.closes_at) != (opens_at, closes_at):
        call.opens_at, call.closes_at = opens_at, closes_at
        call.save(update_fields=["opens_at", "closes_at"])


def create_cohort(*, programme, name: str, number, year, actor):
    """A new promotion of the programme, in preparation, for the calls of the coming year."""
    from cohorte.programmes.models import Cohort

    with transaction.atomic():
        cohort = Cohort(
            programme=programme,
            name=name,
            number=number,
            year=year,
            slug=slugify(name)[:120],
            status=Cohort.Status.PLANNED,
        )
        cohort.full_clean()
        cohort.save()
        record("cohort.created", cohort, actor=actor, name=name, number=number, year=year)
    return cohort


def create_call(*, cohort, kind: str, title: str, round_name: str, opens_at, closes_at, actor):
    """A new call with its first round (its window), default statements and settings."""
    with transaction.atomic():
        call = Call(cohort=cohort, kind=kind, title=title, opens_at=opens_at, closes_at=closes_at)
        call.full_clean()
        call.save()
        Round.objects.create(call=call, name=round_name, opens_at=opens_at, closes_at=closes_at)
        if kind == Call.Kind.APPLICATIONS:
            Statement.objects.bulk_create(
                Statement(call=call, order=i, text=text)
                for i, text in enumerate(call_defaults.statements_of(cohort.programme), start=1)
            )
        else:
            from cohorte.projects.models import ProjectCallSettings

            # Usually made already as the call is saved (cohorte.projects.apps).
            ProjectCallSettings.objects.get_or_create(call=call)
        record("call.created", call, actor=actor, kind=kind, cohort=cohort.pk)
    return call


def save_call(call: Call, changed: list[str], actor) -> None:
    """Save a call's settings edited in a form, journaled with the fields changed."""
    call.save()
    if changed:
        record("call.changed", call, actor=actor, fields=sorted(changed))


def save_round(round_: Round, changed: list[str], actor) -> None:
    """Save a new or edited round; the call's window follows."""
    created = round_.pk is None
    with transaction.atomic():
        round_.save()
        follow_rounds(round_.call)
        if created:
            record("round.created", round_, actor=actor, call=round_.call_id)
        elif changed:
            record(
                "round.changed", round_, actor=actor, call=round_.call_id, fields=sorted(changed)
            )


def round_removal_refusal(round_: Round) -> str:
    """Why this round may not be removed, or an empty string."""
    if round_has_submissions(round_):
        return _(
            "La session « %(name)s » a déjà des candidatures ou des propositions : elle ne "
            "peut plus être supprimée."
        ) % {"name": round_.name}
    if round_.call.rounds.count() == 1:
        return _(
            "La session « %(name)s » est la seule de l’appel et fixe ses dates : ajoutez-en "
            "une autre avant de la supprimer."
        ) % {"name": round_.name}
    return ""


def remove_round(round_: Round, actor) -> None:
    """Remove a round without submissions; the call's window follows the others."""
    refusal = round_removal_refusal(round_)
    if refusal:
        raise ValidationError(refusal)
    call = round_.call
    with transaction.atomic():
        round_.delete()
        follow_rounds(call)
        record("round.deleted", call, actor=actor, name=round_.name)


def question_locked(question: Question) -> bool:
    """Whether applications already hold answers to this question's form."""
    return question.pk is not None and question.call.applications.exists()


def question_refusal(question: Question, changed: list[str]) -> str:
    """Why these changes would lose or invalidate answers already given, or empty."""
    call = question.call
    if not call.applications.exists():
        return ""
    if question.pk is None:
        if question.required:
            return _(
                "Des candidatures existent déjà : une nouvelle question ne peut être que "
                "facultative (décochez « Obligatoire »)."
            )
        return ""
    touched = set(changed) - WORDING_FIELDS
    if touched:
        return _(
            "Des candidatures existent déjà : seuls l’intitulé et l’aide de cette question "
            "peuvent encore changer, pas son type, ses options, sa longueur ni son caractère "
            "obligatoire (les réponses données seraient perdues ou invalides)."
        )
    return ""


def save_question(question: Question, changed: list[str], actor) -> None:
    """Save a new or edited question, refused if it would lose answers already given."""
    refusal = question_refusal(question, changed)
    if refusal:
        raise ValidationError(refusal)
    created = question.pk is None
    if created:
        last = question.call.questions.order_by("-order").values_list("order", flat=True).first()
        question.order = (last or 0) + 1
    question.save()
    if created:
        record("question.created", question, actor=actor, call=question.call_id)
    elif changed:
        record(
            "question.changed",
            question,
            actor=actor,
            call=question.call_id,
            fields=sorted(changed),
        )


def remove_question(question: Question, actor) -> None:
    """Remove a question nobody answered yet."""
    if question.call.applications.exists():
        raise ValidationError(
            _(
                "Des candidatures existent déjà : la question « %(label)s » ne peut plus être "
                "supprimée sans perdre leurs réponses."
            )
            % {"label": question.label}
        )
    call = question.call
    question.delete()
    record("question.deleted", call, actor=actor, label=question.label[:200])


def move(row, siblings, direction: str, actor, action: str, subject) -> bool:
    """Swap ``row`` with its neighbour ("up" or "down") in ``siblings``; renumbers them."""
    rows = list(siblings)
    index = next(i for i, r in enumerate(rows) if r.pk == row.pk)
    other = index - 1 if direction == "up" else index + 1
    if other < 0 or other >= len(rows):
        return False
    rows[index], rows[other] = rows[other], rows[index]
    with transaction.atomic():
        for position, item in enumerate(rows, start=1):
            if item.order != position:
                item.order = position
                item.save(update_fields=["order"])
        record(action, subject, actor=actor, moved=row.pk, direction=direction)
    return True


def move_question(question: Question, direction: str, actor) -> bool:
    """Move a question up or down the form (answers are kept by question, not position)."""
    return move(
        question,
        question.call.questions.all(),
        direction,
        actor,
        "question.moved",
        question,
    )


def statement_refusal(call: Call) -> str:
    """Why the statements may no longer change, or empty."""
    if call.applications.exists():
        return _(
            "Des candidatures existent déjà : les déclarations sur l’honneur qu’elles ont "
            "cochées ne peuvent plus changer."
        )
    return ""


def save_statement(statement: Statement, changed: list[str], actor) -> None:
    """Save a new or edited statement of the call, before anyone applies."""
    refusal = statement_refusal(statement.call)
    if refusal:
        raise ValidationError(refusal)
    created = statement.pk is None
    if created:
        last = statement.call.statements.order_by("-order").values_list("order", flat=True)
        statement.order = (last.first() or 0) + 1
    statement.save()
    if created:
        record("statement.created", statement, actor=actor, call=statement.call_id)
    elif changed:
        record("statement.changed", statement, actor=actor, call=statement.call_id)


def remove_statement(statement: Statement, actor) -> None:
    """Remove a statement of the call, before anyone applies."""
    call = statement.call
    refusal = statement_refusal(call)
    if refusal:
        raise ValidationError(refusal)
    statement.delete()
    record("statement.deleted", call, actor=actor, text=statement.text[:200])


def grid_locked(call: Call) -> bool:
    """Whether reviews were already written on this call's grid."""
    from cohorte.reviews.models import Review

    if call.grid_id is None:
        return False
    return Review.objects.filter(application__call__grid=call.grid_id).exists() or (
        Review.objects.filter(proposal__call__grid=call.grid_id).exists()
    )


def create_grid(call: Call, actor):
    """A grid of the call's own, started from the programme's default criteria."""
    from cohorte.reviews.models import Criterion, Grid

    defaults = call_defaults.criteria_of(
        call.cohort.programme, projects=call.kind == Call.Kind.PROJECTS
    )
    with transaction.atomic():
        grid = Grid.objects.create(name=_("Grille — %(title)s") % {"title": call.title[:180]})
        Criterion.objects.bulk_create(
            Criterion(grid=grid, order=i, label=label, description=description)
            for i, (label, description) in enumerate(defaults, start=1)
        )
        call.grid = grid
        call.save(update_fields=["grid"])
        record("grid.created", grid, actor=actor, call=call.pk)
    return grid


def grid_refusal(call: Call) -> str:
    """Why the grid's criteria may no longer change, or empty."""
    if grid_locked(call):
        return _(
            "Des évaluations ont déjà été saisies sur cette grille : ses critères et leurs "
            "échelles ne peuvent plus changer sans fausser les notes données."
        )
    return ""


def save_criterion(criterion, call: Call, changed: list[str], actor) -> None:
    """Save a new or edited criterion of the call's grid."""
    refusal = grid_refusal(call)
    if refusal:
        raise ValidationError(refusal)
    created = criterion.pk is None
    if created:
        last = criterion.grid.criteria.order_by("-order").values_list("order", flat=True).first()
        criterion.order = (last or 0) + 1
    criterion.save()
    if created:
        record("criterion.created", criterion, actor=actor, call=call.pk)
    elif changed:
        record("criterion.changed", criterion, actor=actor, call=call.pk, fields=sorted(changed))


def remove_criterion(criterion, call: Call, actor) -> None:
    """Remove a criterion of a grid nobody scored on yet."""
    refusal = grid_refusal(call)
    if refusal:
        raise ValidationError(refusal)
    grid = criterion.grid
    criterion.delete()
    record("criterion.deleted", grid, actor=actor, call=call.pk, label=criterion.label[:200])


def move_criterion(criterion, call: Call, direction: str, actor) -> bool:
    """Move a criterion up or down its grid."""
    return move(
        criterion,
        criterion.grid.criteria.all(),
        direction,
        actor,
        "criterion.moved",
        criterion,
    )


def set_choices(call: Call, form, actor) -> None:
    """Save what candidates choose among, the seats of each défi and the announcement."""
    with transaction.atomic():
        before = {c.pk: c.seats for c in call.challenges.all()}
        form.save()
        seats = {}
        for challenge in call.challenges.all():
            value = form.cleaned_data.get(f"seats_{challenge.pk}")
            if value is not None and value != challenge.seats:
                challenge.seats = value
                challenge.save(update_fields=["seats"])
                seats[str(challenge.pk)] = value
        changed = sorted(set(form.changed_data) - {n for n in form.changed_data if "seats_" in n})
        if changed or seats or set(before) != {c.pk for c in call.challenges.all()}:
            record("call.changed", call, actor=actor, fields=changed, seats=seats)


def save_row(row, changed: list[str], actor, action_prefix: str, call: Call) -> None:
    """Save a new or edited settings row (project settings, funding rules, salary band)."""
    created = row.pk is None
    row.save()
    if created:
        record(f"{action_prefix}.created", row, actor=actor, call=call.pk)
    elif changed:
        record(f"{action_prefix}.changed", row, actor=actor, call=call.pk, fields=sorted(changed))


def bands_in_use(rules) -> bool:
    """Whether proposals of the cohort already give employer costs by band."""
    from cohorte.projects.models import Proposal

    return Proposal.objects.filter(call__cohort=rules.cohort_id).exists()


def band_refusal(band, removing: bool = False) -> str:
    """Why this band may not be removed (or renamed, its key changed), or empty."""
    if band.pk is None or not bands_in_use(band.rules):
        return ""
    saved = type(band).objects.get(pk=band.pk)
    if removing or saved.key != band.key:
        return _(
            "Des propositions de la promotion donnent déjà un coût employeur pour la tranche "
            "« %(label)s » : elle ne peut plus être supprimée ni changer d’identifiant."
        ) % {"label": saved.label}
    return ""


def save_band(band, changed: list[str], actor, call: Call) -> None:
    """Save a new or edited salary band, refused if proposals' costs would lose their band."""
    refusal = band_refusal(band)
    if refusal:
        raise ValidationError(refusal)
    if band.pk is None:
        last = band.rules.bands.order_by("-order").values_list("order", flat=True).first()
        band.order = (last or 0) + 1
    save_row(band, changed, actor, "salaryband", call)


def remove_band(band, call: Call, actor) -> None:
    """Remove a salary band no proposal gave a cost for."""
    refusal = band_refusal(band, removing=True)
    if refusal:
        raise ValidationError(refusal)
    rules = band.rules
    band.delete()
    record("salaryband.deleted", rules, actor=actor, call=call.pk, label=band.label[:200])
