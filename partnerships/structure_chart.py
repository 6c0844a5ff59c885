"""The structure chart of a partnership, as server-side SVG (it goes into PDFs
too) with the same tree as data for an accessible nested list.

The chart is an indented tree: each body on its own row, set in under the body
it reports to, with a line from that body down its left side. However many
groups report to one board, every line joins a body to its real parent. Groups
that report to no one come last, with a red dashed border. The boards linked to
this one (BoardLink: a reporting line, a protocol, information sharing) follow in
green dotted boxes, each with the kind of link and when its protocol is due for
review.
"""

from dataclasses import dataclass, field
from textwrap import shorten

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from partnerships.models import BoardLink, Group, Partnership

BOX_W, BOX_H, ROW, INDENT, MARGIN = 360, 40, 52, 36, 16
STYLE = {
    # kind: (fill, stroke, text colour, dash)
    "upper": ("#f3f2f1", "#505a5f", "#0b0c0c", ""),
    "partnership": ("#1d70b8", "#1d70b8", "#ffffff", ""),
    "child": ("#ffffff", "#1d70b8", "#0b0c0c", ""),
    "group": ("#ffffff", "#0b0c0c", "#0b0c0c", ""),
    "external": ("#f3f2f1", "#505a5f", "#0b0c0c", "6 3"),
    "loose": ("#ffffff", "#d4351c", "#0b0c0c", "6 3"),
    "linked": ("#ffffff", "#00703c", "#0b0c0c", "2 3"),
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
            "the body this partnership reports to",
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


def _place(roots, loose):
    """Pre-order rows: a node's row, then its children's rows, set in one step."""
    ordered = []

    def walk(node, depth):
        node.x = MARGIN + depth * INDENT
        node.y = MARGIN + len(ordered) * ROW
        ordered.append(node)
        for child in node.children:
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)
    for node in loose:
        walk(node, 0)
    return ordered


def _box(node):
    fill, stroke, ink, dash = STYLE[node.style]
    dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
    return (
        f'<rect x="{node.x}" y="{node.y}" width="{BOX_W}" height="{BOX_H}" rx="4" '
        f'fill="{fill}" stroke="{stroke}" stroke-width="2"{dash_attr}/>'
        f'<text x="{node.x + 10}" y="{node.y + 17}" font-size="13" font-weight="bold" fill="{ink}">'
        f"{escape(shorten(node.label, 52, placeholder='…'))}</text>"
        f'<text x="{node.x + 10}" y="{node.y + 32}" font-size="11" fill="{ink}">'
        f"{escape(shorten(node.detail, 60, placeholder='…'))}</text>"
    )


def _svg(partnership, ordered):
    width = max((n.x for n in ordered), default=0) + BOX_W + MARGIN
    height = MARGIN * 2 + len(ordered) * ROW - (ROW - BOX_H)
    lines = []
    for node in ordered:
        if node.parent is None:
            continue
        x1 = node.parent.x + INDENT // 2
        y1 = node.parent.y + BOX_H
        y2 = node.y + BOX_H // 2
        lines.append(
            f'<path d="M{x1} {y1} V{y2} H{node.x}" fill="none" stroke="#505a5f" stroke-width="1.5"/>'
        )
    title = escape(f"Structure chart of {partnership.name}")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img" '
        f'aria-labelledby="chart-title chart-desc" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="Arial, sans-serif">'
        f'<title id="chart-title">{title}</title>'
        f'<desc id="chart-desc">Each body sits below and set in from the body it reports to, '
        f"joined by a line; the boards linked to this one follow in dotted boxes, each with "
        f"the kind of link and its review date. The same structure follows as a list.</desc>"
        + "".join(lines)
        + "".join(_box(n) for n in ordered)
        + "</svg>"
    )


def _links(partnership, on):
    """The links with other boards, each with the board at the other end, what the
    link is seen from here ("Reports to this board"), and its review ("review due
    1 May 2026", "review overdue since …", "no protocol agreed"): one query."""
    links = list(
        BoardLink.objects.of(partnership)
        .select_related("from_partnership", "to_partnership")
        .order_by("kind", "id")
    )
    for link in links:
        link.other_board = link.other(partnership)
        link.seen_from_here = link.seen_from(partnership)
        if link.review_due and link.review_due < on:
            link.review_text = f"review overdue since {link.review_due:%-d %B %Y}"
        elif link.review_due:
            link.review_text = f"review due {link.review_due:%-d %B %Y}"
        elif link.protocol_file or link.protocol_agreed:
            link.review_text = "no review date"
        else:
            link.review_text = "no protocol agreed"
    return links


def _linked_nodes(links):
    return [
        Node(
            f"l{link.pk}",
            link.other_board.name,
            f"{link.seen_from_here}; {link.review_text}",
            link.other_board.get_absolute_url(),
            "linked",
        )
        for link in links
    ]


def structure_chart(partnership, on=None):
    roots, loose = _tree(partnership)
    links = _links(partnership, on or timezone.localdate())
    ordered = _place([*roots, *_linked_nodes(links)], loose)
    return {
        "svg": mark_safe(_svg(partnership, ordered)),  # noqa: S308 - every text is escaped above
        "roots": roots,
        "loose": loose,
        "links": links,
    }
