"""What goes into the .ics feeds: items, groups and plans, and the state that keeps SEQUENCE stable."""
