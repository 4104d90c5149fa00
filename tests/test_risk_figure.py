"""The figure of the empirical and the expected risk."""

import matplotlib.pyplot as plt

from landscape.risk import risk_curves, risk_minima
from landscape.risk_figure import risk_figure


def test_risk_figure_marks_every_minimum():
    result = risk_minima(-1, 2, 0.2, 5, starts=100)
    fig = risk_figure(risk_curves(-1, 2, 300, 0.2, 5), result)
    (ax,) = fig.axes
    texts = [t.get_text() for t in ax.texts]
    assert "min of empirical\nrisk, x = 1.017" in texts
    assert "min of expected\nrisk, x = 1.090" in texts
    labels = ax.get_legend_handles_labels()[1]
    assert labels == ["expected risk (all data)", "empirical risk (training set)",
                      "global minimum", "local minimum"]
    assert "0.0312" in ax.get_title()
    plt.close(fig)
