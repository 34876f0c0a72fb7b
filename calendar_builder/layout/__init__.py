"""Pure page geometry: every page of the print edition decided as data before any canvas exists."""
