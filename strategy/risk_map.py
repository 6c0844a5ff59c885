"""The heat map of a set of risks: how many sit in each cell of the 5 × 5 grid of
likelihood × impact, drawn as SVG beside a table of the same counts. The register,
the scrutiny dashboard and the governance report draw it the same way."""

from collections import Counter

from config.charts import heat_map
from config.exports import Column, number
from strategy.models import BAND_LABELS, Impact, Likelihood, band

# Fill and text colours of each band, from the GOV.UK palette, each pair legible.
COLOURS = {
    "low": ("#00703c", "#ffffff"),
    "medium": ("#ffdd00", "#0b0c0c"),
    "high": ("#f47738", "#0b0c0c"),
    "very_high": ("#d4351c", "#ffffff"),
}


def residual_counts(risks):
    """{(likelihood, impact): how many of `risks` have that residual score}."""
    return Counter((r.residual_likelihood, r.residual_impact) for r in risks)


def risk_heat_map(risks, title="Open risks by residual likelihood and impact"):
    """The SVG and its table's rows: one row per likelihood, most likely first, with
    the number of risks at each impact."""
    counts = residual_counts(risks)
    cells = {
        (impact - 1, likelihood - 1): (
            counts[(likelihood, impact)],
            *COLOURS[band(likelihood * impact)],
        )
        for likelihood in Likelihood.values
        for impact in Impact.values
    }
    svg = heat_map(
        title,
        cells,
        columns=[str(v) for v in Impact.values],
        rows=[label.split(" – ")[1] for label in Likelihood.labels],
        column_title="Impact",
        row_title="Likelihood",
    )
    rows = [
        {
            "likelihood": Likelihood(likelihood).label,
            "counts": [counts[(likelihood, impact)] for impact in Impact.values],
        }
        for likelihood in reversed(Likelihood.values)
    ]
    return {"svg": svg, "rows": rows, "total": sum(counts.values()), "impacts": Impact.labels}


# The heat map's table, for its download: one row per likelihood.
HEAT_MAP = [
    Column("Likelihood", lambda r: r["likelihood"]),
    *[
        number(f"Impact {label}", lambda r, i=i: r["counts"][i])
        for i, label in enumerate(Impact.labels)
    ],
]

BAND_KEY = [(key, BAND_LABELS[key], *COLOURS[key]) for key in COLOURS]
