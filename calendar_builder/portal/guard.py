"""Guards of the open forms: who the client is, how often guests may post, and the honeypot bots fill in.

No third-party CAPTCHA: a person asking to join is slowed by nothing they can see. A bot that fills every
field fills the honeypot and is told "thank you" as a person would be, so it learns nothing; its post is
logged and dropped. Counters live in Django's cache (the `limits` alias, see settings and docs/portal.md).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

log = logging.getLogger("calendar_builder.portal.guard")

#: The honeypot's field name (GuestJoinForm): a name bots like to fill in; no guest sees the field.
HONEYPOT_FIELD = "website"


@dataclass(frozen=True)
class Limit:
    """At most `count` posts per `seconds`, per client address or for everyone together."""

    count: int
    seconds: int


def client_address(request: HttpRequest) -> str:
    """The client's IP address: REMOTE_ADDR, or the address the trusted reverse proxies saw.

    With PORTAL_PROXY_COUNT = n the n-th address from the right of X-Forwarded-For is taken (the one the
    outermost trusted proxy added); anything left of it is the client's own claim and is not believed.
    """
    proxies = settings.PORTAL_PROXY_COUNT
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    if proxies > 0 and len(forwarded) >= proxies:
        return forwarded[-proxies][:64]
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


def over_limit(request: HttpRequest, scope: str) -> bool:
    """Count one post of `scope` from this client; True when it exceeds the per-address or the overall limit.

    A refused post is not counted, so a client that waits gets in again once its window has passed.
    """
    cache = caches[settings.PORTAL_LIMITS_CACHE]
    per_address: Limit = settings.PORTAL_GUEST_LIMIT_PER_ADDRESS
    overall: Limit = settings.PORTAL_GUEST_LIMIT_OVERALL
    # both guest forms share the counters: the limits are on guest posts, whichever form they use
    checks = ((f"limit:guest:addr:{client_address(request)}", per_address), ("limit:guest:all", overall))
    for key, limit in checks:
        if (cache.get(key) or 0) >= limit.count:
            log.warning("guest form %s: rate limit reached (%s); post refused", scope, key.removeprefix("limit:guest:"))
            return True
    for key, limit in checks:
        if not cache.add(key, 1, limit.seconds):
            try:
                cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, limit.seconds)
    return False


def too_many(request: HttpRequest) -> HttpResponse:
    """The 429 page: what happened and when to try again, with a Retry-After header."""
    seconds = settings.PORTAL_GUEST_LIMIT_PER_ADDRESS.seconds
    response = render(request, "portal/too_many_requests.html", {"minutes": max(1, seconds // 60)}, status=429)
    response.headers["Retry-After"] = str(seconds)
    return response


def caught_in_honeypot(request: HttpRequest, scope: str) -> bool:
    """True (and logged) when the hidden field came back filled in: a bot, to be thanked and ignored."""
    value = request.POST.get(HONEYPOT_FIELD, "")
    if not value:
        return False
    log.warning("guest form %s: honeypot filled in by %s; post dropped", scope, client_address(request))
    return True
