"""Every action keeps its visible text: DSFR shows a button group's icon buttons as icons only
unless the group says where the icon goes (RGAA 6.1, the audit's "Retirer la proposition")."""

import re
from pathlib import Path

import cohorte

TEMPLATES = Path(cohorte.__file__).parent
GROUP = re.compile(r'<ul class="(fr-btns-group[^"]*)"(.*?)</ul>', re.S)


def _groups_with_icon_only_buttons() -> list[str]:
    found = []
    for template in sorted(TEMPLATES.glob("**/templates/**/*.html")):
        text = template.read_text()
        for match in GROUP.finditer(text):
            classes, body = match.groups()
            if template.name == "header.html":
                continue  # the header's tools place their icons themselves
            if "fr-icon-" in body and not re.search(r"fr-btns-group--icon-(left|right)", classes):
                line = text[: match.start()].count("\n") + 1
                found.append(f"{template.relative_to(TEMPLATES)}:{line}")
    return found


def test_button_groups_with_icons_say_where_the_icon_goes():
    assert _groups_with_icon_only_buttons() == []
