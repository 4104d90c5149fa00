"""Curvature of a network's training loss at given weights: Hessian-vector products,
Lanczos extreme eigenvalues, the dense spectrum for small models, and a verdict.

The loss is a pure function of the flat weight vector (`torch.func.functional_call`), so the
Hessian-vector product is forward-mode over reverse-mode differentiation (`jvp` of `grad`)
and costs about two gradients; the n x n Hessian is never formed unless asked for.
Everything runs in float64: eigenvalues near zero are what decides minimum versus saddle.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import torch
from scipy.sparse.linalg import LinearOperator, eigsh
from torch import nn
from torch.func import functional_call, grad, jacrev, jvp
from torch.nn import functional as F

from .escape import curvature_step, step_for_decrease
from .models import param_layout, unflatten

VERDICTS = ("minimum", "saddle", "maximum", "flat")


def loss_function(model: nn.Module, X: np.ndarray, y: np.ndarray,
                  l2: float = 0.0) -> Callable[[torch.Tensor], torch.Tensor]:
    """The full-batch training loss as a function of the flat weights `(n_params,)` float64:
    mean cross-entropy over (X `(N, in)`, y `(N,)`) plus l2/2 * |theta|^2 (the objective
    that SGD, Adam or RMSprop minimise with weight_decay = l2)."""
    layout = param_layout(model)
    Xt = torch.as_tensor(np.asarray(X), dtype=torch.float64)
    yt = torch.as_tensor(np.asarray(y), dtype=torch.long)

    def loss(theta: torch.Tensor) -> torch.Tensor:
        logits = functional_call(model, unflatten(theta, layout), (Xt,))
        value = F.cross_entropy(logits, yt)
        return value + 0.5 * l2 * (theta @ theta) if l2 else value

    return loss


def hvp_operator(loss: Callable, theta) -> LinearOperator:
    """The Hessian of `loss` at `theta` `(n,)` as a scipy LinearOperator: each product
    H v is one `jvp` of `grad(loss)`, no n x n matrix is stored."""
    th = torch.as_tensor(np.asarray(theta), dtype=torch.float64)
    g = grad(loss)

    def matvec(v: np.ndarray) -> np.ndarray:
        vt = torch.as_tensor(np.asarray(v, dtype=np.float64).reshape(-1))
        return jvp(g, (th,), (vt,))[1].detach().numpy()

    n = th.numel()
    return LinearOperator((n, n), matvec=matvec, rmatvec=matvec, dtype=np.float64)


def lanczos_extremes(op: LinearOperator, k: int = 1, tol: float = 1e-10,
                     maxiter: int | None = None, seed: int = 0,
                     lowest_vector: bool = False) -> tuple[np.ndarray, ...]:
    """The `k` largest and `k` smallest eigenvalues of a symmetric operator by implicitly
    restarted Lanczos (ARPACK's eigsh, which='LA' and 'SA'), from a seeded start vector.

    Returns (largest `(k,)` descending, smallest `(k,)` ascending), and with
    `lowest_vector` also the unit eigenvector `(n,)` of the smallest eigenvalue (from the
    same run). `k` is capped at n-1.
    """
    n = op.shape[0]
    k = max(1, min(k, n - 1))
    v0 = np.random.default_rng(seed).standard_normal(n)
    if not np.any(op @ v0):
        # A Hessian that is exactly zero (a loss that underflowed to a constant, as after a
        # diverged run): every eigenvalue is 0, and ARPACK would stop at its first product.
        zeros = np.zeros(k)
        return (zeros, zeros) if not lowest_vector else (zeros, zeros, v0 / np.linalg.norm(v0))
    ncv = min(n, max(2 * k + 1, 20))
    top = eigsh(op, k=k, which="LA", v0=v0, tol=tol, ncv=ncv, maxiter=maxiter,
                return_eigenvectors=False)
    found = eigsh(op, k=k, which="SA", v0=v0, tol=tol, ncv=ncv, maxiter=maxiter,
                  return_eigenvectors=lowest_vector)
    if not lowest_vector:
        return np.sort(top)[::-1], np.sort(found)
    bottom, vectors = found
    order = np.argsort(bottom)
    v = vectors[:, order[0]]
    return np.sort(top)[::-1], bottom[order], v / np.linalg.norm(v)


def dense_hessian(loss: Callable, theta, chunk_size: int = 256) -> torch.Tensor:
    """The full Hessian `(n, n)` float64. Reverse over reverse in chunks of `chunk_size`
    rows: about three times faster here than `torch.func.hessian` (forward over reverse),
    with bounded memory. It still grows as n^2: for small models only."""
    th = torch.as_tensor(np.asarray(theta), dtype=torch.float64)
    h = jacrev(jacrev(loss), chunk_size=chunk_size)(th).detach()
    return (h + h.T) / 2


def dense_spectrum(loss: Callable, theta) -> np.ndarray:
    """All eigenvalues `(n,)` ascending of the dense Hessian."""
    return torch.linalg.eigvalsh(dense_hessian(loss, theta)).numpy()


def gradient_norm(loss: Callable, theta) -> float:
    """|grad loss(theta)|: how far from a critical point the weights are."""
    th = torch.as_tensor(np.asarray(theta), dtype=torch.float64)
    return float(torch.linalg.vector_norm(grad(loss)(th)))


def verdict(lam_min: float, lam_max: float, rel_tol: float, reference: float,
            flat_tol: float) -> str:
    """What the extreme eigenvalues say about the weights.

    Eigenvalues with |lambda| <= rel_tol * max(|lam_min|, |lam_max|) count as zero (the tolerance
    is relative because a cross-entropy that is nearly zero has a nearly zero Hessian too).
    flat: every curvature is below flat_tol * `reference` (the largest |lambda| at the
    initial weights); otherwise saddle (non-zero curvature of both signs), minimum (only
    positive), maximum (only negative).
    """
    scale = max(abs(lam_min), abs(lam_max))
    if scale <= flat_tol * reference:
        return "flat"
    pos, neg = lam_max > rel_tol * scale, lam_min < -rel_tol * scale
    if pos and neg:
        return "saddle"
    return "minimum" if pos else "maximum"


def spectrum_fractions(eigenvalues: np.ndarray, rel_tol: float) -> dict[str, float]:
    """Share of positive, negative and (within rel_tol * max|lambda|) zero eigenvalues."""
    ev = np.asarray(eigenvalues, dtype=np.float64)
    tol = rel_tol * np.abs(ev).max(initial=0.0)
    n = max(len(ev), 1)
    return {"positive": float((ev > tol).sum() / n), "negative": float((ev < -tol).sum() / n),
            "zero": float((np.abs(ev) <= tol).sum() / n)}


def analyse(model: nn.Module, theta, X, y, *, theta_init=None, l2: float = 0.0,
            extremes: int = 5, dense_max_params: int = 5000, rel_tol: float = 1e-3,
            flat_tol: float = 1e-3, tol: float = 1e-10, escape_decrease: float = 1e-5,
            seed: int = 0) -> dict:
    """Curvature summary of the training loss at `theta` `(n,)`.

    Lanczos always gives the `extremes` largest and smallest eigenvalues; models with at most
    `dense_max_params` weights also get the full spectrum (which then decides lambda_min and
    lambda_max, with the Lanczos values kept as a cross-check). `theta_init` `(n,)`, if
    given, sets the reference curvature of the flat verdict (its largest |lambda|).

    For a saddle, `escape` says what a step along the eigenvector of the smallest Lanczos
    eigenvalue does (`escape.curvature_step`, both signs): its length t is chosen so that
    the second-order model's curvature term |lambda_min| t^2 / 2 is `escape_decrease` times
    the loss (`escape.step_for_decrease`); the measured change is compared with the model's
    t (grad . v) + lambda_min t^2 / 2 (the weights need not be a critical point).

    Returns plain data: n_params, loss, grad_norm, top `(k,)`, bottom `(k,)`, spectrum
    (`(n,)` or None), lambda_max, lambda_min, ratio |lambda_min / lambda_max|, reference,
    verdict, fractions (dense only), lanczos_vs_dense (largest difference between the
    Lanczos and the dense extremes over max |lambda|, dense only), escape (saddles only,
    else None) and the tolerances used.
    """
    loss = loss_function(model, X, y, l2)
    theta = np.asarray(theta, dtype=np.float64)
    n = theta.size
    op = hvp_operator(loss, theta)
    top, bottom, v_min = lanczos_extremes(op, extremes, tol=tol, seed=seed, lowest_vector=True)
    spectrum = dense_spectrum(loss, theta) if n <= dense_max_params else None
    lam_max = float(spectrum[-1] if spectrum is not None else top[0])
    lam_min = float(spectrum[0] if spectrum is not None else bottom[0])
    if theta_init is not None:
        t0, b0 = lanczos_extremes(hvp_operator(loss, theta_init), 1, tol=tol, seed=seed)
        reference = float(max(abs(t0[0]), abs(b0[0])))
    else:
        reference = max(abs(lam_min), abs(lam_max))
    with torch.no_grad():
        value = float(loss(torch.as_tensor(theta)))
    # How far Lanczos is from the exact extremes, relative to the largest |lambda|.
    check = None if spectrum is None else float(
        max(abs(top[0] - spectrum[-1]), abs(bottom[0] - spectrum[0]))
        / max(np.abs(spectrum).max(), 1e-300))
    kind = verdict(lam_min, lam_max, rel_tol, reference, flat_tol)
    # A saddle: how much a small step along the most negative eigenvector lowers the loss.
    # Its curvature is the Rayleigh quotient v.Hv (= bottom[0] up to Lanczos' tolerance).
    curvature = float(v_min @ (op @ v_min))
    escape = None if kind != "saddle" or curvature >= 0 else curvature_step(
        loss, theta, v_min, curvature, step_for_decrease(value, curvature, escape_decrease))
    return {
        "n_params": n, "loss": value, "grad_norm": gradient_norm(loss, theta),
        "top": top, "bottom": bottom, "spectrum": spectrum,
        "lambda_max": lam_max, "lambda_min": lam_min,
        # |lambda_min / lambda_max|: 0 without any curvature, undefined (None) when only
        # lambda_min is non-zero.
        "ratio": abs(lam_min / lam_max) if lam_max != 0 else (0.0 if lam_min == 0 else None),
        "reference": reference,
        "verdict": kind,
        "fractions": None if spectrum is None else spectrum_fractions(spectrum, rel_tol),
        "method": "dense" if spectrum is not None else "lanczos",
        "lanczos_vs_dense": check,
        "escape": escape,
        "rel_tol": rel_tol, "flat_tol": flat_tol, "l2": l2, "escape_decrease": escape_decrease,
    }
