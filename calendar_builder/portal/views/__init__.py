"""Thin views: look up, check permission (permissions.py), hand over to forms and moderation, render."""
