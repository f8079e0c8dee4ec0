"""Administration space: proposals, colleagues, thread, dashboard (/projets/)."""

app_name = "projects"
urlpatterns = []
