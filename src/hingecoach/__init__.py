"""hingecoach: an offline, private movement coach for the hip hinge."""

__version__ = "0.1.0"
