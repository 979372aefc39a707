"""Heads and tails of generated reports: web header fields and page furniture, in varied
layouts, and the report's assembly (which also decides what the header states)."""

from __future__ import annotations

import random

from index.metadata.gazetteer import Division
from tests.generator.reports import Report, _body, _issuer, _title

_WEEKDAYS = "一二三四五六日"


def _date(year: int, rng: random.Random) -> tuple[int, int, int]:
    return year + 1, rng.randint(1, 3), rng.randint(1, 28)


def _fields(
    publisher: str, title: str, date: tuple[int, int, int], rng: random.Random, source: str = ""
) -> list[str]:
    """Header fields in one of three layouts; a page's 来源 may name ``source``, the body that
    sent the report to the site, instead of its publisher."""
    y, m, d = date
    iso = f"{y}-{m:02d}-{d:02d}"
    layout = rng.randrange(3)
    if layout == 0:
        return [
            f"索引号：{rng.randint(10**8, 10**9)}/{y}-{rng.randint(1, 999):05d}"
            f" 发布机构：{publisher}",
            f"信息名称：{title} 主题分类：法治政府建设",
            f"发布日期：{iso} 成文日期：{iso}",
            "文　号： 有效性：有效",
        ]
    if layout == 1:
        sender = source or publisher
        return [f"来源：{sender} 发布时间：{iso} {rng.randint(8, 18)}:{rng.randint(10, 59)}"]
    return [
        f"发布单位：{publisher}",
        f"发布日期：{y}年{m}月{d}日",
        f"阅读次数：{rng.randint(1, 900)}",
    ]


def _furniture(date: tuple[int, int, int], rng: random.Random) -> list[str]:
    y, m, d = date
    pool = [
        rng.choice(["首页 > 政务公开 > 法治政府建设", "当前位置：首页 › 信息公开 › 法治建设"]),
        rng.choice(["无障碍 简体 | 繁体", "简体版 | 繁體版 | 无障碍"]),
        f"{y}年{m}月{d}日 星期{_WEEKDAYS[rng.randrange(7)]}",
        rng.choice(["【字体：大 中 小】", "字号：大 中 小"]),
        f"浏览量：{rng.randint(1, 3000)}",
    ]
    return rng.sample(pool, rng.randint(1, 4))


def _sender(division: Division, name: str) -> str:
    """Half the time, a body other than the issuer that sent the report to the site (its
    justice bureau or office); drawn from its own generator so the rest of a seed's reports
    stay as they were."""
    rng = random.Random(f"{name}:sender")
    if rng.random() < 0.5:
        return ""
    if division.level in ("乡镇", "街道"):
        return rng.choice([f"{division.name}司法所", "党政办公室", "综合办公室"])
    short = division.name[-1] + "司法局"
    return rng.choice([short, f"{division.name}人民政府办公室", "政策法规科"])


def assemble(
    name: str, division: Division, kind: str, year: int, rng: random.Random, web: bool
) -> Report:
    """One report: where its place is named, its issuer, header and furniture all vary."""
    issuer = _issuer(division, kind, rng)
    region = division.name
    place_in_title = rng.random() < 0.75 or kind == "司法局"
    title = _title(division, year, rng, place_in_title)
    if kind == "司法局":
        title = title.replace(region, issuer, 1) if region in title else issuer + title
    date = _date(year, rng)
    head: list[str] = []
    lines: list[str] = []
    publisher = ""
    sent = False
    # where the place is named besides the title: an issuer line, a header field, the body only
    where = "issuer" if place_in_title else rng.choice(["issuer", "fields", "body"])
    if web or where == "fields":
        head = _furniture(date, rng) if rng.random() < 0.8 else []
        if where == "fields" or rng.random() < 0.7:
            publisher = issuer
            source = _sender(division, name) if where != "fields" else ""
            fields = _fields(issuer, title, date, rng, source)
            sent = bool(source) and any(f"来源：{source}" in line for line in fields)
            head += fields
    if where == "issuer" and (not place_in_title or rng.random() < 0.3):
        lines.append(issuer)  # the issuer on its own line above the title
        publisher = publisher or issuer
    lines.append(title)
    body, questions = _body(division, year, rng)
    lines += body
    tail = (
        ["扫一扫在手机打开当前页面", "【打印本页】 【关闭窗口】"]
        if web and rng.random() < 0.5
        else []
    )
    if rng.random() < 0.4:  # signed at the end: part of the report's text
        lines += [issuer, f"{date[0]}年{date[1]}月{date[2]}日"]
        publisher = publisher or issuer
    if sent and issuer not in lines:  # no issuer line, no signature: the title's, else 来源's
        opening = title[: title.index(issuer) + len(issuer)] if issuer in title else ""
        publisher = opening if opening and not opening.startswith("关于") else source
    return Report(
        name=name,
        region=region,
        level=division.level,
        parents=division.parents,
        year=year,
        publisher=publisher,
        title=title,
        head=tuple(head),
        lines=tuple(lines),
        tail=tuple(tail),
        questions=tuple(questions),
    )
