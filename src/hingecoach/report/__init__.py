"""Reports (an edge): an HTML set report, an annotated video and clinician exports."""
