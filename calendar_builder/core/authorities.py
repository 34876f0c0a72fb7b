"""Who may decide a date: the choices a command line option and the data offer (no model, so `--help` stays light)."""

from __future__ import annotations

#: who decides when an Islamic month begins: Diyanet's criterion (default) or Saudi Arabia's Umm al-Qura calendar
ISLAMIC_AUTHORITIES = ("diyanet", "umm-al-qura")

__all__ = ["ISLAMIC_AUTHORITIES"]
