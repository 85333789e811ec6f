"""Kinematics stage: pure numpy on arrays of landmarks."""
