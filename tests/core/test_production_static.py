"""Production serves every asset a page names, whole and as named (README's steps:
DEBUG=0, collectstatic, gunicorn): no integrity hash that the served bytes do not match,
no stylesheet pointing at a file that is not there."""

import base64
import hashlib
import re
from html.parser import HTMLParser
from urllib.parse import urljoin

from tests import production_server

FRONT = {"X-Forwarded-Proto": "https"}  # as the front server says


class Assets(HTMLParser):
    """The stylesheets, scripts and icons a page names, with their integrity attribute."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = attrs.get("rel") or ""
        address = attrs.get("src") if tag == "script" else attrs.get("href")
        if address and (tag == "script" or ("stylesheet" in rel or "icon" in rel)):
            self.found.append((address, attrs.get("integrity")))


def matches(integrity: str, content: bytes) -> bool:
    """Whether one of the page's integrity values is the hash of the served bytes."""
    for value in integrity.split():
        algorithm, _, expected = value.partition("-")
        digest = base64.b64encode(hashlib.new(algorithm, content).digest()).decode()
        if digest == expected:
            return True
    return False


def test_every_asset_of_a_page_is_served_whole_with_its_integrity(production_folder):
    with production_server.gunicorn(production_folder) as base:
        status, _, body = production_server.request(base + "/", FRONT)
        assert status == 200
        parser = Assets()
        parser.feed(body.decode())
        stylesheets = [href for href, _ in parser.found if href.endswith(".css")]
        assert any("dsfr" in href for href in stylesheets), parser.found
        problems = []
        for href, integrity in parser.found:
            status, headers, content = production_server.request(urljoin(base, href), FRONT)
            if status != 200:
                problems.append(f"{href}: {status}")
            elif integrity and not matches(integrity, content):
                problems.append(f"{href}: integrity {integrity} does not match the served bytes")
            if href.endswith(".css") and status == 200:
                for ref in re.findall(rb"url\(\s*['\"]?([^'\")]+)", content):
                    target = ref.decode()
                    if target.startswith(("data:", "#")):
                        continue
                    code, _, _ = production_server.request(
                        urljoin(urljoin(base, href), target), FRONT
                    )
                    if code != 200:
                        problems.append(f"{href} -> {target}: {code}")
    assert problems == []
