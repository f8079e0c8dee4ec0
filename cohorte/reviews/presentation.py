"""What reviewers and jurors read of an application: answers, choices, files, grid fields."""

from django.urls import reverse
from django.utils.translation import gettext as _

from cohorte.calls import drafts
from cohorte.calls.models import ApplicationFile, Question


def submitted_answers(application) -> dict:
    """The answers as last submitted: a shortlisted candidate may edit until their round
    closes, and reviewers read only what was submitted."""
    if not drafts.has_unsubmitted_changes(application):
        return application.answers or {}
    latest = application.versions.order_by("-number").first()
    return {str(a["question"]): a.get("value") for a in latest.data.get("answers", [])}


def answer_rows(application) -> list[dict]:
    """The call's questions in order with the candidate's answer as text (file questions apart)."""
    rows = []
    answers = submitted_answers(application)
    for question in application.call.questions.all():
        if question.kind == Question.Kind.FILE:
            continue
        value = answers.get(str(question.pk))
        if isinstance(value, bool):
            text = _("Oui") if value else _("Non")
        elif isinstance(value, list | tuple):
            text = ", ".join(str(v) for v in value)
        elif value in (None, ""):
            text = ""
        else:
            text = str(value)
        rows.append(
            {
                "question": question,
                "text": text,
                "is_url": question.kind == Question.Kind.URL
                and text.startswith(("https://", "http://")),
            }
        )
    return rows


def current_files(application) -> list[dict]:
    """The application's current files with their permission-checked download address."""
    files = ApplicationFile.objects.filter(application=application, is_current=True).select_related(
        "question"
    )
    return [
        {
            "file": item,
            "label": item.question.label if item.question_id else item.get_kind_display(),
            "url": reverse("reviews:application_file", args=[application.pk, item.pk]),
        }
        for item in files
    ]


def grid_fields(criteria, scores: dict, errors: dict) -> list[dict]:
    """One field per criterion: its choices, the value shown and its error."""
    fields = []
    for criterion in criteria:
        key = str(criterion.pk)
        value = scores.get(key)
        fields.append(
            {
                "criterion": criterion,
                "name": f"score-{criterion.pk}",
                "value": str(value) if value is not None else "",
                "choices": [str(n) for n in range(criterion.scale_min, criterion.scale_max + 1)],
                "error": errors.get(key, ""),
            }
        )
    return fields


def posted_scores(post, criteria) -> dict[str, str]:
    """The scores a grid form sent, keyed by str(criterion id)."""
    return {str(c.pk): post.get(f"score-{c.pk}", "") for c in criteria}


def suggestion_label(suggestion) -> str:
    """The warning shown for a suspected conflict of interest."""
    from .conflicts import MAIL_DOMAIN, ORGANISATION_DOMAIN

    if suggestion.kind == MAIL_DOMAIN:
        return _("Conflit possible : même domaine de messagerie (%(domain)s)") % {
            "domain": suggestion.detail
        }
    if suggestion.kind == ORGANISATION_DOMAIN:
        return _("Conflit possible : adresse de messagerie de « %(name)s »") % {
            "name": suggestion.detail
        }
    return _("Conflit possible : « %(name)s » est cité dans la candidature") % {
        "name": suggestion.detail
    }


def with_score_lists(reviews, criteria) -> list:
    """The reviews, each with ``score_list``: its scores in the grid's order."""
    for review in reviews:
        review.score_list = [review.scores.get(str(c.pk)) for c in criteria]
    return reviews


def grid_page(application, call, criteria, values: dict, errors: dict) -> dict:
    """What every page that scores an application on a grid shows (preselection, interview)."""
    from cohorte.reviews.models import Review

    return {
        "application": application,
        "call": call,
        "answers": answer_rows(application),
        "choices": application.choices.select_related("challenge", "profile"),
        "files": current_files(application),
        "fields": grid_fields(criteria, values["scores"], errors),
        "values": values,
        "errors": errors,
        "recommendations": Review.Recommendation.choices,
        "criteria": criteria,
    }
