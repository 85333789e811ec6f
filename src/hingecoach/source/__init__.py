"""Source stage: upright frames with true timestamps from files (and, later, cameras)."""
