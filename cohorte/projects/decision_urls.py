"""Selection of défis, decisions, défis created, exports (/gestion/projets/)."""

app_name = "project_decisions"
urlpatterns = []
