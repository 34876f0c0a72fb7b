"""Hostile inputs: generated bad files, arguments and environments, each run as its own limited process."""
