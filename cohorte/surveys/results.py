"""A survey's results, aggregated per question in SQL, and its exports.

Nothing here names a respondent of an anonymous survey: free texts come sorted by their
content, raw answers by the response's random key, and no column holds an identity.
"""

from dataclasses import dataclass, field

from django.db.models import Avg, CharField, Count, Q, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext as _

from .models import Answer, Question, Response, Survey

# An anonymous survey's results wait for this many responses: with fewer, knowing who
# answered (the answer rate) would say who answered what.
ANONYMOUS_MINIMUM = 3


def hidden(survey) -> bool:
    """Whether an anonymous survey has too few responses to show its results."""
    return survey.anonymous and survey.responses.count() < ANONYMOUS_MINIMUM


@dataclass
class QuestionResult:
    question: Question
    answered: int
    counts: list = field(default_factory=list)  # (label, count), in the proposed order
    mean: float | None = None
    texts: list = field(default_factory=list)


def rate(survey) -> dict:
    """How many were invited, how many answered, and the rate in percent."""
    counts = survey.invitations.aggregate(
        invited=Count("pk"), answered=Count("pk", filter=Q(answered=True))
    )
    invited, answered = counts["invited"], counts["answered"]
    return {
        "invited": invited,
        "answered": answered,
        "percent": round(100 * answered / invited) if invited else None,
    }


def _numbers(question, answers) -> QuestionResult:
    Kind = Question.Kind
    totals = answers.aggregate(n=Count("pk"), mean=Avg("number"))
    result = QuestionResult(question, totals["n"])
    per_value = dict(
        answers.values("number")
        .annotate(n=Count("pk"))
        .order_by("number")
        .values_list("number", "n")
    )
    if question.kind == Kind.SCALE:
        result.counts = [(str(v), per_value.get(v, 0)) for v in range(1, 6)]
        result.mean = totals["mean"]
    elif question.kind == Kind.YES_NO:
        result.counts = [(_("Oui"), per_value.get(1, 0)), (_("Non"), per_value.get(0, 0))]
    else:
        result.mean = totals["mean"]
        result.counts = [(_format_number(v), n) for v, n in per_value.items()]
    return result


def _format_number(value) -> str:
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _choices(question, answers) -> QuestionResult:
    # Each answer's choices, one per line: padded with line breaks, a choice is counted
    # when "\n<choice>\n" occurs (choices hold no line break). One query per question.
    padded = answers.annotate(
        padded=Concat(Value("\n"), "text", Value("\n"), output_field=CharField())
    )
    aggregates = {"n": Count("pk")}
    for index, choice in enumerate(question.choices):
        aggregates[f"c{index}"] = Count("pk", filter=Q(padded__contains=f"\n{choice}\n"))
    totals = padded.aggregate(**aggregates)
    result = QuestionResult(question, totals["n"])
    result.counts = [(c, totals[f"c{i}"]) for i, c in enumerate(question.choices)]
    return result


def _texts(question, answers) -> QuestionResult:
    texts = list(answers.exclude(text="").order_by("text").values_list("text", flat=True))
    return QuestionResult(question, len(texts), texts=texts)


def per_question(survey) -> list[QuestionResult]:
    Kind = Question.Kind
    results = []
    for question in survey.questions.all():
        answers = Answer.objects.filter(question=question)
        if question.kind in (Kind.SCALE, Kind.YES_NO, Kind.NUMBER):
            results.append(_numbers(question, answers))
        elif question.kind in (Kind.SINGLE, Kind.MULTIPLE):
            results.append(_choices(question, answers))
        else:
            results.append(_texts(question, answers))
    return results


SUMMARY_COLUMNS = [
    ("question", "Question"),
    ("kind", "Type"),
    ("answer", "Réponse"),
    ("count", "Nombre"),
    ("mean", "Moyenne"),
]


def summary_rows(survey):
    """One row per proposed value (or free text) of each question, with its count."""
    for result in per_question(survey):
        base = {
            "question": result.question.label,
            "kind": result.question.get_kind_display(),
        }
        if result.mean is not None:
            yield {
                **base,
                "answer": _("Moyenne"),
                "count": result.answered,
                "mean": round(float(result.mean), 2),
            }
        for label, count in result.counts:
            yield {**base, "answer": label, "count": count, "mean": None}
        for text in result.texts:
            yield {**base, "answer": text, "count": 1, "mean": None}


def raw_columns(survey) -> list[tuple[str, str]]:
    columns = [("response", "Réponse")]
    if not survey.anonymous:
        columns += [("name", "Nom"), ("email", "Adresse e-mail"), ("submitted_at", "Envoyée le")]
    columns += [(f"q{q.pk}", q.label) for q in survey.questions.all()]
    return columns


def _value(answer):
    Kind = Question.Kind
    kind = answer.question.kind
    if kind == Kind.YES_NO:
        return "Oui" if answer.number == 1 else "Non"
    if kind in (Kind.SCALE, Kind.NUMBER):
        return answer.number
    if kind in (Kind.SINGLE, Kind.MULTIPLE):
        return list(answer.choices)
    return answer.text


def raw_rows(survey):
    """One row per response, ordered by its random key (for an anonymous survey, that order
    says nothing about who answered or when)."""
    responses = Response.objects.filter(survey=survey).order_by("pk")
    if not survey.anonymous:
        responses = responses.select_related("invitation__person")
    answers: dict = {}
    for answer in (
        Answer.objects.filter(response__survey=survey).select_related("question").order_by("pk")
    ):
        answers.setdefault(answer.response_id, {})[f"q{answer.question_id}"] = _value(answer)
    for response in responses:
        row = {"response": str(response.pk), **answers.get(response.pk, {})}
        if not survey.anonymous:
            invitation = response.invitation
            person = invitation.person if invitation else None
            row["name"] = person.full_name if person else ""
            row["email"] = invitation.email if invitation else ""
            row["submitted_at"] = response.submitted_at
        yield row


def anonymous_label(survey: Survey) -> str:
    return _("anonymes") if survey.anonymous else _("nominatives")
