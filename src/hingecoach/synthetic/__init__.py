"""Synthetic sessions: a biomechanical model of a person hip-hinging, as pose frames.

The model is a planar (sagittal) chain with adult proportions whose shin angle keeps the
body and load balanced over the feet, so the hips travel back as the trunk lowers. It is
rendered to MediaPipe's 33 landmarks from a side-on camera, with exact ground truth, for
tests and demos that need no video.
"""

from hingecoach.synthetic.arms import SyntheticVariant
from hingecoach.synthetic.body import BodyModel
from hingecoach.synthetic.motion import SyntheticFault
from hingecoach.synthetic.session import SyntheticSession, synthetic_session
from hingecoach.synthetic.truth import SyntheticTruth

__all__ = [
    "BodyModel",
    "SyntheticFault",
    "SyntheticSession",
    "SyntheticTruth",
    "SyntheticVariant",
    "synthetic_session",
]
