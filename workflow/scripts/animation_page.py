"""Rules animation_page, montage_page: a self-contained page that plays an MP4 in the report."""

from pathlib import Path

import imageio.v3 as iio

from landscape.io import atomic_path
from landscape.logs import job_logger
from landscape.pages import animation_page

sm = snakemake  # noqa: F821
log = job_logger(sm.log[0])
mp4 = Path(sm.input[0]).read_bytes()
height, width = iio.improps(sm.input[0], plugin="FFMPEG").shape[1:3]
page = animation_page(sm.params.title, mp4, width, height,
                      note="Loops; use the controls to pause or step. "
                           "The GIF and MP4 files are in the same category of the report.")
with atomic_path(sm.output[0]) as tmp:
    tmp.write_text(page)
log.info("%s: %dx%d video, %d bytes of page", sm.output[0], width, height, len(page))
