"""Benchmarks of hingecoach on the real evaluation clips: rep accuracy, speed and memory.

Run them with ``make bench`` (``python -m benchmarks.run``); see ``benchmarks/README.md``.
The clips are read in place from ``<repo>/../shared/clips`` and never copied into the repo.
"""
