import imageio.v2 as imageio
import imageio.v3 as iio
import numpy as np
import pytest
from PIL import Image

from landscape.io import CorruptFileError
from landscape.video import FRAME_PATTERN, check_frames, encode_gif, encode_mp4, hold_frames


@pytest.fixture
def frames_dir(tmp_path):
    """Seven 160x96 frames, each a different flat colour with a moving square."""
    for i in range(7):
        img = np.full((96, 160, 3), 30 * i, np.uint8)
        img[10:30, 10 + 15 * i : 30 + 15 * i] = 255
        Image.fromarray(img).save(tmp_path / (FRAME_PATTERN % i))
    return tmp_path


def test_hold_frames():
    assert hold_frames(10, 1.0) == 10
    assert hold_frames(5, 0.0) == 0


def test_gif_has_every_frame_plus_the_hold_and_loops(frames_dir, tmp_path):
    out = tmp_path / "a.gif"
    encode_gif(frames_dir, out, fps=10, hold_seconds=0.3, width=80)
    gif = iio.imread(out, index=None)
    assert gif.shape[0] == 7 + 3
    assert gif.shape[1:3] == (48, 80)  # scaled to width 80, height kept even
    assert iio.immeta(out).get("loop") == 0  # loops forever
    # the last frames are the held final frame
    np.testing.assert_array_equal(gif[-1], gif[-4])


def test_mp4_is_h264_yuv420p_with_even_size_and_all_frames(frames_dir, tmp_path):
    out = tmp_path / "a.mp4"
    encode_mp4(frames_dir, out, fps=10, hold_seconds=0.5)
    reader = imageio.get_reader(out, "ffmpeg")
    meta = reader.get_meta_data()
    assert meta["codec"] == "h264"
    assert "yuv420p" in meta["pix_fmt"]
    frames = [f for f in reader]
    reader.close()
    assert len(frames) == 7 + 5
    h, w = frames[0].shape[:2]
    assert (h, w) == (96, 160) and h % 2 == 0 and w % 2 == 0
    # decodes to the right picture: frame 3's flat colour (30*3) survives compression
    assert abs(float(np.median(frames[3])) - 90) < 6
    # faststart: the index (moov) comes before the media data (mdat)
    head = out.read_bytes()
    assert head.index(b"moov") < head.index(b"mdat")


def test_ffmpeg_errors_name_the_output(tmp_path):
    Image.fromarray(np.zeros((97, 161, 3), np.uint8)).save(tmp_path / (FRAME_PATTERN % 0))
    with pytest.raises(RuntimeError, match="a.mp4"):  # H.264 in yuv420p needs an even size
        encode_mp4(tmp_path, tmp_path / "a.mp4")
    assert not (tmp_path / "a.mp4").exists()
    assert [p.name for p in tmp_path.iterdir()] == [FRAME_PATTERN % 0]  # no temporary left


def test_missing_or_damaged_frames_stop_the_encoding(frames_dir, tmp_path):
    """ffmpeg itself would stop at a gap and skip a damaged PNG without a word."""
    with pytest.raises(CorruptFileError, match="missing lacks frames"):
        encode_gif(tmp_path / "missing", tmp_path / "a.gif")
    png = frames_dir / (FRAME_PATTERN % 4)
    png.write_bytes(png.read_bytes()[:-30])  # cut short: its last chunks are gone
    with pytest.raises(CorruptFileError, match=r"has a damaged frame_00004.png .*\(rm -r "):
        encode_mp4(frames_dir, tmp_path / "a.mp4")
    png.unlink()
    assert check_frames_error(frames_dir) == "lacks frames, e.g. ['frame_00004.png']"
    assert not (tmp_path / "a.mp4").exists()


def check_frames_error(folder):
    with pytest.raises(CorruptFileError) as err:
        check_frames(folder)
    return str(err.value).removeprefix(f"{folder} ").split(". It is")[0]
