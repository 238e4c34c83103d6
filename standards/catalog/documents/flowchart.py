"""The approval flowchart (审批流程图) of an item, drawn from its steps as inline SVG: a vertical
chain of boxes that stays legible on a phone (the SVG scales to the screen's width)."""

from django.utils.html import format_html, format_html_join

WIDTH = 320
BOX_W = 280
LINE_H = 18
CHARS_PER_LINE = 15
GAP = 28


def _lines(text: str, per_line: int = CHARS_PER_LINE) -> list[str]:
    text = text or ""
    return [text[i:i + per_line] for i in range(0, len(text), per_line)] or [""]


def flowchart_boxes(steps: list[dict]) -> list[dict]:
    """Start, one box per step (name; post and limit below), end: each with its lines of text."""
    boxes = [{"kind": "terminal", "lines": ["申请人提出申请"]}]
    for index, step in enumerate(steps, start=1):
        detail = "，".join(p for p in (step.get("responsible", ""),
                                       "即办" if not step.get("time_limit") else f"{step['time_limit']}个工作日") if p)
        boxes.append({"kind": "step", "lines": _lines(f"{index}. {step['name']}") + _lines(detail)})
    boxes.append({"kind": "terminal", "lines": ["办结，送达结果"]})
    return boxes


def flowchart_svg(steps: list[dict], *, title: str = "") -> str:
    """SVG markup (escaped text) for the steps; safe to put in a page as is."""
    parts, y = [], 10
    for index, box in enumerate(flowchart_boxes(steps)):
        height = 16 + LINE_H * len(box["lines"])
        x = (WIDTH - BOX_W) // 2
        radius = height // 2 if box["kind"] == "terminal" else 6
        fill = "#e8eef7" if box["kind"] == "terminal" else "#ffffff"
        parts.append(format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" rx="{}" fill="{}" stroke="#1f4e8c" stroke-width="1.5"/>',
            x, y, BOX_W, height, radius, fill))
        parts.append(format_html_join("", '<text x="{}" y="{}" text-anchor="middle" font-size="14">{}</text>',
                                      ((WIDTH // 2, y + 8 + LINE_H * (n + 1) - 4, line)
                                       for n, line in enumerate(box["lines"]))))
        y += height
        if index < len(steps) + 1:
            parts.append(format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#1f4e8c" stroke-width="1.5" '
                'marker-end="url(#arrow)"/>', WIDTH // 2, y, WIDTH // 2, y + GAP - 2))
            y += GAP
    return format_html(
        '<svg class="flowchart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="100%" '
        'style="max-width:{w}px" role="img" aria-label="{title}"><title>{title}</title>'
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" '
        'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#1f4e8c"/></marker></defs>'
        '{body}</svg>',
        w=WIDTH, h=y + 10, title=title or "办理流程图",
        body=format_html_join("", "{}", ((p,) for p in parts)),
    )
