"""The team's post editor."""

from django.urls import path

from . import views

app_name = "editorial"
one = "gestion/publications/<int:post_id>/"
urlpatterns = [
    path("gestion/publications/", views.post_list, name="list"),
    path("gestion/publications/nouvelle/", views.post_new, name="new"),
    path("gestion/publications/apercu/", views.preview, name="preview"),
    path(one, views.post_edit, name="edit"),
    path(one + "publier/", views.publish, name="publish"),
    path(one + "depublier/", views.unpublish, name="unpublish"),
    path(one + "historique/", views.history, name="history"),
    path(one + "historique/<int:a>/<int:b>/", views.diff, name="diff"),
    path(one + "fichiers/", views.attachment_add, name="attachment_add"),
    path(
        one + "fichiers/<int:attachment_id>/supprimer/",
        views.attachment_delete,
        name="attachment_delete",
    ),
]
