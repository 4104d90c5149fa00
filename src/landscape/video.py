"""GIF and MP4 encoding of numbered PNG frames, with the ffmpeg that imageio-ffmpeg ships."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import ffmpeg
import imageio_ffmpeg
import numpy as np
from PIL import Image

from .io import CorruptFileError, atomic_dir, atomic_path, rebuild_hint

FRAME_PATTERN = "frame_%05d.png"


def write_frames(
    render: Callable[[int], np.ndarray],
    n: int,
    folder: str | os.PathLike,
    on_frame: Callable[[int], None] | None = None,
) -> None:
    """Frames `render(0)` .. `render(n-1)` (each `(H, W, 3) uint8`) as numbered PNGs in
    `folder`, which appears only once all are written. `on_frame(i)` is called after each."""
    with atomic_dir(folder) as tmp:
        for i in range(n):
            # compress_level 1: PNGs are intermediates, a fast write beats a smaller file.
            Image.fromarray(render(i)).save(tmp / (FRAME_PATTERN % i), compress_level=1)
            if on_frame is not None:
                on_frame(i)


def hold_frames(fps: float, hold_seconds: float) -> int:
    """Extra copies of the last frame that hold it for `hold_seconds`."""
    return int(round(fps * hold_seconds))


def _run(stream, out: Path) -> None:
    try:
        stream.overwrite_output().run(cmd=imageio_ffmpeg.get_ffmpeg_exe(), quiet=True)
    except ffmpeg.Error as e:
        tail = e.stderr.decode(errors="replace").strip().splitlines()[-5:]
        raise RuntimeError(f"ffmpeg failed writing {out}:\n" + "\n".join(tail)) from e


def check_frames(frames_dir: str | os.PathLike) -> int:
    """The number of frames in `frames_dir`, checking that they are numbered 0..n-1 without
    gaps and that each PNG is whole (ffmpeg would silently stop at a gap and skip a damaged
    frame). Raises CorruptFileError naming the folder otherwise."""
    frames_dir = Path(frames_dir)
    names = sorted(p.name for p in frames_dir.glob("frame_*.png"))
    expected = [FRAME_PATTERN % i for i in range(len(names))]
    if not names or names != expected:
        missing = sorted(set(expected) - set(names))[:3] or [FRAME_PATTERN % 0]
        raise CorruptFileError(rebuild_hint(frames_dir, f"lacks frames, e.g. {missing}"))
    for name in names:
        try:
            with Image.open(frames_dir / name) as img:
                img.verify()  # reads every chunk and checks its CRC
        except (OSError, SyntaxError, ValueError) as e:
            raise CorruptFileError(rebuild_hint(frames_dir, f"has a damaged {name} ({e})")) \
                from e
    return len(names)


def _frames(frames_dir: str | os.PathLike, fps: float, hold_seconds: float):
    check_frames(frames_dir)
    pattern = str(Path(frames_dir) / FRAME_PATTERN)
    stream = ffmpeg.input(pattern, framerate=fps, start_number=0)
    n_hold = hold_frames(fps, hold_seconds)
    return stream.filter("tpad", stop_mode="clone", stop=n_hold) if n_hold else stream


def encode_gif(
    frames_dir: str | os.PathLike,
    out: str | os.PathLike,
    fps: float = 10,
    hold_seconds: float = 1.0,
    width: int | None = None,
) -> None:
    """Looping GIF with one palette for the whole animation (palettegen + paletteuse), which
    is smaller and faster than quantising each frame on its own. `width` scales it down
    (height follows, kept even)."""
    out = Path(out)
    video = _frames(frames_dir, fps, hold_seconds)
    if width:
        video = video.filter("scale", width, -2, flags="lanczos")
    split = video.split()
    palette = split[0].filter("palettegen", stats_mode="diff", max_colors=256)
    gif = ffmpeg.filter([split[1], palette], "paletteuse", dither="bayer", bayer_scale=4,
                        diff_mode="rectangle")
    with atomic_path(out) as tmp:
        _run(ffmpeg.output(gif, str(tmp), loop=0), out)


def encode_mp4(
    frames_dir: str | os.PathLike,
    out: str | os.PathLike,
    fps: float = 10,
    hold_seconds: float = 1.0,
    crf: int = 20,
) -> None:
    """H.264 MP4 in yuv420p with the index up front (faststart), so it plays in browsers."""
    out = Path(out)
    video = _frames(frames_dir, fps, hold_seconds)
    with atomic_path(out) as tmp:
        _run(ffmpeg.output(video, str(tmp), vcodec="libx264", pix_fmt="yuv420p", crf=crf,
                           preset="medium", movflags="+faststart", r=fps), out)
