"""Make longer test inputs by re-encoding a clip several times over (into a temp folder)."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import av


def loop_video(source: Path, target: Path, times: int, *, preset: str = "fast") -> int:
    """Write ``source`` played ``times`` times in a row to ``target`` (H.264, same size).

    Frames are decoded and re-encoded one at a time (libx264, CRF 18, yuv420p, x264's
    ``preset``) with evenly spaced timestamps at the source's average rate. Returns the
    frames written.
    """
    with av.open(str(source)) as first:
        stream_in = first.streams.video[0]
        rate = Fraction(stream_in.average_rate or 30).limit_denominator(1001)
        width, height = stream_in.codec_context.width, stream_in.codec_context.height
    written = 0
    with av.open(str(target), mode="w") as output:
        stream = output.add_stream("libx264", rate=rate)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        stream.options = {"crf": "18", "preset": preset}
        for _ in range(times):
            with av.open(str(source)) as container:
                for frame in container.decode(video=0):
                    picture = frame.reformat(format="yuv420p")
                    picture.pts, picture.time_base = written, 1 / rate
                    output.mux(stream.encode(picture))
                    written += 1
        output.mux(stream.encode(None))
    return written
