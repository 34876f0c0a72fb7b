"""Security headers every response carries: a strict Content-Security-Policy (no inline script or style).

Django's SecurityMiddleware adds HSTS (over HTTPS), nosniff, Referrer-Policy and Cross-Origin-Opener-Policy,
and the clickjacking middleware X-Frame-Options; this adds what Django has no setting for.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

#: Everything from the portal itself: no inline script or style, no plug-ins, forms post only here, and no
#: other site may frame a page. `data:` images are the subscribe page's QR codes.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
#: The embeddable list of an organisation's events exists to be framed by the organisation's own site,
#: whatever its address: any site may frame it (it shows only public data and has no form and no script).
EMBED_CSP = CSP.replace("frame-ancestors 'none'", "frame-ancestors *")
#: Browser features no page of the portal uses, switched off for the page and anything it might embed.
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), encrypted-media=(), fullscreen=(), "
    "geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "publickey-credentials-get=(), screen-wake-lock=(), serial=(), usb=(), xr-spatial-tracking=()"
)


def security_headers(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if getattr(response, "embeddable", False):
            response.headers["Content-Security-Policy"] = EMBED_CSP
        else:
            response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    return middleware
