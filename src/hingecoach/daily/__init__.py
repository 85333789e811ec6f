"""Everyday bends: each bend found, classed as a hinge, squat, stoop or a mix, and measured."""

#: The ``--exercise`` value (and the call's id) of everyday bends: not a hinge variant.
DAILY = "daily"
