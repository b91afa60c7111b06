"""Demo data: the contract between ``manage.py seed_demo`` and the apps, and the helpers they share.

An app takes part in the demo city by having a module ``<app>/demo.py`` with a function::

    def seed(ctx: DemoContext) -> dict[str, int]:
        ...

``seed_demo`` imports ``demo`` from every installed app, in ``INSTALLED_APPS`` order, and calls each
``seed`` inside its own ``transaction.atomic()``. ``seed`` creates the app's part of the city and returns
how many rows it created, a human-readable (translated) label → number. It must be idempotent: when its
part is there already it creates nothing and returns ``{}``.

Optionally the module also has::

    def reset(ctx: DemoContext) -> dict[str, int]:
        ...

which deletes the app's demo data and returns how many rows it deleted. ``seed_demo --reset`` calls every
``reset`` in *reverse* ``INSTALLED_APPS`` order (dependants first) before seeding.

And::

    def finish(ctx: DemoContext) -> None:
        ...

called after every app has seeded (on PostgreSQL, each app's tables are analysed after its ``seed``), for work
that needs every app's rows, e.g. ``grids.demo.finish`` counts the summaries of every node. It must be
idempotent too.

``DemoContext`` gives each module:

- ``scale``: 1.0 is the city of the report (521 grids, 3,254 buildings, 11,023 stairwell units…);
- ``rng``: a ``random.Random`` seeded from ``--seed`` (2020 by default) *and the app label*, so an app's
  data does not depend on which other apps ran before it;
- ``today``: the date the demo is built on; date demo rows relative to it;
- ``count(n)``: a scale-1 count scaled (``scaled(n, scale)``: rounded half up, at least 1 when ``n > 0``);
- ``progress(iterable, desc, total=None)``: a tqdm bar on stderr (silent with ``--no-progress`` or when
  stderr is not a terminal);
- ``inserter(model)``: an ``Inserter``, for tables too big to hold: ``rows.add(…)`` each, ``rows.flush()`` at the end;
- ``bulk_update(model, objs, fields)``: writes fields of saved rows, in one statement on PostgreSQL;
- ``bulk_create(model, objs, desc)``: inserts in batches of 5,000 behind a progress bar (``COPY`` on
  PostgreSQL, see ``liaoyuan.core.bulk``; a creation time the object holds is kept);
- ``stdout``: the command's output, for the odd remark;
- ``shared``: a dict for passing objects between modules. Keys in use: ``"city"`` (the 辽源市 root
  ``grids.Node``, set by ``grids.demo``);
- ``accounts``: ``DemoAccount`` rows the command prints at the end (username, password, role, where).
"""

from __future__ import annotations

import math
import random
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TextIO, TypeVar

from django.db import models
from django.utils import timezone
from tqdm import tqdm

from liaoyuan.core.bulk import insert, insert_rows, update

T = TypeVar("T")
M = TypeVar("M", bound=models.Model)

DEFAULT_SEED = 2020
BATCH_SIZE = 5000


def scaled(n: int, scale: float) -> int:
    """Returns the scale-1 count ``n`` at ``scale``: rounded half up, at least 1 when ``n > 0``, else 0."""
    if n <= 0:
        return 0
    return max(1, math.floor(n * scale + 0.5))


def split(total: int, parts: int, rng: random.Random, *, spread: float = 0.3) -> list[int]:
    """Returns ``parts`` positive integers summing exactly to ``total``, each near ``total / parts``.

    Every part gets 1; the rest is shared in proportion to random weights in ``1 ± spread`` by the
    largest-remainder method, so the total is exact. Raises ``ValueError`` when ``total < parts``.
    """
    if parts <= 0:
        return []
    if total < parts:
        raise ValueError(f"cannot split {total} into {parts} positive parts")
    weights = [rng.uniform(1 - spread, 1 + spread) for _ in range(parts)]
    rest = total - parts
    weight_sum = sum(weights)
    shares = [rest * w / weight_sum for w in weights]
    result = [1 + math.floor(s) for s in shares]
    missing = total - sum(result)
    by_remainder = sorted(range(parts), key=lambda i: shares[i] - math.floor(shares[i]), reverse=True)
    for i in by_remainder[:missing]:
        result[i] += 1
    return result


class Inserter:
    """Collects new objects of one model and inserts them 5,000 at a time, so that a long load holds one
    batch in memory, not the whole table. ``flush()`` inserts what is left at the end. A batch that holds both
    objects (``add``) and rows (``add_row``) inserts its objects first: they take the lower keys."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.pending: list[models.Model] = []
        self.pending_rows: list[dict[str, Any]] = []
        self.count = 0  # objects and rows added so far

    def add(self, obj: models.Model) -> None:
        """Adds ``obj``; inserts the batch when it is full."""
        self.pending.append(obj)
        self._added()

    def add_row(self, **values: Any) -> None:
        """Adds a row of field values by attribute name (``person_id=…``), for rows nobody reads back as
        objects: cheaper than an instance (``liaoyuan.core.bulk.insert_rows``)."""
        self.pending_rows.append(values)
        self._added()

    def _added(self) -> None:
        self.count += 1
        if len(self.pending) + len(self.pending_rows) >= BATCH_SIZE:
            self.flush()

    def flush(self) -> None:
        """Inserts what was added since the last batch."""
        insert(self.model, self.pending)
        insert_rows(self.model, self.pending_rows)
        self.pending, self.pending_rows = [], []


@dataclass(frozen=True)
class DemoAccount:
    """One demo login, as printed at the end of ``seed_demo``."""

    username: str
    password: str
    role: str
    where: str


@dataclass
class DemoContext:
    """What ``seed_demo`` hands to every app's ``demo.seed`` (see the module docstring)."""

    scale: float = 1.0
    seed: int = DEFAULT_SEED
    stdout: Any = field(default_factory=lambda: sys.stdout)
    show_progress: bool = True
    progress_file: TextIO = field(default_factory=lambda: sys.stderr)
    today: date = field(default_factory=timezone.localdate)
    shared: dict[str, Any] = field(default_factory=dict)
    accounts: list[DemoAccount] = field(default_factory=list)
    rng: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def reseed(self, label: str) -> None:
        """Gives ``rng`` a fresh state derived from the seed and ``label`` (an app label)."""
        self.rng = random.Random(f"{self.seed}:{label}")

    def count(self, n: int) -> int:
        """Returns the scale-1 count ``n`` at this context's scale (see ``scaled``)."""
        return scaled(n, self.scale)

    def progress(self, iterable: Iterable[T], desc: str, total: int | None = None) -> Iterator[T]:
        """Returns ``iterable`` wrapped in a progress bar on stderr (a plain iterator when silent)."""
        if not self.show_progress:
            return iter(iterable)
        return iter(tqdm(iterable, desc=desc, total=total, file=self.progress_file, leave=False, dynamic_ncols=True))

    def bulk_create(self, model: type[M], objs: Sequence[M], desc: str) -> list[M]:
        """Inserts ``objs`` in batches of 5,000 with ``liaoyuan.core.bulk.insert`` (``COPY`` on PostgreSQL) and
        returns them with their primary keys. A creation or change time the object already holds is kept."""
        created: list[M] = []
        bar = tqdm(
            total=len(objs),
            desc=desc,
            unit=" rows",
            file=self.progress_file,
            leave=False,
            disable=not self.show_progress,
        )
        with bar:
            for start in range(0, len(objs), BATCH_SIZE):
                batch = insert(model, objs[start : start + BATCH_SIZE])
                created.extend(batch)
                bar.update(len(batch))
        return created

    def inserter(self, model: type[models.Model]) -> Inserter:
        """Returns an ``Inserter`` of ``model``: objects added are inserted a batch at a time."""
        return Inserter(model)

    def bulk_update(self, model: type[M], objs: Sequence[M], fields: Sequence[str]) -> None:
        """Writes ``fields`` of the saved ``objs`` with ``liaoyuan.core.bulk.update`` (one statement on PostgreSQL)."""
        update(model, objs, fields)

    def days_ago(self, low: int, high: int) -> date:
        """Returns a date between ``high`` and ``low`` days before ``today`` (inclusive), drawn from ``rng``."""
        return self.today - timedelta(days=self.rng.randint(low, high))


# --- names -----------------------------------------------------------------------------------------

# Common family names, the most frequent repeated so that they come up more often.
FAMILY_NAMES = (
    "王王王李李李张张张刘刘陈陈杨杨赵赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱"
    "汤尹黎易常武乔贺赖龚文关付齐葛柴鲁韦于孔"
)
MALE_GIVEN = [
    "伟",
    "强",
    "磊",
    "军",
    "勇",
    "杰",
    "涛",
    "明",
    "超",
    "刚",
    "平",
    "辉",
    "鹏",
    "华",
    "飞",
    "鑫",
    "波",
    "斌",
    "宇",
    "浩",
    "凯",
    "健",
    "俊",
    "峰",
    "亮",
    "东",
    "林",
    "成",
    "庆",
    "德",
    "文",
    "龙",
    "海",
    "江",
    "建国",
    "国华",
    "志强",
    "志刚",
    "建华",
    "建军",
    "永刚",
    "海涛",
    "晓东",
    "宏伟",
    "春生",
    "振华",
    "立新",
    "树林",
    "长春",
    "国庆",
    "卫东",
    "德胜",
    "玉林",
    "金宝",
    "子豪",
    "浩然",
    "宇航",
    "俊杰",
    "天宇",
    "博文",
    "明轩",
    "志远",
]
FEMALE_GIVEN = [
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "艳",
    "娟",
    "霞",
    "丹",
    "萍",
    "红",
    "玲",
    "雪",
    "琳",
    "婷",
    "慧",
    "颖",
    "洁",
    "燕",
    "梅",
    "莉",
    "倩",
    "晶",
    "欣",
    "佳",
    "月",
    "秀英",
    "桂英",
    "玉兰",
    "秀兰",
    "凤兰",
    "淑珍",
    "丽华",
    "玉珍",
    "春梅",
    "海燕",
    "晓红",
    "丽娟",
    "秀珍",
    "桂芝",
    "淑华",
    "红梅",
    "雪梅",
    "雨欣",
    "梓涵",
    "欣怡",
    "思雨",
    "佳怡",
    "雅婷",
]

# Roads and lanes for addresses and for street and lane chiefs.
ROAD_NAMES = [
    "人民大街",
    "龙山路",
    "西宁大路",
    "东吉大街",
    "南康街",
    "北寿街",
    "新兴路",
    "仙城大路",
    "福民街",
    "东山路",
    "站前路",
    "民主路",
    "和平路",
    "胜利路",
    "解放路",
    "建设大街",
    "友谊路",
    "向阳路",
    "灯塔路",
    "富国路",
    "安家街",
    "长安路",
    "辽河大路",
    "明珠路",
    "梅河路",
    "康宁街",
    "福寿街",
    "滨河路",
    "文化路",
    "育才路",
    "工农路",
    "矿山路",
    "先锋路",
    "宝山路",
    "兴隆街",
    "红旗街",
]
LANE_NAMES = [
    "和平巷",
    "幸福巷",
    "平安巷",
    "光明巷",
    "团结巷",
    "丰收巷",
    "繁荣巷",
    "吉祥巷",
    "春晖巷",
    "长青胡同",
    "福源胡同",
    "桃园胡同",
    "杏花胡同",
    "槐树胡同",
    "榆树胡同",
    "柳荫胡同",
]

# Two-character stems for communities (and for street, unit and compound names beyond the real ones).
PLACE_STEMS = [
    "民主",
    "和平",
    "胜利",
    "幸福",
    "康宁",
    "福民",
    "兴隆",
    "友谊",
    "光明",
    "建设",
    "解放",
    "团结",
    "新华",
    "红旗",
    "永安",
    "长安",
    "金山",
    "银河",
    "丽水",
    "春晖",
    "阳光",
    "翠园",
    "锦绣",
    "东兴",
    "西山",
    "南苑",
    "北辰",
    "福寿",
    "宝山",
    "龙泉",
    "仙湖",
    "鸿福",
    "嘉和",
    "德胜",
    "安康",
    "吉祥",
    "祥和",
    "惠民",
    "新城",
    "滨河",
    "富民",
    "文化",
    "站前",
    "矿山",
    "泰和",
    "瑞丰",
    "天泽",
    "景阳",
    "育才",
    "梧桐",
    "枫林",
    "青年",
    "向荣",
    "永兴",
    "长青",
    "平安",
    "聚宝",
    "松涛",
    "梅园",
    "龙湾",
]

CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """Returns ``n`` (1–99) written in Chinese numerals: 2 → 二, 12 → 十二, 21 → 二十一."""
    if not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CHINESE_DIGITS[ones]
    head = "" if tens == 1 else CHINESE_DIGITS[tens]
    return head + "十" + (CHINESE_DIGITS[ones] if ones else "")


def unique_names(stems: Sequence[str], n: int, suffix: str, taken: set[str] | None = None) -> list[str]:
    """Returns ``n`` distinct names ``stem + suffix``, skipping those in ``taken`` (which is updated).

    Stems are used in order; when they run out they come round again with a Chinese ordinal
    (和平社区, …, 和平二社区, …).
    """
    taken = set() if taken is None else taken
    names: list[str] = []
    round_ = 1
    while len(names) < n:
        for stem in stems:
            name = f"{stem}{'' if round_ == 1 else chinese_number(round_)}{suffix}"
            if name not in taken:
                taken.add(name)
                names.append(name)
                if len(names) == n:
                    break
        round_ += 1
    return names


def person_name(rng: random.Random, gender: str = "") -> str:
    """Returns a synthetic Chinese name (family name + one or two characters) for gender "m" or "f"."""
    given = FEMALE_GIVEN if gender == "f" or (not gender and rng.random() < 0.5) else MALE_GIVEN
    return rng.choice(FAMILY_NAMES) + rng.choice(given)


MOBILE_PREFIXES = [
    "130",
    "131",
    "132",
    "133",
    "134",
    "135",
    "136",
    "137",
    "138",
    "139",
    "150",
    "151",
    "152",
    "155",
    "156",
    "157",
    "158",
    "159",
    "177",
    "180",
    "181",
    "182",
    "183",
    "185",
    "186",
    "187",
    "188",
    "189",
    "199",
]


def mobile_phone(rng: random.Random) -> str:
    """Returns a mainland mobile number (11 digits, valid for ``validate_china_phone``)."""
    return rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"


def landline(rng: random.Random) -> str:
    """Returns a Liaoyuan landline (area code 0437), valid for ``validate_china_phone``."""
    return f"0437-{rng.randint(2, 8)}{rng.randrange(10**6):06d}"


def birth_date(rng: random.Random, today: date, min_age: int, max_age: int) -> date:
    """Returns a date of birth for someone aged ``min_age`` to ``max_age`` on ``today``."""
    return today - timedelta(days=rng.randint(min_age * 365 + 1, max_age * 365 + 364))


# --- output ----------------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Returns the number of terminal columns ``text`` takes (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def format_table(headers: Sequence[str], rows: Iterable[Sequence[Any]], *, right: Sequence[int] = ()) -> str:
    """Returns ``rows`` as a plain-text table with a header rule, columns padded for CJK text.

    Columns whose index is in ``right`` are right-aligned (numbers).
    """
    cells = [[str(c) for c in headers], *([str(c) for c in row] for row in rows)]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(headers))]

    def line(row: list[str]) -> str:
        parts = []
        for i, cell in enumerate(row):
            pad = " " * (widths[i] - display_width(cell))
            parts.append(pad + cell if i in right else cell + pad)
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(cells[0]), rule, *(line(row) for row in cells[1:])])
