"""What every page template knows: the site's name, the operator, and the member's organisations."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from calendar_builder.portal.permissions import is_staff, member_organisations


def site(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    return {
        "site_operator": settings.SITE_OPERATOR,
        "site_contact": settings.SITE_CONTACT,
        "is_staff_user": bool(user and is_staff(user)),
        "my_organisations": member_organisations(user) if user is not None else [],
    }
