"""HTML for grades: colour-blind-safe badges with their meaning on hover, the implementation
dashboard's SVG chart (stacked bars, drawn here: nothing remote) and its sortable table. Pure."""

from __future__ import annotations

from html import escape

from qa.grades import GradeRow, cite_label, counts, grade_meaning, grade_of, scale

BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 260
CHART_WIDTH = 760
MAX_LABEL = 40


def grade_badge(grade: str | None) -> str:
    """A badge for a grade: letter, a shape (so colour is never the only cue), meaning as title."""
    if not grade:
        return ""
    known = grade_of(grade)
    mark = f"{known.mark} " if known else ""
    label = f" {known.label}" if known else ""
    style = (known.letter if known else grade).lower()  # a sub-grade in its letter's colours
    return (
        f'<span class="qa-grade qa-grade-{escape(style)}" '
        f'title="{escape(grade_meaning(grade) or "grade " + grade)}">'
        f"{escape(mark)}grade {escape(grade)}<span class='qa-grade-label'>{escape(label)}</span>"
        "</span>"
    )


def grade_css() -> str:
    """The badge colours from the scale (qa/data/grades.toml)."""
    rules = [
        f".qa-grade-{g.letter.lower()} {{ background: {g.colour}; color: {g.text}; }}"
        for g in scale().values()
    ]
    return "\n".join(rules) + "\n"


def grades_chart(rows: list[GradeRow], by: str = "state_party") -> str:
    """Stacked horizontal bars: one per State (or committee, paragraph, theme), a segment per
    grade, each segment a link to the first paragraph it counts."""
    table = counts(rows, by)
    if not table:
        return '<p class="qa-empty">No follow-up assessment is indexed.</p>'
    widest = max(sum(c.values()) for c in table.values())
    unit = (CHART_WIDTH - LABEL_WIDTH - 40) / widest
    height = len(table) * (BAR_HEIGHT + BAR_GAP) + 60
    parts = [
        f'<svg class="qa-chart" role="img" viewBox="0 0 {CHART_WIDTH} {height}" '
        f'width="100%" style="max-width:{CHART_WIDTH}px" xmlns="http://www.w3.org/2000/svg">',
        f"<title>Grades by {escape(by.replace('_', ' '))}</title>",
    ]
    for index, (value, grade_counts) in enumerate(table.items()):
        y = 10 + index * (BAR_HEIGHT + BAR_GAP)
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 15}" text-anchor="end" font-size="13">'
            f"{escape(_short(value))}</text>"
        )
        parts.extend(_segments(rows, by, value, grade_counts, y, unit))
    parts.append(_legend(height - 42))
    parts.append("</svg>")
    return "".join(parts)


def _segments(rows, by, value, grade_counts, y, unit) -> list[str]:
    x, parts = float(LABEL_WIDTH), []
    for grade in scale().values():
        count = grade_counts.get(grade.letter, 0)
        if not count:
            continue
        width = count * unit
        first = next(r for r in rows if r.grade == grade.letter and _value(r, by) == value)
        tip = f"{value}: {count} × [{grade.letter}] {grade.label}"
        parts.append(
            f'<a href="{escape(first.permalink)}" class="qa-chart-cell" '
            f'data-group="{escape(value)}" data-grade="{grade.letter}">'
            f"<title>{escape(tip)}</title>"
            f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" '
            f'fill="{grade.colour}" stroke="#fff"/>'
            f'<text x="{x + width / 2:.1f}" y="{y + 15}" text-anchor="middle" font-size="12" '
            f'fill="{grade.text}">{escape(grade.mark)} {grade.letter}×{count}</text></a>'
        )
        x += width
    return parts


def _value(row: GradeRow, by: str) -> str:
    if by == "paragraph":
        return f"{row.symbol} para. {row.paragraph}"
    return getattr(row, by) or "unknown"


def _legend(y: float) -> str:
    """The scale under the bars, three grades a row."""
    parts = []
    for index, grade in enumerate(scale().values()):
        x, row_y = 10 + (index % 3) * 250, y + (index // 3) * 18
        parts.append(
            f'<rect x="{x}" y="{row_y}" width="12" height="12" fill="{grade.colour}"/>'
            f'<text x="{x + 16}" y="{row_y + 11}" font-size="11">{escape(grade.mark)} '
            f"{grade.letter} {escape(_short(grade.label))}</text>"
        )
    return "".join(parts)


def _short(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


TABLE_COLUMNS = ("State party", "Committee", "Paragraph", "Grade", "Theme", "Languages")


def grades_table(rows: list[GradeRow]) -> str:
    """The assessments as a table whose headers sort it (qa-sortable, see SORT_JS); each
    paragraph links to its page."""
    if not rows:
        return '<p class="qa-empty">No follow-up assessment is indexed.</p>'
    head = "".join(
        f'<th><button type="button" class="qa-sort" data-column="{i}">{escape(c)}</button></th>'
        for i, c in enumerate(TABLE_COLUMNS)
    )
    body = "".join(_table_row(row) for row in rows)
    return (
        f'<table class="qa-grades qa-sortable"><thead><tr>{head}</tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def _table_row(row: GradeRow) -> str:
    rank = scale()[row.grade].rank if row.grade in scale() else 99
    cells = [
        f"<td>{escape(row.state_party)}</td>",
        f"<td>{escape(row.committee)}</td>",
        f'<td data-sort="{escape(row.symbol)}|{row.paragraph:04d}|{"".join(row.items)}">'
        f'<a href="{escape(row.permalink)}">{escape(cite_label(row))}</a></td>',
        f'<td data-sort="{rank}">{grade_badge(row.grade)}</td>',
        f"<td>{escape(row.theme)}</td>",
        f"<td>{escape(', '.join(row.languages))}</td>",
    ]
    return "<tr>" + "".join(cells) + "</tr>"
