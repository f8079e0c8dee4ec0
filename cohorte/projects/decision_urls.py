"""Selection of défis, decisions, défis created, exports (/gestion/projets/)."""

from django.urls import path

from .views import decisions, decisions_challenges, decisions_public_page, decisions_sending

app_name = "project_decisions"
urlpatterns = [
    path("", decisions.home, name="home"),
    path("<int:call_id>/", decisions.selection, name="selection"),
    path("<int:call_id>/cumul/", decisions.envelope, name="envelope"),
    path("<int:call_id>/propositions/<int:pk>/annuler/", decisions.unstage, name="unstage"),
    path("<int:call_id>/validation/", decisions_sending.validation, name="validation"),
    path(
        "<int:call_id>/decisions/<int:pk>/renvoyer/",
        decisions_sending.return_to_team,
        name="return",
    ),
    path("<int:call_id>/envoi/", decisions_sending.preview, name="preview"),
    path("<int:call_id>/envoyer/", decisions_sending.send, name="send"),
    path("<int:call_id>/courriels/", decisions_sending.outbox, name="outbox"),
    path("<int:call_id>/courriels/renvoyer/", decisions_sending.retry, name="retry"),
    path("<int:call_id>/defis/", decisions_challenges.challenges, name="challenges"),
    path("<int:call_id>/defis/publier/", decisions_challenges.publish, name="publish"),
    path(
        "<int:call_id>/defis/<int:pk>/page-publique/",
        decisions_public_page.public_page,
        name="public_page",
    ),
    path(
        "<int:call_id>/exports/<slug:kind>.<str:fmt>",
        decisions_challenges.export,
        name="export",
    ),
]
