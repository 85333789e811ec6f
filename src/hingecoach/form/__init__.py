"""Form stage: how a hinge was done (spine rounding, faults), from kinematics and cues."""
