"""Attributes that name other elements of the page by id, and those that name nothing."""

from html.parser import HTMLParser

# Attributes whose value is one id, or several separated by spaces.
REFERENCES = ("aria-describedby", "aria-labelledby", "aria-controls", "aria-errormessage", "for")


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.references: list[tuple[str, str, str]] = []  # (tag, attribute, id)

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            elif name in REFERENCES and value:
                self.references += [(tag, name, ref) for ref in value.split()]


def dangling(html: str) -> list[str]:
    """The references of a page to ids that no element of it has, as "tag attribute=id"."""
    parser = _Ids()
    parser.feed(html)
    return [f"{tag} {name}={ref}" for tag, name, ref in parser.references if ref not in parser.ids]
