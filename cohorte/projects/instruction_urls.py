"""Pre-instruction of proposals by the team and pre-instructors (/instruction/)."""

app_name = "instruction"
urlpatterns = []
