"""Rule animation: a model's frames as a looping GIF or an H.264 MP4."""

from pathlib import Path

from landscape.logs import job_logger
from landscape.video import encode_gif, encode_mp4

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
p = sm.params
if sm.wildcards.kind == "gif":
    encode_gif(sm.input[0], sm.output[0], p.fps, p.hold_seconds, p.gif_width)
else:
    encode_mp4(sm.input[0], sm.output[0], p.fps, p.hold_seconds, p.crf)
log.info("%s: %d bytes", sm.output[0], Path(sm.output[0]).stat().st_size)
