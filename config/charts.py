"""Bar and line charts, and heat maps, as server-side SVG (they go into PDFs too).
Every chart is drawn beside a table of the same figures, so the SVG is an image with
a title."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

W, H, LEFT, RIGHT, TOP, BOTTOM = 640, 260, 56, 32, 16, 40

# Advance widths of Arial (metric-compatible with Helvetica and Liberation Sans), in
# thousandths of the font size, for the printable ASCII characters from the space on;
# anything else is taken as wide as a digit, or as an em for the wider punctuation.
_ASCII_WIDTHS = (
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
)  # fmt: skip
_OTHER_WIDTHS = {"’": 222, "‘": 222, "“": 333, "”": 333, "–": 556, "—": 1000, "…": 1000}


def text_width(text, size):
    """How wide `text` is drawn in Arial at `size` pixels."""
    total = 0
    for char in text:
        code = ord(char) - 32
        if 0 <= code < len(_ASCII_WIDTHS):
            total += _ASCII_WIDTHS[code]
        else:
            total += _OTHER_WIDTHS.get(char, 556)
    return total * size / 1000


def line_chart(title, labels, series):
    """series: [(name, colour, dash, [value or None per label])]."""
    values = [v for _, _, _, vs in series for v in vs if v is not None]
    if not labels or not values:
        return ""
    # The axis spans the data with a margin, so a trend is visible.
    low, high = float(min(values)), float(max(values))
    margin = (high - low) * 0.15 or abs(high) * 0.1 or 1
    low, high = max(low - margin, 0) if low >= 0 else low - margin, high + margin
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM

    def x(i):
        return LEFT + (plot_w * i / max(len(labels) - 1, 1))

    def y(v):
        return TOP + plot_h - (plot_h * (float(v) - float(low)) / (float(high) - float(low)))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" aria-label="{escape(title)}" '
        f'width="{W}" height="{H}" viewBox="0 0 {W} {H}" font-family="Arial, sans-serif" font-size="11">',
        f"<title>{escape(title)}</title>",
    ]
    for step in range(5):
        v = float(low) + (float(high) - float(low)) * step / 4
        parts.append(
            f'<line x1="{LEFT}" x2="{W - RIGHT}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#b1b4b6" stroke-width="0.5"/>'
        )
        parts.append(
            f'<text x="{LEFT - 6}" y="{y(v) + 4:.1f}" text-anchor="end" fill="#0b0c0c">{v:,.0f}</text>'
        )
    every = max(1, len(labels) // 8)
    for i, label in enumerate(labels):
        if i % every == 0:
            parts.append(
                f'<text x="{x(i):.1f}" y="{H - BOTTOM + 16}" text-anchor="middle" fill="#0b0c0c">{escape(label)}</text>'
            )
    for _name, colour, dash, vs in series:
        points = [f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(vs) if v is not None]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2.5"{dash_attr} points="{" ".join(points)}"/>'
        )
    legend_x = LEFT
    for name, colour, dash, _ in series:
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<line x1="{legend_x}" x2="{legend_x + 20}" y1="{H - 8}" y2="{H - 8}" stroke="{colour}" stroke-width="2.5"{dash_attr}/>'
        )
        parts.append(f'<text x="{legend_x + 24}" y="{H - 4}" fill="#0b0c0c">{escape(name)}</text>')
        legend_x += 40 + 7 * len(name)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


LABEL_SIZE = 12


def bar_chart(title, rows, *, unit=""):
    """Horizontal bars. rows: [(label, value, colour)]; value a number >= 0.
    Drawn beside a table of the same figures, like every chart here. The labels'
    column is as wide as the longest label, measured, so no label is cut short."""
    values = [float(v) for _, v, _ in rows if v is not None]
    if not rows or not values:
        return ""
    top = max(values) or 1
    longest = max(text_width(label, LABEL_SIZE) for label, _v, _c in rows)
    label_w, bar_w, row_h, value_w = int(longest) + 16, 300, 26, 90
    width, height = label_w + bar_w + value_w, row_h * len(rows) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" aria-label="{escape(title)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="Arial, sans-serif" font-size="{LABEL_SIZE}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value, colour) in enumerate(rows):
        y = 4 + i * row_h
        length = 0 if value is None else bar_w * float(value) / top
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" fill="#0b0c0c">{escape(label)}</text>'
        )
        parts.append(
            f'<rect x="{label_w}" y="{y + 3}" width="{length:.1f}" height="{row_h - 8}" fill="{colour}"/>'
        )
        text = "–" if value is None else f"{value:,}{unit}"
        parts.append(
            f'<text x="{label_w + length + 6:.1f}" y="{y + 16}" fill="#0b0c0c">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above


def heat_map(title, cells, *, columns, rows, column_title, row_title, cell=58):
    """A grid of counts, as a risk matrix is drawn: `columns` left to right and
    `rows` bottom to top (their labels), `cells` {(column index, row index): (count,
    fill colour, text colour)}; an empty cell keeps its colour and shows no number.
    Drawn beside a table of the same figures, like every chart here."""
    if not columns or not rows:
        return ""
    longest = max(text_width(label, LABEL_SIZE) for label in rows)
    left = int(longest) + 40  # the row labels, and the rows' title turned on its side
    top, bottom = 8, 50
    width = left + cell * len(columns) + 8
    height = top + cell * len(rows) + bottom
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" aria-label="{escape(title)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="Arial, sans-serif" font-size="{LABEL_SIZE}">',
        f"<title>{escape(title)}</title>",
    ]
    for r, row_label in enumerate(rows):
        y = top + cell * (len(rows) - 1 - r)
        parts.append(
            f'<text x="{left - 8}" y="{y + cell / 2 + 4:.1f}" text-anchor="end" fill="#0b0c0c">{escape(row_label)}</text>'
        )
        for c in range(len(columns)):
            x = left + cell * c
            count, fill, ink = cells.get((c, r), (0, "#f3f2f1", "#0b0c0c"))
            parts.append(
                f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{fill}" stroke="#ffffff" stroke-width="2"/>'
            )
            if count:
                parts.append(
                    f'<text x="{x + cell / 2:.1f}" y="{y + cell / 2 + 6:.1f}" text-anchor="middle" '
                    f'font-size="18" font-weight="bold" fill="{ink}">{int(count)}</text>'
                )
    for c, column_label in enumerate(columns):
        x = left + cell * c + cell / 2
        parts.append(
            f'<text x="{x:.1f}" y="{top + cell * len(rows) + 16}" text-anchor="middle" fill="#0b0c0c">{escape(column_label)}</text>'
        )
    middle = left + cell * len(columns) / 2
    parts.append(
        f'<text x="{middle:.1f}" y="{height - 8}" text-anchor="middle" font-weight="bold" fill="#0b0c0c">{escape(column_title)}</text>'
    )
    centre = top + cell * len(rows) / 2
    parts.append(
        f'<text x="14" y="{centre:.1f}" text-anchor="middle" font-weight="bold" fill="#0b0c0c" '
        f'transform="rotate(-90 14 {centre:.1f})">{escape(row_title)}</text>'
    )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text is escaped above
