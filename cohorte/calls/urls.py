"""Public call pages and the candidate's application (/appels/)."""

from django.urls import path

from .views import candidate, public, vote

app_name = "calls"
urlpatterns = [
    path("", public.call_list, name="call_list"),
    path("<slug:slug>/", public.call_detail, name="call_detail"),
    path("<slug:slug>/candidature/", candidate.application, name="application"),
    path("<slug:slug>/candidature/brouillon/", candidate.autosave, name="autosave"),
    path("<slug:slug>/candidature/recepisse/", candidate.receipt, name="receipt"),
    path("<slug:slug>/candidature/retrait/", candidate.withdraw, name="withdraw"),
    path("<slug:slug>/candidature/vote/", vote.vote, name="vote"),
    path(
        "<slug:slug>/candidature/fichiers/<int:file_id>/",
        candidate.application_file,
        name="application_file",
    ),
    path(
        "<slug:slug>/candidature/messages/<int:message_id>/reponse/",
        candidate.answer,
        name="answer",
    ),
]
