"""Bar and line charts as server-side SVG (they go into PDFs too). Every chart is drawn
beside a table of the same figures, so the SVG is an image with a title."""

from django.utils.html import escape
from django.utils.safestring import mark_safe

W, H, LEFT, RIGHT, TOP, BOTTOM = 640, 260, 56, 32, 16, 40


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


def bar_chart(title, rows, *, unit="", label_width=220):
    """Horizontal bars. rows: [(label, value, colour)]; value a number >= 0.
    Drawn beside a table of the same figures, like every chart here."""
    values = [float(v) for _, v, _ in rows if v is not None]
    if not rows or not values:
        return ""
    top = max(values) or 1
    label_w, bar_w, row_h, value_w = label_width, 300, 26, 90
    width, height = label_w + bar_w + value_w, row_h * len(rows) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" aria-label="{escape(title)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="Arial, sans-serif" font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value, colour) in enumerate(rows):
        y = 4 + i * row_h
        shown = label if len(label) <= 34 else label[:33] + "…"
        length = 0 if value is None else bar_w * float(value) / top
        parts.append(
            f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end" fill="#0b0c0c">{escape(shown)}</text>'
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
