"""``pollution-warning``: 江华重污染天气预警与响应 (江政办发〔2024〕1号, 4.2–4.6, 5, 7).

The input is a forecast series of AQI as 24-hour means (hourly or daily, evenly spaced), with PM10,
PM2.5 and 8-hour O3 where known. A run is a stretch with AQI above 150; its level follows 4.2:

* yellow — AQI > 200, or AQI > 150 for 48 hours or more;
* orange — AQI > 200 for 48 hours or more, or AQI > 150 for 72 hours or more;
* red — AQI > 200 for 72 hours or more and AQI > 300 for 24 hours or more.

A warning starts (to be issued 24 hours ahead, 4.4) or is raised as soon as the level is reached;
it is lowered only once the AQI is at or below 200 and the spells still running or to come, seen from
that hour, no longer meet the current level for the next 36 hours, and lifted only when the next 36
hours stay at or below AQI 150 (4.5, 4.6) — so two runs closer than that are one episode, which
starts at its higher level (按高级别启动预警). Every spell is measured the same way: from its start
under the default reading, so a level is never lowered while the spell that set it goes on. Outside warnings, a
health prompt is due when PM10 > 150, PM2.5 > 75 or O3 (8 h) > 160 μg/m³. Each level starts the
response of 5.1 (黄 Ⅲ级, 橙 Ⅱ级, 红 Ⅰ级) with the measures of 5.2, each level adding to the one below,
and the responsible units of 10.3. After a response ends, the dispatch table is due within 1 and
the evaluation within 5 working days (7), on the Chinese working-day calendar.

Readings, as options: ``forecast`` — ``complete`` (default: the series is one forecast, so a run's
whole length counts from its start) or ``rolling72`` (each hour sees only 72 hours ahead, so a
warning can start lower and be raised as the forecast reaches further). ``below`` — what "below
the yellow condition" means for lifting: ``aqi150`` (default: AQI ≤ 150, the lowest yellow
trigger) or ``aqi200``.

There is no money here: ``amount`` is null.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from itertools import pairwise
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from zhengce.calendar.workdays import add_working_days

from .core import CalcError, Option, Params, Trace

NAME = "pollution-warning"
TITLE = "重污染天气预警"
SUMMARY = "江华重污染天气：由 AQI 预报序列确定预警级别的启动、升级、降级与解除（36小时规则），响应级别、措施与报送时限"
LEVELS = ["none", "yellow", "orange", "red"]
NAMES = {"none": "无预警", "yellow": "黄色预警", "orange": "橙色预警", "red": "红色预警"}


class Point(BaseModel):
    model_config = ConfigDict(extra="forbid")
    time: datetime = Field(..., description="时间（24小时均值的起点），如 2024-12-01T00:00")
    aqi: Decimal = Field(..., ge=0, le=2000, description="AQI（连续24小时均值）")
    pm10: Decimal | None = Field(None, ge=0, le=5000, description="PM10 浓度 μg/m³")
    pm25: Decimal | None = Field(None, ge=0, le=5000, description="PM2.5 浓度 μg/m³")
    o3_8h: Decimal | None = Field(None, ge=0, le=5000, description="O3 8小时滑动平均 μg/m³")


class Input(BaseModel):
    model_config = ConfigDict(extra="forbid")
    series: list[Point] = Field(..., min_length=1, max_length=24 * 366, description="按时间先后、等间隔的预报序列")


def _runs(above: list[bool]) -> list[tuple[int, int]]:
    out, start = [], None
    for i, flag in enumerate([*above, False]):
        if flag and start is None:
            start = i
        elif not flag and start is not None:
            out.append((start, i))
            start = None
    return out


def _longest(flags: list[bool], lo: int, hi: int) -> int:
    best = cur = 0
    for f in flags[lo:hi]:
        cur = cur + 1 if f else 0
        best = max(best, cur)
    return best


def _complete_levels(a150: list[bool], a200: list[bool], a300: list[bool], window: int,
                     grade: Any) -> tuple[list[int], list[int]]:
    """The ``complete`` reading: every spell (above 150, 200, 300) is measured from its start to its end.

    ``levels[i]`` is what starts or raises a warning at i: the highest level of the episode holding i,
    where runs closer than the lifting window are one episode that starts at its higher level (4.5,
    按高级别启动预警). ``remaining[i]`` is what lowering looks at: the level of the spells still running
    at i or still to come in its run, each measured whole — so a warning is never lowered while the
    spell that set its level goes on (AQI 190 for four days stays orange to the end).
    """
    n = len(a150)
    levels, remaining = [0] * n, [0] * n
    runs = _runs(a150)
    spells200, spells300 = _runs(a200), _runs(a300)

    def still_running(spells: list[tuple[int, int]], lo: int, hi: int) -> list[int]:
        """For each point of the run lo..hi, the longest of its spells that has not ended by then."""
        inside = [(a, b) for a, b in spells if lo <= a and b <= hi]  # spells are in order of time
        out, best = [0] * (hi - lo), 0
        for i in range(hi - 1, lo - 1, -1):  # walking back, a spell counts from the point before its end
            while inside and inside[-1][1] > i:
                a, b = inside.pop()
                best = max(best, b - a)
            out[i - lo] = best
        return out

    episode: list[tuple[int, int, int]] = []  # (start, end, level) of each run of the current episode

    def close() -> None:
        top = max(level for _, _, level in episode)
        for i in range(episode[0][0], episode[-1][1]):
            levels[i] = top

    for lo, hi in runs:
        whole = grade(hi - lo, _longest(a200, lo, hi), _longest(a300, lo, hi))
        if episode and lo - episode[-1][1] >= window:
            close()
            episode = []
        episode.append((lo, hi, whole))
        for i, n200, n300 in zip(range(lo, hi), still_running(spells200, lo, hi), still_running(spells300, lo, hi),
                                 strict=True):
            remaining[i] = grade(hi - lo, n200, n300)
    if episode:
        close()
    return levels, remaining


def compute(inputs: Input, params: Params, options: dict[str, str], trace: Trace) -> dict[str, Any]:
    pts = sorted(inputs.series, key=lambda p: p.time)
    hours = _spacing(pts)
    lv = params.get("levels")
    c = lv.value
    trace.step(f"序列 {len(pts)} 个点，间隔 {hours:g} 小时；AQI 为连续24小时均值", lv.ref)
    lift = params.get("lift_hours")
    window = max(1, round(int(lift.value) / hours))
    levels, remaining = _levels(pts, c, hours, window, options["forecast"])
    threshold = c["aqi_heavy"] if options["below"] == "aqi200" else c["aqi_moderate"]
    states, events = _warnings(pts, c, levels, remaining, window, threshold)
    episodes = _episodes(pts, states, params, trace)
    if not episodes:
        trace.step("序列中没有达到黄色预警条件的时段", lv.ref)
    prompt = params.get("prompt")
    pc = prompt.value
    prompts = [p.time.isoformat() for i, p in enumerate(pts) if states[i] == 0 and (
        (p.pm10 is not None and p.pm10 > pc["pm10"]) or (p.pm25 is not None and p.pm25 > pc["pm25"])
        or (p.o3_8h is not None and p.o3_8h > pc["o3_8h"]))]
    if prompts:
        trace.step(f"{len(prompts)} 个时点未达黄色预警但颗粒物或臭氧超标：加强健康防护提示，"
                   "可采取轻中度污染临时管控", prompt.ref)
    return {"amount": None, "episodes": episodes, "events": events, "health_prompts": prompts,
            "timeline": [{"time": p.time.isoformat(), "aqi": str(p.aqi), "level": LEVELS[s]}
                         for p, s in zip(pts, states, strict=True)]}


def _spacing(pts: list[Point]) -> float:
    """The hours between the points of the series (a day for a single point); evenly spaced or an error."""
    if len(pts) > 1:
        steps = {(b.time - a.time) for a, b in pairwise(pts)}
        if len(steps) != 1 or next(iter(steps)) <= timedelta(0):
            raise CalcError("字段 series：时间须等间隔且不重复 / evenly spaced, distinct times")
        step = next(iter(steps))
    else:
        step = timedelta(hours=24)
    return step.total_seconds() / 3600


def _levels(pts: list[Point], c: dict[str, Any], hours: float, window: int,
            forecast: str) -> tuple[list[int], list[int]]:
    """For each point, the level that starts or raises a warning there and the level lowering looks at
    (of what remains of its run), as the ``forecast`` option reads the series."""
    a150 = [p.aqi > c["aqi_moderate"] for p in pts]
    a200 = [p.aqi > c["aqi_heavy"] for p in pts]
    a300 = [p.aqi > c["aqi_severe"] for p in pts]
    need = {k: max(1, round(c[k] / hours)) for k in ("yellow_150_hours", "orange_200_hours", "orange_150_hours",
                                                     "red_200_hours", "red_300_hours")}
    horizon = None if forecast == "complete" else max(1, round(72 / hours))

    def grade(n150: int, n200: int, n300: int) -> int:
        """The level of 4.2 for spells above 150, 200 and 300 of these lengths (in points)."""
        if n200 >= need["red_200_hours"] and n300 >= need["red_300_hours"]:
            return 3
        if n200 >= need["orange_200_hours"] or n150 >= need["orange_150_hours"]:
            return 2
        if n200 >= 1 or n150 >= need["yellow_150_hours"]:
            return 1
        return 0

    def level_at(i: int, forward: bool = False) -> int:
        """rolling72: the level of the run holding point i as the forecast seen at i shows it, 72 hours
        ahead (``forward``: of what remains of the run from i on — what lowering a warning looks at)."""
        if not a150[i]:
            return 0
        lo = i
        while lo > 0 and a150[lo - 1] and not forward:
            lo -= 1
        hi = i
        end = len(pts) if horizon is None else min(len(pts), i + horizon)
        while hi < end and a150[hi]:
            hi += 1
        return grade(hi - lo, _longest(a200, lo, hi), _longest(a300, lo, hi))

    if horizon is None:
        return _complete_levels(a150, a200, a300, window, grade)
    return [level_at(i) for i in range(len(pts))], [level_at(i, forward=True) for i in range(len(pts))]


def _warnings(pts: list[Point], c: dict[str, Any], levels: list[int], remaining: list[int], window: int,
              threshold: Any) -> tuple[list[int], list[dict[str, Any]]]:
    """The warning level in force at each point, and the events that start, raise, lower or lift it."""
    a150 = [p.aqi > c["aqi_moderate"] for p in pts]
    state = 0
    states: list[int] = []
    events: list[dict[str, Any]] = []
    lowered = False  # once lowered within a run, only what remains of it can raise the warning again
    for i, p in enumerate(pts):
        if i and not a150[i - 1]:
            lowered = False
        x = remaining[i] if lowered else levels[i]
        if x > state:
            kind = "start" if state == 0 else "upgrade"
            events.append({"time": p.time.isoformat(), "event": kind, "level": LEVELS[x]})
            state = x
        elif remaining[i] < state and i + window <= len(pts) and (state == 1 or p.aqi <= c["aqi_heavy"]):
            # an orange or red warning is lowered only once the heavy pollution (AQI > 200) is over
            # lowered only if the next 36 hours stay below the current level; lifted only if they stay
            # below the yellow condition as the option reads it
            target = max(remaining[i : i + window])
            if target == 0 and any(pts[j].aqi > threshold for j in range(i, i + window)):
                target = 1
            if target < state:
                state, lowered = target, True
                events.append({"time": p.time.isoformat(), "event": "lift" if state == 0 else "downgrade",
                               "level": LEVELS[state]})
        states.append(state)
    return states, events


def _episodes(pts: list[Point], states: list[int], params: Params, trace: Trace) -> list[dict[str, Any]]:
    """Each warning from its start to its lifting: levels, response, measures, and the reports due after it."""
    lv, lift = params.get("levels"), params.get("lift_hours")
    response = params.get("response")
    measures = params.get("measures")
    reports = params.get("reports")
    advance = int(params.get("advance_hours").value)
    episodes: list[dict[str, Any]] = []
    for lo, hi in _runs([s > 0 for s in states]):
        top = max(states[lo:hi])
        ended = pts[hi].time if hi < len(pts) else None
        ep: dict[str, Any] = {
            "start": pts[lo].time.isoformat(), "issue_by": (pts[lo].time - timedelta(hours=advance)).isoformat(),
            "end": ended.isoformat() if ended else None, "highest": LEVELS[top],
            "response": response.value[LEVELS[top]],
            "levels": [{"from": pts[k].time.isoformat(), "level": LEVELS[states[k]]}
                       for k in range(lo, hi) if k == lo or states[k] != states[k - 1]],
            "measures": [{"level": LEVELS[n], "clause": m[0], "text": m[1], "units": m[2]}
                         for n in range(1, top + 1) for m in measures.value[LEVELS[n]]],
        }
        text = (f"{pts[lo].time:%Y-%m-%d %H:%M} 起{NAMES[LEVELS[states[lo]]]}（应于 "
                f"{pts[lo].time - timedelta(hours=advance):%Y-%m-%d %H:%M} 前发布），最高{NAMES[LEVELS[top]]}，"
                f"启动{response.value[LEVELS[top]]}应急响应")
        trace.step(text, lv.ref)
        if ended:
            day = ended.date()
            table = add_working_days(day, int(reports.value["dispatch_table"]))
            review = add_working_days(day, int(reports.value["evaluation"]))
            ep["dispatch_table_due"] = table.date.isoformat()
            ep["evaluation_due"] = review.date.isoformat()
            trace.step(f"{ended:%Y-%m-%d %H:%M} 解除预警、响应终止；调度表 {table.date} 前报送，"
                       f"总结评估 {review.date} 前完成", reports.ref)
        else:
            trace.step("序列结束时预警仍在持续（解除须预测改善持续36小时以上）", lift.ref)
        episodes.append(ep)
    return episodes


OPTIONS = (
    Option("forecast", {"complete": "整段序列是一次预报，过程时长从开始算到结束",
                        "rolling72": "每个时点只看到未来72小时，可能先低级别启动再升级"},
           "complete", "预案按“预测”判断持续时间；给出整段预报时按整段计算，滚动预报作为选项"),
    Option("below", {"aqi150": "AQI ≤ 150 为降至黄色预警条件以下", "aqi200": "AQI ≤ 200 为降至黄色预警条件以下"},
           "aqi150", "黄色预警的最低触发条件是 AQI > 150（持续48小时），故以 150 为界；以 200 为界的读法作为选项"),
)
EXAMPLE = {"series": [{"time": f"2024-12-0{d}T00:00", "aqi": a} for d, a in
                      zip(range(1, 8), ["120", "180", "230", "240", "160", "110", "90"], strict=True)]}
