"""Where an interview or a défi audition takes place: an address, a video link, or both.

A meeting's own place wins over its panel's; the e-mail and the calendar file read the same
``Venue``, so they never disagree (a remote interview's calendar location is its link).
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Venue:
    """An address (with the room), a video link, or both (the link for those who join remotely)."""

    address: str = ""
    video_link: str = ""

    def __bool__(self) -> bool:
        return bool(self.address or self.video_link)

    @property
    def calendar_location(self) -> str:
        """The .ics LOCATION: the address, or the video link of a remote meeting."""
        return self.address or self.video_link

    def text(self) -> str:
        """The place as the convocations write it after "Lieu :"; "à préciser" when unset."""
        if self.address and self.video_link:
            return _("%(address)s (ou en visioconférence : %(link)s)") % {
                "address": self.address,
                "link": self.video_link,
            }
        if self.video_link:
            return _("visioconférence, %(link)s") % {"link": self.video_link}
        return self.address or _("à préciser")


def venue_of(meeting, panel) -> Venue:
    """The meeting's own place when it has one, else its panel's."""
    for source in (meeting, panel):
        address = (getattr(source, "location", "") or "").strip()
        link = (getattr(source, "video_link", "") or "").strip()
        if address or link:
            return Venue(address, link)
    return Venue()
