"""The web portal: organisations keep their profile and events current, staff approve, residents browse.

A Django project inside the package. Every calendar concept (data model, validation, recurrence, festival
dates, importers, feed writer) comes from the core through `portal.core`; the portal adds accounts,
moderation, history and web pages. `calendar-builder portal export` writes the approved data back in the
format `build` reads, so print needs no database.
"""
