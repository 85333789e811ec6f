"""Edge: write analysis results to files (JSON, CSV)."""
