"""Settings of the rep detector, each with its unit and the reason for its default."""

from __future__ import annotations

from dataclasses import dataclass

from hingecoach.errors import InputError


@dataclass(frozen=True, slots=True)
class RepParams:
    """Thresholds of the streaming rep detector.

    Attributes
    ----------
    down_deg : float
        Hip flexion above the person's standing posture that counts as a hinged bottom
        position, degrees. 35°: well below the 60–100° of a hinge to hamstring tension, so
        too-shallow reps (which the form stage must see to flag) are still counted, but
        clear of the ≤ 25° that a step, a weight shift or knees mis-tracked at lockout
        produce.
    up_deg : float
        Hip flexion above standing that counts as back at lockout, degrees. 15° leaves room
        for a soft-kneed, slightly forward finish and for landmark noise.
    upright_trunk_deg : float
        A trunk within this many degrees of vertical also counts as lockout once the hip
        is out of the hinged range (below ``down_deg``). 20°: at a lockout the trunk is
        vertical, while the knee landmarks, which hip flexion also rests on, are the ones a
        weight plate or the other leg hides.
    min_rep_s : float
        Shortest plausible rep (descent plus rise), seconds. 0.5 s: even a fast,
        ballistic hinge takes longer; anything quicker is a tracking flicker.
    min_edge_rise_s : float
        Shortest plausible rise for a rep whose descent the recording does not show (it
        opens at the bottom or mid-pull), seconds, from the first frame to lockout. 0.25 s:
        the concentric half of even a fast hinge takes longer than that from inside the
        hinged range, while a tracking flicker at the start of a clip lasts a few frames.
    max_gap_s : float
        Longest loss of the body that a rep may span, seconds. After a longer loss the
        person may have walked away, so the detector starts afresh.
    default_standing_deg : float
        Standing hip flexion assumed until the person has been seen upright, degrees.
    standing_time_constant_s : float
        Time constant of the running estimate of the person's standing hip flexion,
        seconds: long enough to ignore one noisy frame, short enough to settle in the
        first second of standing.
    still_speed_deg_s : float
        The standing estimate learns only from frames where the hip angle changes slower
        than this, degrees per second: standing is still, while even a slow 4 s descent
        to 90° moves at over 20°/s, so a descent cannot drag the estimate along.
    max_standing_offset_deg : float
        The standing estimate is kept within ± this many degrees: a slumped or
        hyperextended stance beyond it is a tracking error, not a posture.
    short_clip_s : float
        A recording shorter than this, seconds, is counted on what it shows, with a
        warning that the count may be unsure: a controlled hinge rep, lowering and
        rising, takes 2-4 s, so a shorter clip shows part of one at most.
    release_elbow_bend_deg : float
        A rise whose elbows are bent this many degrees more than in the set's earlier
        lifts was made after letting go of the load, and is not a rep. A load hanging
        from the hands keeps the elbows nearly straight (10-20° of swing and landmark
        noise); hands brought to the thighs or hips bend them 60-110°; 45° sits between.
    release_lockout_window_s : float
        The elbows are read from half-way up a rise to this long after its lockout,
        seconds: 0.5 s covers the hands arriving at the hips just after standing up.
    """

    down_deg: float = 35.0
    up_deg: float = 15.0
    upright_trunk_deg: float = 20.0
    min_rep_s: float = 0.5
    min_edge_rise_s: float = 0.25
    max_gap_s: float = 1.5
    default_standing_deg: float = 5.0
    standing_time_constant_s: float = 0.5
    still_speed_deg_s: float = 15.0
    max_standing_offset_deg: float = 25.0
    short_clip_s: float = 2.0
    release_elbow_bend_deg: float = 45.0
    release_lockout_window_s: float = 0.5

    def __post_init__(self) -> None:
        if not 0.0 < self.up_deg < self.down_deg:
            raise InputError(
                f"up_deg ({self.up_deg}) must be positive and below down_deg ({self.down_deg})."
            )
        for name in (
            "upright_trunk_deg",
            "min_rep_s",
            "min_edge_rise_s",
            "max_gap_s",
            "standing_time_constant_s",
            "max_standing_offset_deg",
            "short_clip_s",
            "release_elbow_bend_deg",
            "release_lockout_window_s",
        ):
            if getattr(self, name) <= 0:
                raise InputError(f"{name} must be positive; got {getattr(self, name)}.")
