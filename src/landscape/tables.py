"""Small result tables as CSV (for programs) and Markdown (for the README and reports)."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Callable, Sequence


def to_csv(rows: Sequence[dict], columns: Sequence[str]) -> str:
    """CSV text with a header row; missing or None cells are empty, floats keep full
    precision (repr)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else _plain(row[c]) for c in columns])
    return out.getvalue()


def _plain(value):
    return repr(float(value)) if isinstance(value, float) else value


def to_markdown(rows: Sequence[dict], columns: Sequence[str],
                headers: Sequence[str] | None = None,
                formats: dict[str, Callable] | None = None) -> str:
    """A GitHub Markdown table. `formats` maps a column to a function giving its cell text
    (default: str; None and NaN become an em dash); numeric columns are right-aligned."""
    formats = formats or {}
    headers = list(headers or columns)

    def cell(row, c):
        v = row.get(c)
        if v is None or (isinstance(v, float) and math.isnan(v)):
            return "—"
        return str(formats.get(c, str)(v))

    numeric = [all(isinstance(r.get(c), int | float) or r.get(c) is None for r in rows)
               and any(r.get(c) is not None for r in rows) for c in columns]
    lines = ["| " + " | ".join(headers) + " |",
             "|" + "|".join("---:" if num else "---" for num in numeric) + "|"]
    lines += ["| " + " | ".join(cell(r, c) for c in columns) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def sig(digits: int = 3) -> Callable[[float], str]:
    """Formatter with `digits` significant digits, e.g. sig(3)(0.012345) == '0.0123'."""
    return lambda v: f"{v:.{digits}g}"


def natural_key(text: str) -> list:
    """Sort key that orders numbers inside names by value: mlp-5x20 before mlp-10x5."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", str(text))]
