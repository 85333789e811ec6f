"""Low-back load: an estimate of the flexion moment and disc compression at L5/S1 per rep.

A sagittal, quasi-static model from published segment tables, scaled by the person's
body mass and height (:mod:`~hingecoach.lowback.anthropometry`,
:mod:`~hingecoach.lowback.model`), fed by the landmarks and the virtual tape
(:mod:`~hingecoach.lowback.landmarks`), with a range on every figure
(:mod:`~hingecoach.lowback.estimate`). Estimates for learning why a long spine and a load
kept close matter; never a diagnosis or a safety verdict.
"""
