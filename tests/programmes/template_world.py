"""A small EIG-configured programme for the template tests: pages, FAQ, e-mails, calls."""

import datetime

from cohorte.notifications.models import EmailTemplate
from cohorte.programmes.models import Programme
from cohorte.surveys.models import Question, Survey
from tests.factories import (
    ApplicationCallFactory,
    CohortFactory,
    FaqEntryFactory,
    PageFactory,
    ProjectCallFactory,
)


def configured_programme() -> Programme:
    """EIG with its site's content and a promotion of 2027 with both its calls and a survey."""
    cohort = CohortFactory(number=11, year=2027)
    PageFactory(slug="programme", title="Le programme", body="Un an pour un défi.")
    FaqEntryFactory(question="Qui peut candidater ?", answer="Toute personne du numérique.")
    EmailTemplate.objects.create(
        key="application_submitted", subject="Reçu : {call_title}", body="Merci {candidate_name}."
    )
    call = ApplicationCallFactory(cohort=cohort, title="Appel à candidatures 2027")
    EmailTemplate.objects.create(
        key="application_withdrawn", call=call, subject="Retrait", body="C'est noté."
    )
    ProjectCallFactory(cohort=cohort, title="Appel à projets 2027")
    survey = Survey.objects.create(
        cohort=cohort,
        title="Bilan de fin de programme",
        audience=Survey.Audience.FELLOWS,
        closes_at=datetime.datetime(2027, 12, 15, 17, tzinfo=datetime.UTC),
    )
    Question.objects.create(survey=survey, order=0, kind="scale", label="Votre satisfaction")
    Question.objects.create(
        survey=survey, order=1, kind="single", label="Resteriez-vous ?", choices=["Oui", "Non"]
    )
    return cohort.programme
