"""Edge: the command line."""
