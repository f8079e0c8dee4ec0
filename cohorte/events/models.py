"""The cohort's support programme: events, their speakers and materials, who registers or
excuses themselves, who attended, their feedback, and the personal calendar feeds."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cohorte import programme_words as words


class Event(models.Model):
    """A collective session of the cohort's programme."""

    class Kind(models.TextChoices):
        INTEGRATION = "integration", _("Semaine d'intégration")
        BOOTCAMP = "bootcamp", _("Bootcamp")
        MONTHLY = "monthly", _("Session collective mensuelle")
        WORKSHOP = "workshop", _("Atelier")
        SEMINAR = "seminar", _("Séminaire")
        DEMO_DAY = "demo_day", _("Demo day")
        OFFICE_HOURS = "office_hours", _("Permanence")

    class Format(models.TextChoices):
        ON_SITE = "on_site", _("Sur place")
        REMOTE = "remote", _("À distance")
        HYBRID = "hybrid", _("Hybride")

    class Audience(models.TextChoices):
        FELLOWS = "fellows", _("lauréat·es")
        MENTORS = "mentors", _("Mentors")
        BOTH = "both", _("lauréat·es et mentors")

        @classmethod
        def worded_choices(cls) -> list[tuple[str, str]]:
            """The choices in the programme's words: « Talents », « Talents et mentors »."""
            fellows = str(words.FELLOWS_HEADING)
            labels = {
                cls.FELLOWS: fellows,
                cls.BOTH: _("%(fellows)s et mentors") % {"fellows": fellows},
            }
            return [(value, labels.get(value, label)) for value, label in cls.choices]

    cohort = models.ForeignKey("programmes.Cohort", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=200)
    theme = models.CharField(_("thème"), max_length=200, blank=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    place = models.CharField(_("lieu"), max_length=300, blank=True)
    video_link = models.URLField(_("lien de visioconférence"), max_length=500, blank=True)
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    audience = models.CharField(
        _("public"), max_length=10, choices=Audience.choices, default=Audience.BOTH
    )
    challenges = models.ManyToManyField(
        "challenges.Challenge", blank=True, related_name="+", verbose_name=_("défis")
    )
    profiles = models.ManyToManyField(
        "challenges.Expertise", blank=True, related_name="+", verbose_name=_("profils")
    )
    capacity = models.PositiveIntegerField(_("nombre de places"), null=True, blank=True)
    mandatory = models.BooleanField(_("obligatoire"), default=False)
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("événement")

    def __str__(self):
        return self.title

    def get_audience_display(self) -> str:
        """Who the event is for, in the programme's words."""
        return dict(self.Audience.worded_choices()).get(self.audience, self.audience)


class Speaker(models.Model):
    """Who speaks: a person of the programme, or someone from outside (name, organisation)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="speakers")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200, blank=True)
    organisation = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        if self.person_id:
            return self.person.full_name
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


class Material(models.Model):
    """Slides, a link or a recording added after the event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(_("titre"), max_length=200)
    url = models.URLField(_("adresse"), max_length=500)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.title


class Registration(models.Model):
    """A person's answer to an event: registered, or excused with a reason."""

    class State(models.TextChoices):
        REGISTERED = "registered", _("Inscrit·e")
        EXCUSED = "excused", _("Excusé·e")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=12, choices=State.choices)
    reason = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="events_one_answer_per_person")
        ]

    def __str__(self):
        return f"{self.event} — {self.get_state_display()}"


class Attendance(models.Model):
    """A person marked present at an event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendances")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="events_present_once")
        ]

    def __str__(self):
        return f"{self.event} — {self.user_id}"


class Feedback(models.Model):
    """An attendee's opinion of an event; ``user`` is empty when given anonymously.

    Its key is random, not a sequence: an anonymous opinion's rank among the answers would
    otherwise match its author's in ``FeedbackAnswered``.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    rating = models.PositiveSmallIntegerField()
    useful = models.TextField(blank=True)
    improve = models.TextField(blank=True)

    def __str__(self):
        return f"{self.event} — {self.rating}/5"


class FeedbackAnswered(models.Model):
    """That a person answered an event's feedback (kept apart: anonymous answers stay so)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="events_one_feedback")
        ]

    def __str__(self):
        return str(self.event)


class FeedToken(models.Model):
    """The secret of a person's calendar feed (random, 32 bytes url-safe)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"agenda {self.user_id}"
