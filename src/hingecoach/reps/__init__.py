"""Reps stage: the streaming rep detector and per-rep measures."""
