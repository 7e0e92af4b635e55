"""Charts as server-rendered SVG: no script, no library, nothing fetched — the report page is
readable offline and in any browser. Each chart is one ``<svg class="chart …">``; data marks
carry a class (``cell``, ``point``, ``bar``) and ``data-value`` so tests can count them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

__all__ = ["bar_chart", "heat_map", "line_chart"]

PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")
_FONT = 'font-family="system-ui, sans-serif" font-size="12"'
_CAPTION = 24  # room for the visible title


def _svg(kind: str, width: int, height: int, title: str, body: list[str]) -> str:
    """The chart with its title shown above it (and as its accessible name)."""
    height += _CAPTION
    return (
        f'<svg class="chart {kind}" role="img" aria-label="{escape(title)}" width="{width}"'
        f' height="{height}" viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg"'
        f" {_FONT}><title>{escape(title)}</title>"
        f'<text class="caption" x="4" y="15" font-weight="600">{escape(title)}</text>'
        f'<g transform="translate(0,{_CAPTION})">' + "".join(body) + "</g></svg>"
    )


def _label(text: str) -> str:
    return escape(text.replace("_", " "))


def heat_map(
    cells: Mapping[tuple[str, str], int], rows: Sequence[str], columns: Sequence[str], title: str
) -> str:
    """Rows by columns, each cell shaded by its count (darker is more) and labelled with it."""
    cw, ch, left, top = 90, 30, 140, 24
    peak = max(cells.values(), default=0) or 1
    body = [
        f'<text x="{left + i * cw + cw / 2}" y="16" text-anchor="middle">{_label(c)}</text>'
        for i, c in enumerate(columns)
    ]
    for j, r in enumerate(rows):
        y = top + j * ch
        body.append(
            f'<text x="{left - 8}" y="{y + ch / 2 + 4}" text-anchor="end">{_label(r)}</text>'
        )
        for i, c in enumerate(columns):
            n = cells.get((r, c), 0)
            shade = 0.08 + 0.92 * n / peak if n else 0.0
            x = left + i * cw
            body.append(
                f'<rect class="cell" data-value="{n}" x="{x}" y="{y}" width="{cw - 2}"'
                f' height="{ch - 2}" fill="#2b6cb0" fill-opacity="{shade:.2f}" stroke="#ccd"/>'
            )
            ink = "#fff" if shade > 0.5 else "#222"
            body.append(
                f'<text x="{x + cw / 2}" y="{y + ch / 2 + 4}" text-anchor="middle"'
                f' fill="{ink}">{n}</text>'
            )
    return _svg("heat-map", left + len(columns) * cw + 10, top + len(rows) * ch + 10, title, body)


def line_chart(x_labels: Sequence[str], series: Mapping[str, Sequence[float]], title: str) -> str:
    """One line per series over the labelled x positions, a dot per value, a legend."""
    width, height, left, right, top, bottom = 700, 260, 48, 190, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((v for values in series.values() for v in values), default=0) or 1
    step = plot_w / max(len(x_labels) - 1, 1)

    def at(i: int, v: float) -> tuple[float, float]:
        return left + i * step, top + plot_h - plot_h * v / peak

    body = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}"'
        ' stroke="#888"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#888"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{peak:g}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end">0</text>',
    ]
    every = max(1, len(x_labels) // 8)
    for i, label in enumerate(x_labels):
        if i % every == 0 or i == len(x_labels) - 1:
            x = at(i, 0)[0]
            body.append(
                f'<text x="{x}" y="{height - 20}" text-anchor="middle">{escape(label)}</text>'
            )
    for k, (name, values) in enumerate(series.items()):
        colour = PALETTE[k % len(PALETTE)]
        points = [at(i, v) for i, v in enumerate(values)]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        dash = ' stroke-dasharray="6 3"' if k % 2 else ""  # lines that coincide stay visible
        body.append(
            f'<polyline class="line" points="{path}" fill="none" stroke="{colour}"'
            f' stroke-width="{3 - k % 2}"{dash}/>'
        )
        body += [
            f'<circle class="point" data-series="{escape(name)}" data-value="{v:g}" cx="{x:.1f}"'
            f' cy="{y:.1f}" r="3.5" fill="{colour}"/>'
            for (x, y), v in zip(points, values, strict=True)
        ]
        ly = top + 14 + k * 18
        body.append(
            f'<rect x="{width - right + 12}" y="{ly - 9}" width="12" height="12" fill="{colour}"/>'
        )
        body.append(f'<text x="{width - right + 30}" y="{ly + 1}">{_label(name)}</text>')
    return _svg("line-chart", width, height, title, body)


def bar_chart(bars: Sequence[tuple[str, float, str]], title: str) -> str:
    """Horizontal bars: (label, value, annotation) each."""
    width, left, bh = 640, 160, 26
    peak = max((v for _, v, _ in bars), default=0) or 1
    body = []
    for j, (label, value, note) in enumerate(bars):
        y = 8 + j * bh
        w = (width - left - 120) * value / peak
        colour = PALETTE[j % len(PALETTE)]
        body.append(f'<text x="{left - 8}" y="{y + 16}" text-anchor="end">{_label(label)}</text>')
        body.append(
            f'<rect class="bar" data-value="{value:g}" x="{left}" y="{y + 2}"'
            f' width="{max(w, 1):.1f}" height="{bh - 6}" fill="{colour}"/>'
        )
        body.append(f'<text x="{left + w + 6:.1f}" y="{y + 16}">{escape(note)}</text>')
    return _svg("bar-chart", width, 16 + len(bars) * bh, title, body)
