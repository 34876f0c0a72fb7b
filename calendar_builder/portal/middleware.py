"""Security headers every response carries: a strict Content-Security-Policy (no inline script or style)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
#: The embeddable list of an organisation's events may be framed by any site.
EMBED_CSP = CSP.replace("frame-ancestors 'none'", "frame-ancestors *")


def security_headers(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if getattr(response, "embeddable", False):
            response.headers["Content-Security-Policy"] = EMBED_CSP
        else:
            response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", "geolocation=(), camera=(), microphone=()")
        return response

    return middleware
