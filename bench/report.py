"""Write bench/RESULTS.md from the bench/results-N.json files present."""

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent

GOALS = """Goals (2-core machine, PostgreSQL, scale 10): list pages median <= 15 ms,
95th percentile <= 30 ms, <= 8 queries; dashboards median <= 25 ms, 95th
percentile <= 50 ms, <= 12 queries; the same query count at every scale; every
page faster than its Django admin peer."""


def main():
    results = sorted(
        (json.loads(p.read_text()) for p in HERE.glob("results-*.json")), key=lambda r: r["scale"]
    )
    lines = [
        "# Benchmark results",
        "",
        "Made by `make bench SCALE=N` (`python bench/run.py --scale N`); server time measured",
        "in-process through the whole middleware stack, after a warm-up. *Floor*: a bare view",
        "running the page's essential query. *Admin*: the Django admin changelist of the same",
        "model. Ratios are the page's median over theirs.",
        "",
        GOALS,
        "",
    ]
    for r in results:
        lines += [
            f"## Scale {r['scale']} ({r['database']}, {r['requests']} requests a page)",
            "",
            "| page | queries | median ms | p95 ms | floor ms | admin ms | × floor | × admin |",
            "|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for p in r["pages"]:
            lines.append(
                f"| {p['page']} | {p['queries']} | {p['median_ms']:.1f} | {p['p95_ms']:.1f} | "
                f"{p['floor']['median_ms']:.1f} | {p['admin_peer']['median_ms']:.1f} | "
                f"{p['vs_floor']:.2f} | {p['vs_admin']:.2f} |"
            )
        lines.append("")
    (HERE / "RESULTS.md").write_text("\n".join(lines))


if __name__ == "__main__":
    main()
