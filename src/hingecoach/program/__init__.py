"""The program: the exercise ladder, pain check-ins, red flags and progression decisions.

Pure rules on small frozen records; the only I/O is :func:`load_ladder` reading the ladder
file shipped in this package. Storage lives in :mod:`hingecoach.store`.
"""
