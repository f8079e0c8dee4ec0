"""Administration space: proposals, colleagues, thread, dashboard (/projets/)."""

from django.urls import path

from .views import administration
from .views import administration_proposal as proposal

app_name = "projects"
urlpatterns = [
    path("", administration.home, name="home"),
    path("mes-propositions/", administration.dashboard, name="dashboard"),
    path("administrations/<int:org_id>/", administration.organisation, name="organisation"),
    path("propositions/<int:pk>/", proposal.proposal, name="proposal"),
    path("propositions/<int:pk>/brouillon/", proposal.autosave, name="autosave"),
    path("propositions/<int:pk>/estimation/", proposal.estimate, name="estimate"),
    path("propositions/<int:pk>/depot/", proposal.submit, name="submit"),
    path("propositions/<int:pk>/recepisse/", proposal.receipt, name="receipt"),
    path("propositions/<int:pk>/retrait/", proposal.withdraw, name="withdraw"),
    path("propositions/<int:pk>/messages/", proposal.reply, name="reply"),
    path(
        "propositions/<int:pk>/fichiers/<int:file_id>/",
        proposal.proposal_file,
        name="file",
    ),
    path("<slug:call_slug>/nouvelle/", administration.new, name="new"),
]
