"""Tests of ``index.chunk.paragraphs`` (with ``cleaning``, ``headings``) on the seeds and made-up
text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from index.build.builder import make_document
from index.chunk.headings import heading_level, parse_heading
from index.chunk.paragraphs import chunk_document
from index.load.sources import SourceFile

S000, S001, S002, S003, S004 = (
    "000_8aada575c1984193",
    "001_309042e87f77b6c8",
    "002_49a388d3305da3e0",
    "003_fbe45d23903cb0be",
    "004_3d0055e514a18dc0",
)
SENTENCE_END = re.compile(r"[。！？；!?;][”’」』）)]*$")
SENTENCE_ANY = re.compile(r"[。！？；!?;]+[”’」』）)]*")
ANY_END = re.compile(r"[。！？；!?;，,、：:]")
FURNITURE = (
    "扫一扫在手机打开当前页面",
    "[bookmark: _GoBack]",
    "打印本页",
    "分享到：微信",
    "【字体：大 中 小】",
)


def _passage_with(text: str, needle: str):
    chunked = chunk_document("doc", text)
    found = [p for p in chunked.passages if needle in p.text]
    assert len(found) == 1, f"{needle!r} is in {len(found)} passages"
    return found[0]


# --- heading paths on the seeds ------------------------------------------------------------


def test_heading_path_004_three_levels(seed_texts: dict[str, str]) -> None:
    path = _passage_with(seed_texts[S004], "对全区104户监管企业实行2轮全覆盖检查").heading_path
    assert path[0] == "一、2023年度法治政府建设主要举措和成效"
    assert any("(五)升级应急处突能力,健全完善应急管理制度" in title for title in path)
    assert any(title.startswith("二是压实安全生产主体责任") for title in path)
    assert len(path) == 3


def test_heading_path_003_fullwidth_brackets(seed_texts: dict[str, str]) -> None:
    path = _passage_with(seed_texts[S003], "社区矫正对象无脱管、漏管").heading_path
    assert path == ("一、本年度推进法治政府建设的主要举措和成效", "（八）加强重点人员管控")


def test_heading_path_001_second_level(seed_texts: dict[str, str]) -> None:
    path = _passage_with(seed_texts[S001], "开展人大代表接访活动64场").heading_path
    assert path[0] == "一、2022年建设法治政府主要举措和成效"
    assert "(五)严格程序,提高科学决策水平" in path


def test_heading_path_002_numbered_items(seed_texts: dict[str, str]) -> None:
    path = _passage_with(seed_texts[S002], "聘用天津树刚律师事务所").heading_path
    assert path[0] == "二、法治政府建设的主要举措和成效"
    assert path[1].startswith("(三)健全完善依法行政制度体系")
    assert path[2] == "6.提升依法决策意识和能力水平"


def test_heading_path_000_sections(seed_texts: dict[str, str]) -> None:
    path = _passage_with(seed_texts[S000], "走进车辋中心小学1次").heading_path
    assert path == (
        "一、推进法治政府建设方面的主要举措、成效、存在的不足及原因",
        "(四)强化宣传教育,提升法律素养",
    )
    later = _passage_with(seed_texts[S000], "完善相关法规制度").heading_path
    assert later == ("四、2024年度推进法治政府建设的主要安排", "(一)完善相关法规制度")


def test_preamble_has_no_heading_path(seed_texts: dict[str, str]) -> None:
    for text in seed_texts.values():
        first = chunk_document("doc", text).passages[0]
        assert first.heading_path == ()


@pytest.mark.parametrize("stem", [S000, S001, S002, S003, S004])
def test_pure_heading_lines_are_never_passages(seed_texts: dict[str, str], stem: str) -> None:
    text = seed_texts[stem]
    chunked = chunk_document(stem, text)
    pure = [(s, e) for _, _, s, e in chunked.outline if not parse_heading(text[s:e]).inline]
    assert pure, "every seed has stand-alone headings"
    for start, end in pure:
        assert all(p.end <= start or p.start >= end for p in chunked.passages)


@pytest.mark.parametrize("stem", [S000, S001, S002, S003, S004])
def test_offsets_invariant_and_order_on_seeds(seed_texts: dict[str, str], stem: str) -> None:
    text = seed_texts[stem]
    passages = chunk_document(stem, text).passages
    assert len(passages) >= 15
    for passage in passages:
        assert passage.text == text[passage.start : passage.end]
        assert passage.text == passage.text.strip()
    for before, after in zip(passages, passages[1:], strict=False):
        assert before.end <= after.start


@pytest.mark.parametrize("max_chars", [300, 120, 60])
@pytest.mark.parametrize("stem", [S000, S001, S002, S003, S004])
def test_long_paragraphs_split_at_sentence_ends(
    seed_texts: dict[str, str], stem: str, max_chars: int
) -> None:
    text = seed_texts[stem]
    passages = chunk_document(stem, text, max_chars=max_chars).passages
    split = 0
    for number in sorted({p.paragraph for p in passages}):
        parts = [p for p in passages if p.paragraph == number]
        assert [p.part for p in parts] == list(range(1, len(parts) + 1))
        para_start = parts[0].start
        para = text[para_start : parts[-1].end]
        for part in parts[:-1]:
            split += 1
            cut = part.end - para_start
            if SENTENCE_END.search(para[:cut]):
                continue
            # a cut inside a sentence: only when that one sentence is over the limit
            before = [m.end() for m in SENTENCE_ANY.finditer(para[:cut])]
            after = SENTENCE_ANY.search(para, cut)
            sentence = (after.end() if after else len(para)) - (before[-1] if before else 0)
            assert sentence > max_chars, para[cut - 20 : cut + 20]
    assert split or max_chars == 300


def test_seed_paragraph_over_limit_is_split(seed_texts: dict[str, str]) -> None:
    passages = chunk_document(S003, seed_texts[S003]).passages
    parts = [p for p in passages if "三是坚持公正文明执法" in p.text]
    assert parts and parts[0].part == 2
    assert all(len(p.text) <= 300 * 1.5 for p in passages)


# --- furniture, bookmarks, duplicates ------------------------------------------------------


def test_bookmark_prefix_is_excluded_from_passage_start(seed_texts: dict[str, str]) -> None:
    text = seed_texts[S003]
    passage = _passage_with(text, "法治建设责任重大")
    assert passage.text.startswith("法治建设责任重大")
    assert text[: passage.start].rstrip().endswith("[bookmark: _GoBack]")
    assert all("bookmark" not in p.text for p in chunk_document(S003, text).passages)


def test_furniture_lines_are_not_passages() -> None:
    body = "一、主要举措\n（一）加强组织领导。镇党委定期研究法治建设工作。\n"
    text = "扫一扫在手机打开当前页面\n" + body + "[bookmark: _GoBack]\n打印本页 关闭窗口\n分享到:\n"
    passages = chunk_document("doc", text).passages
    assert [p.text for p in passages] == ["（一）加强组织领导。镇党委定期研究法治建设工作。"]


def test_page_header_edge_furniture_is_trimmed(seed_texts: dict[str, str]) -> None:
    texts = [p.text for p in chunk_document(S004, seed_texts[S004]).passages]
    assert not any("【字体" in t or t.startswith("关键词") for t in texts)


def test_near_duplicate_paragraph_in_000_is_collapsed(seed_texts: dict[str, str]) -> None:
    text = seed_texts[S000]
    source = SourceFile(path=Path(S000 + ".txt"), source=S000, text=text)
    doc, passages = make_document(source, S000, 300)
    assert len(doc.duplicates) >= 1
    start, end, kept = doc.duplicates[0]
    assert text[start:end].startswith("(一)加强组织领导。全面贯彻落实")
    first = text.index("(一)加强组织领导")
    assert start > first  # the second occurrence is the dropped one
    kept_parts = [p for p in passages if p.paragraph == kept]
    assert kept_parts[0].start == first
    assert all(p.end <= start or p.start >= end for p in passages)


def test_exact_duplicate_paragraphs_collapse() -> None:
    para = "镇政府全面推行行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度。"
    text = f"一、主要举措\n{para}\n中间另有一段不同的正文内容，记录了法律顾问的工作情况。\n{para}\n"
    chunked = chunk_document("doc", text)
    assert [p.text for p in chunked.passages].count(para) == 1
    assert len(chunked.duplicates) == 1
    start, end, kept = chunked.duplicates[0]
    assert text[start:end] == para and start == text.rindex(para)
    assert chunked.passages[0].paragraph == kept and chunked.passages[0].start == text.index(para)


def test_passage_ids_stable_and_distinct_across_documents(seed_texts: dict[str, str]) -> None:
    text = seed_texts[S001]
    first = [p.passage_id for p in chunk_document(S001, text).passages]
    again = [p.passage_id for p in chunk_document(S001, text).passages]
    other = [p.passage_id for p in chunk_document("another-doc", text).passages]
    assert first == again
    assert len(set(first)) == len(first)
    assert not set(first) & set(other)


# --- one-sentence items and bracketed furniture -------------------------------------------


@pytest.mark.parametrize(
    ("stem", "needle"),
    [(S003, "任用紧密结合"), (S003, "比如微信公众号等"), (S000, "法治政府建设整体推进还不平衡")],
)
def test_enumerated_one_sentence_items_are_searchable(
    seed_texts: dict[str, str], stem: str, needle: str
) -> None:
    passages = chunk_document(stem, seed_texts[stem]).passages
    assert any(needle in p.text for p in passages)


def test_sibling_item_body_is_not_in_heading_path(seed_texts: dict[str, str]) -> None:
    path = _passage_with(seed_texts[S003], "二是总结前期经验").heading_path
    assert path[0] == "四、下一年度推进法治政府建设的主要安排"
    assert not any(title.startswith("一是组织镇党委中心组") for title in path)


@pytest.mark.parametrize(
    "line", ["【打印】", "【关闭窗口】", "【打印】【关闭】", "【打印本页】【关闭窗口】"]
)
def test_bracketed_furniture_lines_are_not_passages(line: str) -> None:
    text = f"（一）加强组织领导。镇党委定期研究法治建设工作。\n{line}\n"
    assert [p.text for p in chunk_document("doc", text).passages] == [text.split("\n")[0]]


@pytest.mark.parametrize(
    "line",
    [
        "7.坚持严格规范公正文明执法。",
        "(一)深入学习贯彻党的二十大精神,深刻领会新时代推进法治中国建设战略部署",
        "(二)全面落实推进法治政府建设主体职责,将建设法治政府摆在全局工作突出位置",
        "二、存在问题",
    ],
)
def test_titles_are_pure_headings(line: str) -> None:
    heading = parse_heading(line)
    assert heading is not None and not heading.inline
    assert heading.title == line.rstrip("。")


@pytest.mark.parametrize(
    ("line", "title"),
    [
        (
            "一是组织镇党委中心组定期开展研讨会，交流学习和运用习近平法治思想的心得体会，"
            "健全法治建设考核办法，将考核结果与干部考评、奖惩、任用紧密结合。",
            "一是组织镇党委中心组定期开展研讨会",
        ),
        (
            "二是法治政府建设机制还不够完善,在人员配备上还有待加强;",
            "二是法治政府建设机制还不够完善",
        ),
        ("三是" + "法治" * 30 + "。", "三是" + "法治" * 19),
    ],
)
def test_one_sentence_items_are_inline_headings(line: str, title: str) -> None:
    heading = parse_heading(line)
    assert heading is not None and heading.inline
    assert heading.title == title
    assert [p.text for p in chunk_document("doc", f"一、安排\n{line}\n").passages] == [line]


@pytest.mark.parametrize("stem", [S000, S001, S002, S003, S004])
def test_pure_headings_on_seeds_hold_no_sentence(seed_texts: dict[str, str], stem: str) -> None:
    text = seed_texts[stem]
    for _, _, start, end in chunk_document(stem, text).outline:
        heading = parse_heading(text[start:end])
        assert heading is not None
        if not heading.inline:
            assert not SENTENCE_ANY.search(text[start:end].rstrip("。")), text[start:end]


def test_short_series_item_in_000_is_searchable(seed_texts: dict[str, str]) -> None:
    passage = _passage_with(seed_texts[S000], "人员配备上还有待一步一加强")
    assert passage.heading_path[-1] == "二是法治政府建设机制还不够完善"


# --- property test -------------------------------------------------------------------------

_CHARS = st.sampled_from(
    list("法治政府建设镇村社区执法审核决策顾问年度报告") + ["。", "，", "；", " "]
)
_SEGMENT = st.one_of(
    st.text(_CHARS, min_size=1, max_size=60),
    st.sampled_from(["一、", "二、", "（一）", "(二)", "1.", "2．", "一是", "二是", "。", "，"]),
    st.text(st.sampled_from(list("法治政府")), min_size=100, max_size=400),  # no punctuation
)
_LINE = st.one_of(
    st.lists(_SEGMENT, min_size=1, max_size=8).map("".join),
    st.sampled_from(FURNITURE),
    st.lists(_SEGMENT, min_size=1, max_size=3).map(lambda s: "[bookmark: _GoBack] " + "".join(s)),
    st.just(""),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(_LINE, min_size=1, max_size=12), max_chars=st.sampled_from([50, 80, 300]))
def test_chunking_invariants_on_generated_text(lines: list[str], max_chars: int) -> None:
    text = "\n".join(lines)
    passages = chunk_document("gen", text, max_chars=max_chars).passages
    for passage in passages:
        assert passage.text == text[passage.start : passage.end]
        assert passage.text and passage.text == passage.text.strip()
        assert not passage.text.startswith("[bookmark:")
        if len(passage.text) > max_chars * 1.5:
            assert not ANY_END.search(passage.text.strip("。！？；!?;，,、：: ")), passage.text
    for before, after in zip(passages, passages[1:], strict=False):
        assert before.end <= after.start
        assert (before.paragraph, before.part) < (after.paragraph, after.part)
    offset = 0
    for line in lines:  # furniture lines never reach a passage
        if line in FURNITURE:
            assert all(p.end <= offset or p.start >= offset + len(line) for p in passages)
        offset += len(line) + 1


@pytest.mark.parametrize(
    "line",
    [
        "(一)加强党的领导,深入学习贯彻习近平法治思想。",
        "（一）加强执法队伍建设，组织执法人员培训不少于6次。",
    ],
)
def test_a_numbered_sentence_with_content_is_a_heading_and_a_passage(line: str) -> None:
    heading = parse_heading(line)
    assert heading is not None and heading.inline and heading.titled
    text = f"一、主要举措\n{line}\n正文。"
    chunked = chunk_document("d", text)
    (passage,) = [p for p in chunked.passages if p.text == line]
    assert passage.kind == "heading" and passage.text == text[passage.start : passage.end]


def test_parts_are_the_outermost_headings() -> None:
    text = (
        "马鞍山乡2021年法治政府建设工作报告\n\n第一部分  主要工作及成效\n\n一、加强组织领导\n"
        "乡党委书记切实履行第一责任人职责。\n\n第二部分  存在的问题\n\n基层执法力量薄弱。\n"
    )
    chunked = chunk_document("doc", text)
    paths = {p.text: p.heading_path for p in chunked.passages}
    first = ("第一部分  主要工作及成效", "一、加强组织领导")
    assert paths["乡党委书记切实履行第一责任人职责。"] == first
    assert paths["基层执法力量薄弱。"] == ("第二部分  存在的问题",)
    assert not any(p.text.startswith("第一部分") for p in chunked.passages)


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("3.2026年工作计划", 3),  # a number, then a year: a title
        ("2. 存在的问题", 3),
        ("3.5%的案件当场办结。", None),  # a decimal
    ],
)
def test_a_numbered_heading_may_open_with_a_year(line: str, level: int | None) -> None:
    assert heading_level(line) == level


@pytest.mark.parametrize(
    ("opening", "closing"),
    [("## ", ""), ("【", "】")],  # a Markdown heading's marker; black brackets around the line
)
def test_a_marked_heading_is_read_by_its_number(opening: str, closing: str) -> None:
    text = (
        f"{opening}二、存在的问题{closing}\n\n1. 行政诉讼败诉率仍然偏高，主要集中在征收领域。\n\n"
        f"{opening}三、2022年工作安排{closing}\n\n力争败诉率控制在10%以内。\n"
    )
    chunked = chunk_document("d", text)
    paths = [p.heading_path[0] for p in chunked.passages]
    assert paths == ["二、存在的问题", "三、2022年工作安排"]
    assert [level for level, *_ in chunked.outline][:1] == [1]
    assert all(p.text == text[p.start : p.end] for p in chunked.passages)


@pytest.mark.parametrize(
    "line",
    [
        "45.翠湖社区创建为2021年度市级民主法治示范社区。",
        "53.通过区政府门户网站主动公开街道信息326条。",
        "五是在常山庄社区建设法治文化广场1处。",
        "5.庆贺寺村获评荆州市民主法治示范村。",
    ],
)
def test_a_numbered_item_of_one_short_sentence_is_a_passage(line: str) -> None:
    """Short numbered items telling what was done, with no comma, are content, not titles."""
    heading = parse_heading(line)
    assert heading is not None and heading.inline and not heading.titled
    text = f"一、主要工作\n{line}\n46.11个社区全部配备法律顾问。\n"
    assert line in [p.text for p in chunk_document("d", text).passages]


@pytest.mark.parametrize("line", ["（三）2024年工作打算。", "9.加强执法队伍建设。"])
def test_a_short_title_with_a_full_stop_stays_a_heading(line: str) -> None:
    heading = parse_heading(line)
    assert heading is not None and not heading.inline


def test_a_bracketed_title_with_no_number_is_a_heading() -> None:
    text = (
        "某局2023年法治政府建设工作报告\n\n【压实责任，主要负责人履职到位】\n"
        "局主要负责人带头出庭应诉1次。\n\n【2024年工作打算】\n"
        "（1）清单事项将扩充至120项。（2）调解成功率提升至85%以上。\n"
    )
    chunked = chunk_document("d", text)
    paths = {p.text: p.heading_path for p in chunked.passages}
    assert paths["局主要负责人带头出庭应诉1次。"] == ("压实责任，主要负责人履职到位",)
    plans = "（1）清单事项将扩充至120项。（2）调解成功率提升至85%以上。"
    assert paths[plans] == ("2024年工作打算",)
    assert not any(p.text.startswith("【") for p in chunked.passages)
    assert all(p.text == text[p.start : p.end] for p in chunked.passages)


@pytest.mark.parametrize("line", ["【字体：大 中 小】", "【来源：某某区人民政府】", "正文【附件】"])
def test_a_bracketed_field_or_an_inner_bracket_is_no_heading(line: str) -> None:
    assert heading_level(line) is None


@pytest.mark.parametrize(
    "line", ["【一】法治建设责任落实情况", "【十】2025年工作安排", "〔二〕存在的短板"]
)
def test_a_numeral_in_black_brackets_opens_a_first_level_heading(line: str) -> None:
    assert heading_level(line) == 1
