"""The bench's results as people read them: a Markdown table with the scales side by side, and an SVG chart
(no plotting library: a few rectangles) of each page's median at the smallest and the largest scale."""

from __future__ import annotations

import math
from html import escape

START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def _key(row: dict) -> tuple[str, str]:
    return row["account"], row["page"]


def _pages(runs: list[dict]) -> list[tuple[str, str]]:
    seen: dict[tuple[str, str], None] = {}
    for run in runs:
        for row in run["rows"]:
            seen.setdefault(_key(row))
    return list(seen)


def _by_scale(runs: list[dict]) -> dict[float, dict[tuple[str, str], dict]]:
    return {run["meta"]["scale"]: {_key(row): row for row in run["rows"]} for run in runs}


def _x(scale: float) -> str:
    return f"×{scale:g}"


def markdown(runs: list[dict]) -> str:
    """The table: median per scale, the ratio of the largest scale to the smallest, p95, time in SQL and size at
    the largest, queries at each scale (one figure where they are equal) and the floor where a page has one."""
    scales = [run["meta"]["scale"] for run in runs]
    by_scale = _by_scale(runs)
    first, last = scales[0], scales[-1]
    lines = []
    for run in runs:
        meta = run["meta"]
        lines.append(
            f"- scale {meta['scale']:g}: {meta['database']}, demo city ready in {meta['seed_s']} s, "
            f"{meta['rounds']} requests per page, load average {meta['load_before'][0]} before and "
            f"{meta['load_after'][0]} after, {meta['cpus']} cores"
        )
    lines.append("")
    head = ["account", "page", *(f"p50 ms {_x(s)}" for s in scales)]
    if len(scales) > 1:
        head.append(f"{_x(last)} / {_x(first)}")
    head += [f"p95 ms {_x(last)}", f"SQL ms {_x(last)}", "queries", f"KB {_x(last)}", f"floor ms {_x(last)}"]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("| --- | --- | " + " | ".join("---:" for _ in head[2:]) + " |")
    for key in _pages(runs):
        cells = [*key]
        rows = [by_scale[s].get(key) for s in scales]
        cells += [f"{row['p50_ms']:.1f}" if row else "–" for row in rows]
        if len(scales) > 1:
            a, b = rows[0], rows[-1]
            cells.append(f"{b['p50_ms'] / a['p50_ms']:.1f}" if a and b and a["p50_ms"] else "–")
        top = rows[-1] or {}
        queries = sorted({row["queries"] for row in rows if row}, key=lambda q: q)
        if len(queries) == 1:
            query_cell = str(queries[0])
        else:
            query_cell = " → ".join(str(row["queries"]) if row else "–" for row in rows)
        cells += [
            f"{top['p95_ms']:.1f}" if top else "–",
            f"{top['sql_ms']:.1f}" if top.get("sql_ms") is not None else "–",
            query_cell,
            f"{top['bytes'] / 1024:.0f}" if top else "–",
            f"{top['floor_ms']:.1f}" if top.get("floor_ms") is not None else "",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += _jobs_table(runs)
    return "\n".join(lines) + "\n"


def _jobs_table(runs: list[dict]) -> list[str]:
    """The background exports: rows, median seconds and milliseconds per 1,000 rows at each scale (the last
    should stay flat: a whole-city file grows with the city, its cost per row should not)."""
    scales = [run["meta"]["scale"] for run in runs]
    by_scale = {
        run["meta"]["scale"]: {(job["account"], job["job"]): job for job in run.get("jobs", [])} for run in runs
    }
    keys = list(dict.fromkeys(key for jobs in by_scale.values() for key in jobs))
    if not keys:
        return []
    head = ["account", "background export", *(f"rows {_x(s)}" for s in scales), *(f"s {_x(s)}" for s in scales)]
    head += [f"ms per 1,000 rows {_x(s)}" for s in scales]
    lines = ["", "| " + " | ".join(head) + " |", "| --- | --- | " + " | ".join("---:" for _ in head[2:]) + " |"]
    for key in keys:
        jobs = [by_scale[s].get(key) for s in scales]
        cells = [*key, *(f"{job['rows']:,}" if job else "–" for job in jobs)]
        cells += [f"{job['s']:.2f}" if job else "–" for job in jobs]
        cells += [f"{job['ms_per_1000_rows']:.1f}" if job else "–" for job in jobs]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def chart_svg(runs: list[dict]) -> str:
    """Horizontal bars, two per page (smallest and largest scale), on a logarithmic axis of milliseconds."""
    scales = [run["meta"]["scale"] for run in runs]
    shown = [scales[0]] if len(scales) == 1 else [scales[0], scales[-1]]
    by_scale = _by_scale(runs)
    pages = _pages(runs)
    colours = {shown[0]: "#6c8ebf", shown[-1]: "#c0504d"}
    label_w, plot_w, row_h, top = 330, 520, 22, 46
    height = top + row_h * len(pages) + 30
    width = label_w + plot_w + 90
    values = [row["p50_ms"] for s in shown for row in by_scale[s].values() if row["p50_ms"] > 0]
    low = 10 ** math.floor(math.log10(max(min(values, default=1), 0.1)))
    high = 10 ** math.ceil(math.log10(max(values, default=10)))
    span = math.log10(high) - math.log10(low) or 1

    def x(ms: float) -> float:
        return label_w + plot_w * (math.log10(max(ms, low)) - math.log10(low)) / span

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
        f'<text x="8" y="16" font-size="13" font-weight="bold">Median ms per page, scale '
        f"{' and '.join(f'{s:g}' for s in shown)} (logarithmic axis)</text>",
    ]
    for i, scale in enumerate(shown):
        out.append(f'<rect x="{label_w + i * 110}" y="24" width="12" height="10" fill="{colours[scale]}"/>')
        out.append(f'<text x="{label_w + 16 + i * 110}" y="33">scale {scale:g}</text>')
    tick = low
    while tick <= high:
        tx = x(tick)
        out.append(f'<line x1="{tx:.1f}" y1="{top - 4}" x2="{tx:.1f}" y2="{height - 24}" stroke="#ddd"/>')
        out.append(f'<text x="{tx:.1f}" y="{height - 10}" text-anchor="middle">{tick:g} ms</text>')
        tick *= 10
    for n, key in enumerate(pages):
        y = top + n * row_h
        out.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">{escape(key[0] + " · " + key[1])}</text>')
        for i, scale in enumerate(shown):
            row = by_scale[scale].get(key)
            if row is None:
                continue
            bar_y = y + 3 + i * 8
            out.append(
                f'<rect x="{label_w}" y="{bar_y}" width="{max(x(row["p50_ms"]) - label_w, 1):.1f}" height="7" '
                f'fill="{colours[scale]}"><title>{escape(key[1])}: {row["p50_ms"]} ms at scale {scale:g}</title></rect>'
            )
        last = by_scale[shown[-1]].get(key)
        if last is not None:
            out.append(f'<text x="{x(last["p50_ms"]) + 4:.1f}" y="{y + 17}">{last["p50_ms"]:.0f}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def replace_section(text: str, table: str) -> str:
    """``text`` with what stands between the bench markers replaced by ``table`` (appended with them if absent)."""
    block = f"{START}\n{table}{END}"
    if START in text and END in text:
        return text[: text.index(START)] + block + text[text.index(END) + len(END) :]
    return text.rstrip("\n") + "\n\n" + block + "\n"
