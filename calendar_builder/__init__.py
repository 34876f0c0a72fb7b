"""Builds the Interkultureller Kalender of Heidelberg: festivals, organisations, print PDF, proofs, feeds."""

# before any of the package's dataclasses is made (see dataclass_code.py)
from calendar_builder import dataclass_code as _dataclass_code

_dataclass_code.install()
