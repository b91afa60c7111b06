"""``make bench``'s report: scales side by side, query counts compared, the docs' table replaced in place."""

from benchmarks.report import END, START, chart_svg, markdown, replace_section


def _run(scale, ms, queries):
    meta = {"scale": scale, "database": "postgresql", "seed_s": 1.0, "rounds": 3, "load_before": [1.0, 1, 1]}
    meta |= {"load_after": [2.0, 1, 1], "cpus": 2}
    row = {"scale": scale, "account": "city", "page": "home", "url": "/", "p50_ms": ms, "p95_ms": ms * 2}
    row |= {"sql_ms": ms / 4}
    row |= {"queries": queries, "bytes": 2048, "floor_ms": None}
    return {"meta": meta, "rows": [row]}


def test_table_puts_the_scales_side_by_side_with_their_ratio():
    table = markdown([_run(1, 40.0, 9), _run(10, 60.0, 9)])
    assert "| account | page | p50 ms ×1 | p50 ms ×10 | ×10 / ×1 |" in table
    assert "| city | home | 40.0 | 60.0 | 1.5 | 120.0 | 15.0 | 9 | 2 |  |" in table
    assert "load average 1.0 before and 2.0 after, 2 cores" in table


def test_table_shows_query_counts_that_differ_between_scales():
    assert "| 9 → 12 |" in markdown([_run(1, 40.0, 9), _run(10, 60.0, 12)])


def test_chart_has_a_bar_per_page_and_scale():
    svg = chart_svg([_run(1, 40.0, 9), _run(10, 60.0, 9)])
    assert svg.startswith("<svg") and svg.count("<title>home:") == 2


def test_docs_table_is_replaced_between_the_markers():
    text = f"# Performance\n\nintro\n\n{START}\nold\n{END}\n\nafter\n"
    replaced = replace_section(text, "new\n")
    assert replaced == f"# Performance\n\nintro\n\n{START}\nnew\n{END}\n\nafter\n"
    assert replace_section("# P\n", "t\n") == f"# P\n\n{START}\nt\n{END}\n"


def test_table_lists_background_exports_with_their_cost_per_thousand_rows():
    small, large = _run(1, 40.0, 9), _run(10, 60.0, 9)
    small["jobs"] = [
        {"scale": 1, "account": "city", "job": "meetings", "rows": 527, "s": 0.2, "ms_per_1000_rows": 379.5}
    ]
    large["jobs"] = [
        {"scale": 10, "account": "city", "job": "meetings", "rows": 5265, "s": 1.9, "ms_per_1000_rows": 360.9}
    ]
    table = markdown([small, large])
    assert "| account | background export | rows ×1 | rows ×10 | s ×1 | s ×10 |" in table
    assert "| city | meetings | 527 | 5,265 | 0.20 | 1.90 | 379.5 | 360.9 |" in table


def test_table_has_no_background_exports_section_without_jobs():
    assert "background export" not in markdown([_run(1, 40.0, 9)])
