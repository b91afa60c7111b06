"""``make bench`` times its scales in turns, page by page, and puts each page's shares together."""

import pytest

from benchmarks.lockstep import in_turns, shares


class StandIn:
    """A bench process at one scale whose page takes ``ms`` for every request; it logs what it was asked."""

    def __init__(self, scale, ms, log, pages=(("city", "home", "/"), ("city", "tree", "/tree/1/"))):
        self.scale, self.ms, self.log, self.pages = scale, ms, log, [list(page) for page in pages]

    def ready(self):
        return {"scale": self.scale, "pages": self.pages, "jobs": [["city", "meetings .xlsx"]]}

    def ask(self, request):
        self.log.append((self.scale, request))
        if "page" in request:
            share = {"timings": [self.ms] * request["rounds"], "in_sql": [self.ms / 4] * request["rounds"]}
            return share | {"queries": 7, "bytes": 1000 * self.scale, "floor_ms": None}
        if "job" in request:
            return {"rows": 10 * self.scale, "s": 0.1 * self.scale, "ms_per_1000_rows": 10.0, "bytes": 99}
        return {"scale": self.scale, "rounds": 8}


@pytest.mark.parametrize(("rounds", "turns", "expected"), [(8, 2, [4, 4]), (5, 2, [3, 2]), (2, 4, [1, 1]), (3, 1, [3])])
def test_requests_are_split_into_turns_none_empty(rounds, turns, expected):
    assert shares(rounds, turns) == expected


def test_scales_take_turns_on_each_page_in_flipped_order():
    log = []
    children = [StandIn(1, 10.0, log), StandIn(10, 30.0, log)]

    in_turns(children, rounds=8, turns=2, say=lambda _line: None)

    pages_asked = [(scale, request["page"], request["rounds"]) for scale, request in log if "page" in request]
    assert pages_asked == [(1, 0, 4), (10, 0, 4), (10, 0, 4), (1, 0, 4), (1, 1, 4), (10, 1, 4), (10, 1, 4), (1, 1, 4)]


def test_each_scale_gets_its_own_rows_jobs_and_meta_in_the_reports_shape():
    children = [StandIn(1, 10.0, []), StandIn(10, 30.0, [])]

    small, large = in_turns(children, rounds=6, turns=3, say=lambda _line: None)

    assert small["meta"] == {"scale": 1, "rounds": 8}
    assert [row["page"] for row in large["rows"]] == ["home", "tree"]
    home = large["rows"][0]
    assert home["url"] == "/"  # the URL its own city named
    assert (home["p50_ms"], home["p95_ms"], home["sql_ms"], home["bytes"]) == (30.0, 30.0, 7.5, 10_000)
    assert small["rows"][0]["p50_ms"] == 10.0
    assert large["jobs"] == [
        {"scale": 10, "account": "city", "job": "meetings .xlsx", "rows": 100, "s": 1.0}
        | {"ms_per_1000_rows": 10.0, "bytes": 99}
    ]


def test_shares_are_summarised_together_not_each_alone():
    class Slowing(StandIn):
        calls = 0

        def ask(self, request):
            answer = super().ask(request)
            if "page" in request:
                Slowing.calls += 1
                answer["timings"] = [self.ms * Slowing.calls] * request["rounds"]
            return answer

    small, _large = in_turns([Slowing(1, 10.0, []), StandIn(10, 10.0, [])], rounds=4, turns=2, say=lambda _l: None)

    # two shares of 2 requests: 10, 10 then 20, 20 → median 15, p95 the slowest
    assert (small["rows"][0]["p50_ms"], small["rows"][0]["p95_ms"]) == (15.0, 20.0)


def test_scales_that_list_different_pages_stop_the_run():
    children = [StandIn(1, 10.0, []), StandIn(10, 30.0, [], pages=(("city", "home", "/"),))]

    with pytest.raises(SystemExit, match="different pages"):
        in_turns(children, rounds=2, turns=1, say=lambda _line: None)
