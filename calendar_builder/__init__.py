"""Builds the Interkultureller Kalender of Heidelberg: festivals, organisations, print PDF, proofs, feeds."""
