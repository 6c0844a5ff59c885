"""The charts' label column holds its longest label: measured with Arial's widths, and
checked in a PDF WeasyPrint renders, where a label cut at the left edge would start
left of the chart."""

import subprocess
from pathlib import Path

import yaml
from django.utils.html import escape
from weasyprint import HTML

from config.charts import bar_chart, text_width

DEMO_ORGANISATIONS = Path(__file__).resolve().parents[2] / "demo/data/register/organisations.yaml"


def _longest_names(count=6):
    names = [o["name"] for o in yaml.safe_load(DEMO_ORGANISATIONS.read_text())]
    return sorted(names, key=lambda name: text_width(name, 12), reverse=True)[:count]


def test_it_measures_text_as_arial_draws_it():
    assert text_width("BGSW", 12) == 3056 * 12 / 1000  # B 667 + G 778 + S 667 + W 944
    assert text_width("illi", 10) == text_width("i", 10) * 4 < text_width("MMMM", 10) / 3


def test_the_label_column_holds_the_longest_demo_names_in_a_pdf(tmp_path):
    names = _longest_names()
    svg = bar_chart("Seats held", [(name, n + 1, "#1d70b8") for n, name in enumerate(names)])
    assert all(f">{escape(name)}</text>" in svg for name in names), "a label was shortened"
    labels_end = float(svg.split('<text x="')[1].split('"')[0])  # they end here, at the bars
    assert all(text_width(name, 12) <= labels_end for name in names)

    pdf = tmp_path / "chart.pdf"
    HTML(string=f"<html><body style='margin:0'>{svg}</body></html>").write_pdf(
        pdf, stylesheets=None
    )
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = [line for line in boxes.splitlines() if line.strip().startswith("<word ")]
    first_words = {name.split()[0] for name in names}
    lefts = [
        float(line.split('xMin="')[1].split('"')[0])
        for line in words
        if line.split(">")[1].split("<")[0] in first_words
    ]
    assert len(lefts) >= len(first_words)
    assert min(lefts) >= 0, "a label starts left of the chart: it is cut"
