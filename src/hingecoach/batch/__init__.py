"""Many videos at once: ``hingecoach batch`` (an edge: it reads videos and writes folders)."""
