"""The structure chart of a partnership, as server-side SVG (it goes into PDFs
too) with the same tree as data for an accessible nested list.

Boxes are laid out in rows by depth: the body a partnership reports to, the
partnership, then its groups and the partnerships reporting to it. Groups that
report to no one are drawn in a separate row with a red dashed border.
"""

from dataclasses import dataclass, field
from textwrap import wrap

from django.utils.html import escape
from django.utils.safestring import mark_safe

from partnerships.models import Group, Partnership

BOX_W, BOX_H, GAP_X, GAP_Y, MARGIN = 200, 66, 24, 44, 16
PER_ROW = 6
STYLE = {
    # kind: (fill, stroke, text colour, dash)
    "upper": ("#f3f2f1", "#505a5f", "#0b0c0c", ""),
    "partnership": ("#1d70b8", "#1d70b8", "#ffffff", ""),
    "child": ("#ffffff", "#1d70b8", "#0b0c0c", ""),
    "group": ("#ffffff", "#0b0c0c", "#0b0c0c", ""),
    "external": ("#f3f2f1", "#505a5f", "#0b0c0c", "6 3"),
    "loose": ("#ffffff", "#d4351c", "#0b0c0c", "6 3"),
}


@dataclass
class Node:
    key: str
    label: str
    detail: str
    url: str
    style: str
    parent: "Node | None" = None
    children: list = field(default_factory=list)
    x: int = 0
    y: int = 0


def _tree(partnership):
    groups = list(
        Group.objects.current()
        .filter(partnership=partnership)
        .select_related("reports_to__partnership")
        .order_by("name")
    )
    children = list(
        Partnership.objects.filter(reports_to=partnership).exclude(
            status=Partnership.Status.DISSOLVED
        )
    )
    upper = Partnership.objects.filter(pk=partnership.reports_to_id).first()

    roots, loose = [], []
    top = Node(
        f"p{partnership.pk}",
        partnership.name,
        partnership.get_kind_display(),
        partnership.get_absolute_url(),
        "partnership",
    )
    if upper:
        up = Node(
            f"p{upper.pk}",
            upper.name,
            "Reported to by this partnership",
            upper.get_absolute_url(),
            "upper",
        )
        _link(top, up)
        roots.append(up)
    else:
        roots.append(top)
    for child in children:
        detail = child.get_kind_display() + (
            "" if child.status == "active" else f" ({child.get_status_display().lower()})"
        )
        _link(Node(f"p{child.pk}", child.name, detail, child.get_absolute_url(), "child"), top)

    nodes = {
        g.pk: Node(f"g{g.pk}", g.name, g.get_kind_display(), g.get_absolute_url(), "group")
        for g in groups
    }
    externals = {}
    for g in groups:
        node = nodes[g.pk]
        target = g.reports_to_id or g.parent_id
        if target in nodes and not _would_loop(nodes[target], node):
            _link(node, nodes[target])
        elif g.reports_to_id:
            other = g.reports_to
            if other.pk not in externals:
                externals[other.pk] = Node(
                    f"x{other.pk}",
                    other.name,
                    f"in {other.partnership}",
                    other.get_absolute_url(),
                    "external",
                )
                roots.append(externals[other.pk])
            _link(node, externals[other.pk])
        elif g.kind == Group.Kind.BOARD:
            _link(node, top)
        else:
            node.style = "loose"
            node.detail = f"{node.detail}: reports to no one"
            loose.append(node)
    return roots, loose


def _link(child, parent):
    child.parent = parent
    parent.children.append(child)


def _would_loop(parent, child):
    node = parent
    while node is not None:
        if node is child:
            return True
        node = node.parent
    return False


def _rows(roots, loose):
    rows, level = [], roots
    while level:
        for start in range(0, len(level), PER_ROW):
            rows.append(level[start : start + PER_ROW])
        level = [c for n in level for c in n.children]
    for start in range(0, len(loose), PER_ROW):
        rows.append(loose[start : start + PER_ROW])
    return rows


def _box(node):
    fill, stroke, ink, dash = STYLE[node.style]
    lines = wrap(node.label, 28)[:2]
    if len(wrap(node.label, 28)) > 2:
        lines[-1] = lines[-1][:25] + "…"
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    parts = [
        f'<rect x="{node.x}" y="{node.y}" width="{BOX_W}" height="{BOX_H}" rx="4" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="2"{dash_attr}/>'
    ]
    cx = node.x + BOX_W // 2
    for i, line in enumerate(lines):
        parts.append(
            f'<text x="{cx}" y="{node.y + 20 + i * 16}" text-anchor="middle" font-size="13" '
            f'font-weight="bold" fill="{ink}">{escape(line)}</text>'
        )
    parts.append(
        f'<text x="{cx}" y="{node.y + BOX_H - 9}" text-anchor="middle" font-size="11" fill="{ink}">'
        f"{escape(node.detail[:40])}</text>"
    )
    return "".join(parts)


def _svg(partnership, rows):
    widest = max((len(r) for r in rows), default=1)
    width = MARGIN * 2 + widest * BOX_W + (widest - 1) * GAP_X
    height = MARGIN * 2 + len(rows) * BOX_H + max(len(rows) - 1, 0) * GAP_Y
    for r, row in enumerate(rows):
        row_width = len(row) * BOX_W + (len(row) - 1) * GAP_X
        left = (width - row_width) // 2
        for i, node in enumerate(row):
            node.x = left + i * (BOX_W + GAP_X)
            node.y = MARGIN + r * (BOX_H + GAP_Y)
    lines = []
    for row in rows:
        for node in row:
            if node.parent is None:
                continue
            x1, y1 = node.x + BOX_W // 2, node.y
            x2, y2 = node.parent.x + BOX_W // 2, node.parent.y + BOX_H
            mid = y1 - GAP_Y // 2
            lines.append(
                f'<path d="M{x1} {y1} V{mid} H{x2} V{y2}" fill="none" stroke="#505a5f" stroke-width="1.5"/>'
            )
    boxes = [_box(node) for row in rows for node in row]
    title = escape(f"Structure chart of {partnership.name}")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'aria-labelledby="chart-title chart-desc" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Arial, sans-serif">'
        f'<title id="chart-title">{title}</title>'
        f'<desc id="chart-desc">Boxes are bodies; a line joins a body to the one it reports to. '
        f"The same structure follows as a list.</desc>" + "".join(lines) + "".join(boxes) + "</svg>"
    )


def structure_chart(partnership):
    roots, loose = _tree(partnership)
    rows = _rows(roots, loose)
    return {"svg": mark_safe(_svg(partnership, rows)), "roots": roots, "loose": loose}  # noqa: S308 - every text is escaped above
