"""Pose stage: one small interface, MediaPipe behind it."""

from hingecoach.pose.estimator import PoseEstimator
from hingecoach.pose.landmarks import N_LANDMARKS, SKELETON_EDGES, Landmark, PoseFrame

__all__ = ["N_LANDMARKS", "SKELETON_EDGES", "Landmark", "PoseEstimator", "PoseFrame"]
