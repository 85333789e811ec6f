"""Assembly of the stages: the streaming core (live) and the offline analysis."""
