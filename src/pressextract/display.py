"""Showing records to people: HTML for notebooks and files, rich tables for the terminal.

The HTML is self-contained (inline CSS, no script, no CDN) so it works
offline, in a notebook saved to disk, and in an emailed file. Spans of
different kinds overlap (a participant inside a position inside an event),
so the text is cut at every span boundary and each piece is marked with
every kind that covers it; CSS layers them (background for participants
and instruments, underline for events, a tint for positions).
"""

from __future__ import annotations

import html
from typing import Iterable

from .frames import COLUMNS, cell_text, flatten
from .records import Record

KINDS = ("event", "participant", "instrument", "position")
COLOURS = {"event": "#1f6fb4", "participant": "#c8e1ff", "instrument": "#c6efc2", "position": "#fff1b8"}
# Terminal colours per table, close to the HTML ones.
RICH_STYLES = {"events": "bold blue", "participants": "bold cyan", "instruments": "bold green", "positions": "bold yellow"}

_CSS = """
.px-record{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;font-size:13px;line-height:1.55;max-width:64em}
.px-record h3{margin:.6em 0 .3em}
.px-text{white-space:pre-wrap;border:1px solid #ddd;padding:.6em .8em;border-radius:4px;background:#fff;color:#111}
.px-position{background:#fff1b8}
.px-instrument{background:#c6efc2}
.px-participant{background:#c8e1ff;font-weight:600}
.px-event{border-bottom:3px solid #1f6fb4}
.px-legend span{padding:0 .4em;margin-right:.6em}
.px-table{border-collapse:collapse;margin:.3em 0 1em;font-size:12px}
.px-table th,.px-table td{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}
.px-table th{background:#f4f4f4}
.px-warn{color:#8a4b00}
"""


def _esc(value) -> str:
    return "" if value is None else html.escape(str(value))


def _labels(record: Record) -> list[tuple[str, int, int, str]]:
    """(kind, start, end, tooltip) for every span of the record."""
    people = {p.id: p.name or p.title or p.id for p in record.participants}
    out = [("event", e.span.start, e.span.end, f"{e.id} {e.kind} {e.date or ''} {e.start_time or ''}".strip()) for e in record.events]
    out += [("participant", m.start, m.end, f"{p.id} {p.name or ''} {p.title or ''} {p.country or ''}".strip()) for p in record.participants for m in p.mentions]
    out += [("instrument", m.start, m.end, f"{i.id} {i.type}: {i.title}") for i in record.instruments for m in i.mentions]
    out += [
        ("position", s.span.start, s.span.end, f"{s.id} {s.stance}{' (joint)' if s.joint else ''}: {', '.join(people.get(a, a) for a in s.actors)}")
        for s in record.positions
    ]
    return out


def highlight_html(text: str, record: Record) -> str:
    """``text`` as HTML with each span of ``record`` marked by kind (class ``px-<kind>``, tooltip with the item)."""
    labels = [(k, s, e, t) for k, s, e, t in _labels(record) if 0 <= s < e <= len(text)]
    cuts = sorted({0, len(text), *(s for _, s, _, _ in labels), *(e for _, _, e, _ in labels)})
    parts = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [(k, t) for k, s, e, t in labels if s <= a and b <= e]
        piece = html.escape(text[a:b])
        if not covering:
            parts.append(piece)
            continue
        kinds = sorted({k for k, _ in covering}, key=KINDS.index)
        title = html.escape(" | ".join(dict.fromkeys(t for _, t in covering)), quote=True)
        parts.append(f'<span class="{" ".join("px-" + k for k in kinds)}" title="{title}">{piece}</span>')
    return '<div class="px-text">' + "".join(parts) + "</div>"


def _table_html(name: str, rows: list[dict]) -> str:
    columns = [c for c, _ in COLUMNS[name] if c != "doc_id"]
    head = "".join(f"<th>{_esc(c)}</th>" for c in columns)
    body = "".join("<tr>" + "".join(f"<td>{_esc(cell_text(row[c]))}</td>" for c in columns) + "</tr>" for row in rows)
    return f'<table class="px-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _legend() -> str:
    return '<div class="px-legend">' + "".join(f'<span class="px-{k}">{k}</span>' for k in KINDS) + "</div>"


def _record_body(record: Record, text: str | None) -> str:
    tables = flatten([record])
    meta = f"<b>{_esc(record.title or record.doc_id)}</b> &middot; {_esc(record.doc_id)}"
    if record.published:
        meta += f" &middot; {_esc(record.published)}"
    if record.countries:
        meta += f" &middot; {_esc(', '.join(record.countries))}"
    parts = [f"<div>{meta}</div>"]
    parts += [f'<div class="px-warn">{_esc(w)}</div>' for w in record.warnings]
    if text is not None:
        parts += [_legend(), highlight_html(text, record)]
    else:
        parts.append("<div><i>(document text not attached: tables only; use record.with_text(text) to see the spans)</i></div>")
    for name in ("events", "participants", "instruments", "positions"):
        rows = tables[name]
        parts.append(f"<h3>{name} ({len(rows)})</h3>")
        if rows:
            parts.append(_table_html(name, rows))
    return "".join(parts)


def record_html(record: Record, text: str | None = None) -> str:
    """A record as an HTML fragment: highlighted text (when known), then its tables."""
    text = text if text is not None else record.doc_text
    return f'<div class="px-record"><style>{_CSS}</style>{_record_body(record, text)}</div>'


def records_html(records: Iterable[Record], limit: int = 50) -> str:
    """Many records as one HTML fragment: an overview table, then each record folded in a ``<details>``."""
    records = list(records)
    rows = flatten(records)["documents"]
    overview = _table_html("documents", rows) if rows else "<p>no records</p>"
    head = f"<div><b>{len(records)} records</b></div>"
    details = [
        f"<details><summary>{_esc(r.doc_id)}: {_esc(r.title or '')}</summary>{_record_body(r, r.doc_text)}</details>"
        for r in records[:limit]
    ]
    if len(records) > limit:
        details.append(f"<p>… and {len(records) - limit} more (index the list to see one)</p>")
    return f'<div class="px-record"><style>{_CSS}</style>{head}{overview}{"".join(details)}</div>'


def page_html(record: Record, text: str | None = None) -> str:
    """A standalone HTML page of one record (what ``pressextract show --html`` writes)."""
    title = _esc(record.title or record.doc_id)
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{title}</title></head>\n<body>\n{record_html(record, text)}\n</body></html>\n"
    )


_WHOLE = {"id", "date", "time", "duration", "label", "country", "joint", "stance", "kind"}


def _clock(e) -> str:
    if e.start_time and e.end_time:
        return f"{e.start_time}-{e.end_time}"
    return e.start_time or ""


def _minutes(e) -> str:
    if e.duration_minutes is None:
        return ""
    return f"{'~' if e.approximate else ''}{e.duration_minutes} min"


def print_record(record: Record, console=None) -> None:
    """Print the record as coloured tables (rich), one line per item; plain text when not on a terminal."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = console or Console()
    who = {p.id: p.family_name or p.name or p.title or p.id for p in record.participants}
    for p in record.participants:
        if p.relation and not p.name:
            who[p.id] = f"{p.relation.type} of {who.get(p.relation.of, p.relation.of)}"
    head = Text()
    head.append(record.title or record.doc_id, style="bold")
    head.append(f"\n{record.doc_id}", style="dim")
    if record.published:
        head.append(f"  published {record.published}")
    if record.countries:
        head.append(f"  countries {', '.join(record.countries)}")
    console.print(head)
    for w in record.warnings:
        console.print(Text(w, style="dark_orange"))

    def table(name: str, columns: list[str], rows: list[list], wide: str) -> None:
        # Short columns never wrap; the one wide column takes the rest of the line and ends in "…",
        # so each item stays on one line whatever the terminal width.
        t = Table(title=f"{name} ({len(rows)})", title_style=RICH_STYLES[name], header_style=RICH_STYLES[name], title_justify="left", expand=True)
        for n, column in enumerate(columns):
            if column == wide:
                t.add_column(column, ratio=1, no_wrap=True, overflow="ellipsis", min_width=10)
            else:
                # Ids, dates and times are useless cut short: keep them whole (up to 14 characters).
                longest = max([len(str(row[n] or "")) for row in rows] + [1])
                t.add_column(column, no_wrap=True, overflow="ellipsis", min_width=min(longest, 14) if column in _WHOLE else None)
        for row in rows:
            # Text() so brackets in values (labels such as "[A]") are not read as rich markup.
            t.add_row(*(Text("" if v is None else str(v)) for v in row))
        console.print(t)

    # The evidence clause needs room; on a narrow (or piped, 80-column) console it is left to --html.
    evidence = console.width >= 110
    table("events", ["id", "kind", "date", "time", "duration", "who"] + (["evidence"] if evidence else []), [
        [e.id, e.kind, e.date, _clock(e), _minutes(e), ", ".join(who.get(i, i) for i in e.participants)] + ([e.span.text] if evidence else [])
        for e in record.events
    ], "evidence" if evidence else "who")
    table("participants", ["id", "name", "title", "country", "mentions"], [
        [p.id, p.name or (f"({who[p.id]})" if p.relation else ""),
         p.title, p.country or p.organization, len(p.mentions)]
        for p in record.participants
    ], "title")
    table("instruments", ["id", "label", "type", "action", "title"], [
        [i.id, i.label, i.type, i.action, i.title] for i in record.instruments
    ], "title")
    table("positions", ["id", "stance", "joint", "actors", "content"], [
        [s.id, s.stance, "joint" if s.joint else "", ", ".join(who.get(a, a) for a in s.actors), s.content]
        for s in record.positions
    ], "content")
