"""Tables of critical points (`critical.CriticalPoint.to_dict()`): flat rows for CSV, and a
summary for people. Apart from `critical`, so the job that only writes the table needs no
torch.
"""

from __future__ import annotations

import numpy as np


def table_rows(surface: str, points: list[dict], dim: int) -> list[dict]:
    """One flat row per critical point (`CriticalPoint.to_dict()`) for CSV: surface, index,
    kind, probe, value, grad_norm, w1..w{dim}, lambda1..lambda{dim} (ascending)."""
    rows = []
    for i, p in enumerate(points):
        row = {"surface": surface, "index": i, "kind": p["kind"], "probe": p["probe"],
               "value": p["value"], "grad_norm": p["grad_norm"]}
        row.update({f"w{k + 1}": x for k, x in enumerate(p["position"])})
        row.update({f"lambda{k + 1}": ev for k, ev in enumerate(p["eigenvalues"])})
        rows.append(row)
    return rows


def table_columns(dim: int) -> list[str]:
    return (["surface", "index", "kind", "probe", "value", "grad_norm"]
            + [f"w{k + 1}" for k in range(dim)] + [f"lambda{k + 1}" for k in range(dim)])


def summary_rows(surface: str, points: list[dict], max_group: int = 6) -> list[dict]:
    """Rows for a human-readable table: one per critical point, except that more than
    `max_group` points of the same kind and probe (a curve of degenerate minima, say) become
    one row giving their count and the range of each coordinate. Cells (all text): surface,
    kind, where, value, eigenvalues."""
    groups: dict[tuple, list[dict]] = {}
    for p in points:
        groups.setdefault((p["kind"], p["probe"]), []).append(p)
    rows = []
    for p in points:
        group = groups[(p["kind"], p["probe"])]
        kind = p["kind"] if p["kind"] != "degenerate" else f"degenerate ({p['probe']})"
        if len(group) <= max_group:
            rows.append({"surface": surface, "kind": kind, "where": _vec(p["position"]),
                         "value": f"{p['value']:.4g}", "eigenvalues": _vec(p["eigenvalues"])})
        elif p is group[0]:
            values = [q["value"] for q in group]
            ev = np.array([q["eigenvalues"] for q in group])
            pos = np.array([q["position"] for q in group])
            box = " x ".join(f"[{lo:.3g}, {hi:.3g}]" for lo, hi
                             in zip(pos.min(0), pos.max(0), strict=True))
            rows.append({
                "surface": surface, "kind": kind, "where": f"{len(group)} points in {box}",
                "value": f"{min(values):.4g} to {max(values):.4g}",
                "eigenvalues": " ".join(f"[{lo:.3g}, {hi:.3g}]" for lo, hi
                                        in zip(ev.min(0), ev.max(0), strict=True))})
    return rows


def _vec(values) -> str:
    return "(" + ", ".join(f"{0.0 if abs(v) < 5e-13 else v:.4g}" for v in values) + ")"
