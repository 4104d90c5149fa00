"""Self-contained HTML pages that play an animation: Snakemake's report shows HTML inline but
offers MP4 and GIF files only as downloads, and a page it embeds cannot link to other files,
so the video is inlined as a data URI."""

from __future__ import annotations

import base64
import html


def animation_page(title: str, mp4: bytes, width: int, height: int, note: str = "") -> str:
    """An HTML page with `mp4` (H.264 bytes) in a looping, muted, autoplaying <video> of
    `width` x `height` pixels that shrinks to fit narrow windows, under `title`."""
    src = "data:video/mp4;base64," + base64.b64encode(mp4).decode("ascii")
    note_html = f"<p>{html.escape(note)}</p>\n" if note else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
<style>
body {{ font-family: sans-serif; margin: 1em; color: #222; }}
video {{ max-width: 100%; max-height: 85vh; width: auto; height: auto; background: #000; }}
</style>
</head>
<body>
<h1 style="font-size: 1.1em">{html.escape(title)}</h1>
<video id="animation" width="{width}" height="{height}" src="{src}"
       controls autoplay loop muted playsinline></video>
{note_html}</body>
</html>
"""
