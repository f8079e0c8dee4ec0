"""Pre-instruction of proposals by the team and pre-instructors (/instruction/)."""

from django.urls import path

from .views import instruction, instruction_proposal

app_name = "instruction"
urlpatterns = [
    path("", instruction.home, name="home"),
    path("<int:call_id>/", instruction.call_proposals, name="call"),
    path("<int:call_id>/actions/", instruction.bulk_action, name="bulk_action"),
    path("<int:call_id>/export.<str:fmt>", instruction.export, name="export"),
    path("propositions/<int:pk>/", instruction_proposal.proposal_page, name="proposal"),
    path(
        "propositions/<int:pk>/fichiers/<int:file_id>/",
        instruction_proposal.proposal_file,
        name="proposal_file",
    ),
    path(
        "propositions/<int:pk>/evaluation/",
        instruction_proposal.proposal_review,
        name="proposal_review",
    ),
    path(
        "propositions/<int:pk>/conflit/",
        instruction_proposal.proposal_conflict,
        name="proposal_conflict",
    ),
    path(
        "propositions/<int:pk>/examen/",
        instruction_proposal.proposal_screening,
        name="proposal_screening",
    ),
    path(
        "propositions/<int:pk>/preselection/",
        instruction_proposal.proposal_shortlist,
        name="proposal_shortlist",
    ),
    path(
        "propositions/<int:pk>/questions/",
        instruction_proposal.proposal_question,
        name="proposal_question",
    ),
    path("propositions/<int:pk>/notes/", instruction_proposal.proposal_note, name="proposal_note"),
]
