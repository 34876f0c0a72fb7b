"""Whether a profile's contact person may be shown: only with a consent recorded by that very person.

Naming the contact person of a mosque, temple or national association can reveal religion or origin
(DSGVO Art. 9), so a name is published only when staff have recorded that this person (not someone else,
and not for another field) agreed to it. A new name entered later is hidden until its own consent exists.
"""

from __future__ import annotations

from calendar_builder.portal.models import Organisation


def contact_person_shown(org: Organisation) -> bool:
    name = org.contact_person.strip().casefold()
    if not name:
        return False
    return any(
        consent.person.strip().casefold() == name and "contact_person" in consent.fields
        for consent in org.consents.all()
    )
