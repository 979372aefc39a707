"""Places from the gazetteer: reports' regions and chains, questions' places, header fields,
furniture, declared titles."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.build.builder import make_document
from index.clean.lines import is_furniture
from index.load.declared import declared_titles
from index.load.sources import SourceFile, read_text
from index.metadata.extract import extract_metadata
from index.metadata.gazetteer import gazetteer
from index.metadata.header import DATE_ALONE, read_head, report_year
from index.models import Document, DocumentMeta
from qa import Engine
from qa.analyse.filters import Filters, check_known_values
from qa.analyse.query import QueryAnalyzer


def test_a_town_the_code_list_lacks_says_its_code_is_its_county_s() -> None:
    (town,) = [d for d in gazetteer().divisions("新市镇") if "简阳市" in d.parents]
    assert (town.code, town.code_level) == ("510185", "区县")


def test_a_listed_town_of_a_county_whose_code_changed_is_found_under_it() -> None:
    # 海门市 (320684) became 海门区 (320614): the ministry lists 三厂街道 under the new code
    (town,) = gazetteer().by_name["三厂街道"]
    assert town.parents == ("江苏省", "南通市", "海门区") and town.code == "320614003"


def test_gazetteer_has_townships_with_parents_and_codes() -> None:
    (town,) = [d for d in gazetteer().divisions("岔河镇") if "如东县" in d.parents]
    assert town.level == "乡镇" and town.parents == ("江苏省", "南通市", "如东县")
    assert (town.code, town.code_level) == ("320623112", "乡镇")  # the ministry's town code
    (county,) = gazetteer().divisions("如东县")
    assert (county.code, county.code_level) == ("320623", "区县")
    assert {d.parents[-1] for d in gazetteer().divisions("白云区")} == {"广州市", "贵阳市"}


@pytest.mark.parametrize(
    ("text", "region", "level", "parent"),
    [
        ("广州市白云区新市街道2023年法治政府建设年度报告\n正文。", "新市街道", "街道", "白云区"),
        (
            "双合镇2022年度法治政府建设工作报告\n在鹤山市委领导下，双合镇推进依法行政。",
            "双合镇",
            "乡镇",
            "鹤山市",
        ),
        ("巫山县司法局2023年度法治政府建设情况报告\n全县推进。", "巫山县", "区县", "重庆市"),
        ("2023年，全镇严格按照街道要求，依法治镇，依法治乡。", "", "", ""),
        (
            "关于2024年度法治政府建设情况的报告\n2024年，岔河镇在如东县委领导下推进依法治镇。",
            "岔河镇",
            "乡镇",
            "如东县",
        ),
    ],
)
def test_region_is_a_real_division_or_empty(
    text: str, region: str, level: str, parent: str
) -> None:
    meta = extract_metadata(text)
    assert (meta.region, meta.level) == (region, level)
    assert (meta.parents[-1] if meta.parents else "") == parent


@pytest.mark.parametrize(
    ("text", "region"),
    [
        # a county bureau publishing a town's report: the body is about the town
        (
            "发布机构：如东县司法局\n关于2023年度法治政府建设情况的报告\n"
            "2023年，岔河镇推进依法行政。岔河镇开展普法。岔河镇调解纠纷。",
            "岔河镇",
        ),
        # the bureau's own report naming a town once
        (
            "如东县司法局\n关于2023年度法治政府建设情况的报告\n2023年，全县推进依法行政，岔河镇开展普法。",
            "如东县",
        ),
    ],
)
def test_a_header_division_gives_way_to_the_town_the_body_is_about(text: str, region: str) -> None:
    assert extract_metadata(text).region == region


def test_a_shared_name_without_a_parent_named_keeps_only_the_shared_chain() -> None:
    meta = extract_metadata("南村镇2022年度法治政府建设情况报告\n南村镇推进依法行政。")
    assert meta.region == "南村镇" and meta.code == "" and not meta.parents


def test_a_township_listed_under_its_county_s_name_is_that_township() -> None:
    meta = extract_metadata("化德县朝阳镇2023年度法治政府建设情况报告\n正文。")
    assert (meta.region, meta.parents[-1]) == ("朝阳镇", "化德县")
    meta = extract_metadata("济源市轵城镇关于2023年法治政府建设工作情况的报告\n正文。")
    assert (meta.region, meta.level) == ("轵城镇", "乡镇")


def test_a_two_character_division_named_as_an_organisation_is_a_place() -> None:
    text = (
        "发布单位：彭镇人民政府\n关于2024年度法治政府建设情况的报告\n"
        "2024年，彭镇在双流区委、双流区政府的坚强领导下推进法治建设。\n彭镇人民政府\n"
    )
    meta = extract_metadata(text)
    assert (meta.region, meta.level, meta.parents[-1]) == ("彭镇", "乡镇", "双流区")
    shared = extract_metadata("郊区人民政府\n郊区2023年法治政府建设年度报告\n正文。")
    assert (shared.region, shared.level) == ("郊区", "区县")  # 阳泉, 铜陵 or 佳木斯: no parent
    assert extract_metadata("城郊的人民政府\n2023年度报告\n正文。").region == ""


def test_year_never_from_a_plan_range() -> None:
    assert report_year(["关于印发《法治政府建设实施纲要(2023—2027年)》的通知"]) is None
    text = "法治建设规划纲要(2023—2027年)贯彻情况\n2024年，车辋镇开展普法。"
    assert extract_metadata(text).year == 2024


def test_header_fields_become_metadata() -> None:
    text = (
        "首页 > 政务公开\n索引号：11/2024-00012 发布机构：本溪市司法局\n"
        "发布日期：2024年3月5日 主题分类：法治\n本溪市2023年法治政府建设年度报告\n正文。"
    )
    head = read_head(text)
    assert head.publisher == "本溪市司法局" and head.published == "2024-03-05"
    assert ("主题分类", "法治") in head.fields and head.year == 2023


@pytest.mark.parametrize(
    ("line", "furniture"),
    [
        ("首页 > 政务公开 > 法治政府建设", True),
        ("无障碍 简体| 繁体", True),
        ("浏览量:1", True),
        ("2019年12月3日星期二", True),
        ("微信 微博 QQ空间", True),
        ("一、主要举措", False),
        ("第二部分 存在的不足", False),  # a numbered heading of short words is no bar
        ("（三） 下一步 打算", False),
        ("（一）加强执法队伍建设，组织执法人员培训不少于6次。", False),
        ("2023年度法治政府建设工作报告", False),
        ("首页 / 政务公开 / 法治政府建设", True),  # menu words between slashes
        # slashes inside an identifier, a date or a field's value: header fields, not a trail
        ("索引号：014095371/2024-00018 主题分类：司法/法治政府建设", False),
        ("发布日期：2024/03/15 文号：澄政发〔2024〕6号", False),
        ("2024/03/15", False),
    ],
)
def test_furniture_by_general_signals(line: str, furniture: bool) -> None:
    assert is_furniture(line) is furniture


def test_html_title_and_header_fields(tmp_path: Path) -> None:
    page = tmp_path / "dqz.html"
    page.write_text(
        "<html><head><meta charset='utf-8'><title>大邱庄镇2023年度法治政府建设工作报告_静海区"
        "人民政府</title></head><body><div class='nav'>首页 &gt; 政务公开</div>"
        "<h1>大邱庄镇2023年度法治政府建设工作报告</h1><div>发布时间：2024-02-01 来源：大邱庄镇"
        "人民政府</div><div class='content'><p>2023年，我镇聘请律师事务所担任镇政府法律顾问，"
        "审查合同30份。</p><p>一、主要举措</p><p>（一）加强执法队伍建设，组织执法人员培训6次。"
        "</p></div></body></html>",
        encoding="utf-8",
    )
    doc, passages = make_document(SourceFile(page, page.name, read_text(page)), "dqz", 300)
    meta = doc.meta
    assert meta.title == "大邱庄镇2023年度法治政府建设工作报告"
    assert (meta.region, meta.year, meta.publisher) == ("大邱庄镇", 2023, "大邱庄镇人民政府")
    assert meta.parents == ("天津市", "静海区") and declared_titles(page)
    assert any("培训6次" in p.text for p in passages)


def _doc(doc_id: str, region: str, parents: tuple[str, ...]) -> Document:
    meta = DocumentMeta(title=f"{region}报告", region=region, parents=parents, year=2023)
    return Document(doc_id, f"{doc_id}.txt", f"{region}推进法治建设。", "", meta=meta)


def test_question_places_shared_names_stay_ambiguous_unless_a_parent_is_named() -> None:
    analyzer = QueryAnalyzer(
        [
            _doc("gz", "白云区", ("广东省", "广州市")),
            _doc("gy", "白云区", ("贵州省", "贵阳市")),
            _doc("nc", "南村镇", ("广东省", "广州市", "番禺区")),
        ]
    )
    assert set(analyzer.analyze("白云区2023年行政复议多少件").doc_ids) == {"gz", "gy"}
    assert set(analyzer.analyze("白云2023年行政复议多少件").doc_ids) == {"gz", "gy"}
    assert analyzer.analyze("广州白云区2023年行政复议多少件").doc_ids == ("gz",)
    assert analyzer.analyze("贵阳市白云区有哪些做法").doc_ids == ("gy",)


def test_region_filter_covers_the_divisions_below(engine: Engine) -> None:
    chahe = engine.document("003_fbe45d23903cb0be")
    assert Filters(region=("如东县",)).allows(chahe)
    assert Filters(region=("南通市",)).allows(chahe)
    check_known_values(Filters(region=("如东县",)), engine.documents.values())
    hits = engine.search("行政执法", filters={"region": "如东县"}).hits
    assert hits and {h.doc_id for h in hits} == {chahe.doc_id}


def test_header_lines_never_outrank_content(engine: Engine) -> None:
    hits = engine.search("溪湖区2023年度法治政府建设工作", top_k=3).hits
    kinds = {p.passage_id: p.kind for p in engine.passages}
    assert kinds[hits[0].passage_id] != "header"
    asked = engine.search("溪湖区的报告是哪个部门发布的？", top_k=3).hits
    assert any(kinds[h.passage_id] == "header" for h in asked)


def test_government_page_meta_tags_and_table_fields(tmp_path: Path) -> None:
    page = tmp_path / "xinshi.html"
    page.write_text(
        '<html><head><meta charset="utf-8"><meta name="ArticleTitle" content="新市街道2023年'
        '法治政府建设年度报告"><meta name="PubDate" content="2024-01-15 09:30"><meta '
        'name="ContentSource" content="广州市白云区人民政府网"><title>门户网站</title></head>'
        "<body><table><tr><td>发布机构：</td><td>白云区新市街道办事处</td></tr></table><div "
        "class='content'><p>2023年，我街道在区委区政府领导下推进法治政府建设。</p></div></body>"
        "</html>",
        encoding="utf-8",
    )
    meta = extract_metadata(read_text(page), declared_titles(page))
    assert meta.title == "新市街道2023年法治政府建设年度报告" and meta.year == 2023
    assert (meta.region, meta.parents[-1], meta.code) == ("新市街道", "白云区", "440111008")
    assert (meta.publisher, meta.published) == ("白云区新市街道办事处", "2024-01-15")


def test_a_site_name_as_source_is_its_organisation() -> None:
    head = read_head("来源：广州市白云区人民政府网\n白云区2023年法治政府建设年度报告\n正文。")
    assert head.publisher == "广州市白云区人民政府"


def test_a_source_naming_an_office_yields_to_the_signing_organisation() -> None:
    text = (
        "发布时间：2024年01月30日 来源：政策法规科\n"
        "洛阳市市场监督管理局2023年度法治政府建设情况报告\n"
        "2023年，我局坚持依法行政。\n"
        "洛阳市市场监督管理局\n2024年1月29日\n"
    )
    assert read_head(text).publisher == "洛阳市市场监督管理局"
    office = "来源：区政府办公室\n某区2023年度法治政府建设情况报告\n正文。\n"
    assert read_head(office).publisher == "区政府办公室"


def test_the_issuer_s_own_office_publishing_the_page_yields_to_the_issuer() -> None:
    text = (
        "发布机构：寿光市人民政府办公室\n成文日期：2023-02-08\n"
        "寿光市人民政府关于2022年度法治政府建设情况的报告\n2022年，全市依法行政。\n"
    )
    head = read_head(text)
    assert head.publisher == "寿光市人民政府"
    assert ("发布机构", "寿光市人民政府办公室") in head.fields
    # the office named with the short form of an autonomous prefecture (大理州 for 大理白族自治州)
    short = "发布机构：大理州人民政府办公室\n大理白族自治州人民政府关于2023年度法治工作的报告\n"
    assert read_head(short).publisher == "大理白族自治州人民政府"


def test_markdown_emphasis_around_a_header_label_is_passed_over() -> None:
    text = (
        "# 五里牌街道办事处2023年法治政府建设工作情况报告\n\n"
        "**发布单位：** 岳阳楼区五里牌街道办事处  \n**报送日期：** 2024年1月12日\n\n正文。\n"
    )
    head = read_head(text)
    assert head.publisher == "岳阳楼区五里牌街道办事处"
    assert ("报送日期", "2024年1月12日") in head.fields


def test_a_page_s_header_fields_outside_its_article_are_kept_as_header_lines(
    tmp_path: Path,
) -> None:
    """A government page puts 索引号/发布机构/发布日期 above its article element: they stay in the
    report's text (header passages a question about them can cite), the site's footer does not."""
    page = tmp_path / "huayuan.html"
    page.write_text(
        '<html><head><meta charset="utf-8"><title>报告_花园街道办事处</title></head><body>'
        '<div class="top"><div>索引号：445087101/2023-00312 发布机构：花园街道办事处</div>'
        "<table><tr><td>主题分类</td><td>法治政府建设</td></tr></table>"
        "<div>发布日期：2023-03-03</div></div>"
        '<div class="article-content"><h1>花园街道2022年度法治政府建设情况的报告</h1>'
        "<p>2022年，花园街道认真贯彻落实《法治政府建设实施纲要》，扎实推进法治政府建设。</p>"
        "<p>全年聘请法律顾问7名，调解矛盾纠纷419起，审查规范性文件48件。</p></div>"
        '<div class="foot"><div>版权所有：花园街道办事处 地址：人民路1号</div></div></body></html>',
        encoding="utf-8",
    )
    doc, passages = make_document(SourceFile(page, page.name, read_text(page)), "hy", 300)
    header = [p.text for p in passages if p.kind == "header"]
    assert "索引号：445087101/2023-00312 发布机构：花园街道办事处" in header
    assert "主题分类：法治政府建设" in header and "发布日期：2023-03-03" in header
    assert "版权所有" not in doc.text
    assert (doc.meta.published, doc.meta.publisher) == ("2023-03-03", "花园街道办事处")


def test_a_page_source_other_than_the_issuer_yields_to_the_issuer() -> None:
    signed = (
        "发布时间：2025-03-26 10:12 来源：区司法局\n"
        "江汉区2024年法治政府建设年度报告\n"
        "2024年，江汉区持续推进法治政府建设。\n"
        "江汉区人民政府\n2025年3月25日\n"
    )
    assert read_head(signed).publisher == "江汉区人民政府"
    titled = "来源：县司法局\n勉县武侯镇人民政府关于2023年度法治政府建设情况的报告\n正文。\n"
    assert read_head(titled).publisher == "勉县武侯镇人民政府"
    above = "信息来源：党政办公室\n岔河镇人民政府\n2023年度法治政府工作报告\n正文。\n"
    assert read_head(above).publisher == "岔河镇人民政府"
    chain = "来源：平泉市司法局\n河北省承德市平泉市司法局2021年度法治政府建设情况报告\n正文。\n"
    assert read_head(chain).publisher == "平泉市司法局"  # the same body, named plainly
    short = "来源：区司法局\n江汉区司法局2024年法治政府建设年度报告\n正文。\n"
    assert read_head(short).publisher == "江汉区司法局"
    # a publishing field proper (发布机构) is the publisher whoever signs
    stated = (
        "发布机构：溪湖区司法局\n溪湖区2023年度法治政府建设工作报告\n正文。\n"
        "溪湖区人民政府\n2024年3月1日\n"
    )
    assert read_head(stated).publisher == "溪湖区司法局"


def test_a_date_alone_is_one_pattern() -> None:
    for line in ("2024年1月10日", " 2024-01-10 ", "2024/1/10", "2024.1.10", "1999年12月1日"):
        assert DATE_ALONE.fullmatch(line), line
    for line in ("2024年1月10日召开会议", "2024-01/10", "发布日期：2024-01-10", "2024年"):
        assert not DATE_ALONE.fullmatch(line), line


def test_a_town_moved_to_another_county_keeps_the_county_its_report_names() -> None:
    from index.metadata.places import resolve_place

    title = ["合隆镇人民政府2023年法治政府建设年度报告"]
    moved = resolve_place(title, ["农安县人民政府："], "在县委领导下，农安县司法局指导……")
    assert moved.region == "合隆镇" and moved.parents[-1] == "农安县"
    listed = resolve_place(title, ["宽城区人民政府："], "在区委领导下，宽城区司法局指导……")
    assert listed.parents[-1] == "宽城区"
    once = resolve_place(title, [], "农安县的企业来镇投资。")
    assert once.parents[-1] == "宽城区"


def test_an_ethnic_township_listed_also_under_its_old_name_is_one_place() -> None:
    gaz = gazetteer()
    (division,) = gaz.by_name["孙各庄乡"]  # jionlp's old name of 孙各庄满族乡, same county
    assert division.name == "孙各庄满族乡"
    assert division.parents == ("天津市", "蓟州区")


def test_the_date_under_the_signature_is_the_report_s_date_when_no_header_gives_one() -> None:
    body = "五龙街道2023年法治政府建设情况报告\n正文。\n龙沙区五龙街道办事处\n2024年1月18日"
    head = read_head(body)
    assert ("成文日期", "2024年1月18日") in head.fields and head.published == "2024-01-18"
    dated = read_head("发布日期：2024-02-26\n" + body)
    assert dated.published == "2024-02-26" and ("成文日期", "2024年1月18日") not in dated.fields
