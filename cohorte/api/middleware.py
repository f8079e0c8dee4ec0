"""What every response under /api/ gets: CORS for reading, an ETag and conditional GETs."""

import hashlib

from django.conf import settings
from django.http import HttpResponseNotModified
from django.utils.cache import patch_cache_control

PREFIX = "/api/"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match",
    "Access-Control-Expose-Headers": "ETag, Retry-After",
    "Access-Control-Max-Age": "86400",
}


def _matches(if_none_match: str, etag: str) -> bool:
    candidates = [tag.strip() for tag in if_none_match.split(",")]
    weak = etag.removeprefix("W/")
    return "*" in candidates or any(tag.removeprefix("W/") == weak for tag in candidates)


class PublicApiMiddleware:
    """Read-only public API: anyone's browser may read it, and re-read it for free."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith(PREFIX):
            return response
        for name, value in CORS_HEADERS.items():
            response.headers[name] = value
        if request.method not in ("GET", "HEAD") or response.status_code != 200:
            return response
        if response.streaming:
            return response
        if "Cache-Control" not in response.headers:
            patch_cache_control(response, public=True, max_age=settings.API_MAX_AGE)
        etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
        response.headers["ETag"] = etag
        if _matches(request.headers.get("If-None-Match", ""), etag):
            not_modified = HttpResponseNotModified()
            for name in ("ETag", "Cache-Control", "Vary", *CORS_HEADERS):
                if name in response.headers:
                    not_modified.headers[name] = response.headers[name]
            return not_modified
        return response
