"""The programme team's back office for calls for applications, mounted at /gestion/."""

from django.urls import path

from .team_views import call_journal, dashboard, detail, export, listing

app_name = "team"
urlpatterns = [
    path("", dashboard.home, name="home"),
    path("appels/<int:call_id>/", dashboard.call_dashboard, name="call_dashboard"),
    path("appels/<int:call_id>/candidatures/", listing.application_list, name="application_list"),
    path("appels/<int:call_id>/candidatures/actions/", listing.bulk_action, name="bulk_action"),
    path("appels/<int:call_id>/export/", export.export, name="export"),
    path("appels/<int:call_id>/journal/", call_journal.call_journal, name="call_journal"),
    path("candidatures/<int:pk>/", detail.application_detail, name="application_detail"),
    path(
        "candidatures/<int:pk>/versions/<int:number>/",
        detail.application_version,
        name="application_version",
    ),
    path(
        "candidatures/<int:pk>/fichiers/<int:file_id>/",
        detail.application_file,
        name="application_file",
    ),
    path("candidatures/<int:pk>/notes/", detail.application_note, name="application_note"),
    path("candidatures/<int:pk>/messages/", detail.application_message, name="application_message"),
    path(
        "candidatures/<int:pk>/examen/", detail.application_screening, name="application_screening"
    ),
    path(
        "candidatures/<int:pk>/preselection/",
        detail.application_shortlist,
        name="application_shortlist",
    ),
]
