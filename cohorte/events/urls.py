"""The support programme: the team's pages under /gestion/, the fellows' and mentors' under
/programme/."""

from django.urls import path

from . import member_views, team_views

app_name = "events"
base = "gestion/promotions/<int:cohort_id>/programme/"
urlpatterns = [
    path("gestion/programme/", team_views.cohorts, name="cohorts"),
    path(base, team_views.programme_page, name="programme"),
    path(base + "nouveau/", team_views.event_create, name="create"),
    path(base + "assiduite/", team_views.stats_page, name="stats"),
    path(base + "<int:event_id>/", team_views.event_page, name="event"),
    path(base + "<int:event_id>/modifier/", team_views.event_edit, name="edit"),
    path(base + "<int:event_id>/annuler/", team_views.event_cancel, name="cancel"),
    path(base + "<int:event_id>/supports/", team_views.material_add, name="material"),
    path(base + "<int:event_id>/message/", team_views.message, name="message"),
    path(base + "<int:event_id>/presence/", team_views.attendance_page, name="attendance"),
    path("programme/", member_views.mine, name="mine"),
    path("programme/agenda/", member_views.feed_page, name="feed_page"),
    path("programme/agenda/<str:token>.ics", member_views.feed, name="feed"),
    path("programme/<int:event_id>/", member_views.event, name="mine_event"),
    path("programme/<int:event_id>/evenement.ics", member_views.event_ics, name="event_ics"),
    path("programme/<int:event_id>/inscription/", member_views.register, name="register"),
    path("programme/<int:event_id>/excuse/", member_views.excuse, name="excuse"),
    path("programme/<int:event_id>/desinscription/", member_views.withdraw, name="withdraw"),
    path("programme/<int:event_id>/avis/", member_views.give_feedback, name="feedback"),
]
