"""What a question asks, as the analysis found it: the text the retrievers see, its words, the
reports its places name, its years, the parts of a report it asks for and what it asks of them
(``qa.analyse.query.QueryAnalyzer`` makes one)."""

from __future__ import annotations

from dataclasses import dataclass

from qa.answer.messages import Notice


@dataclass(frozen=True)
class QueryInfo:
    """A query as the retrievers see it."""

    original: str
    text: str
    tokens: tuple[str, ...]
    """Words (jieba search mode): for highlights, answers and no-answer signals."""
    lexical: tuple[str, ...]
    """What BM25 matches: the words and the character pairs."""
    doc_ids: tuple[str, ...]
    """Documents whose region the query names (of the body it names, when it names one)."""
    years: tuple[int, ...]
    chinese: bool
    places: tuple[str, ...] = ()
    """The regions of ``doc_ids`` as the query writes them (溪胡区, 番禺), longest first."""
    bridged: tuple[str, ...] = ()
    """The reports' terms the question's English phrases stand for (shipped glossary)."""
    parent_only: bool = False
    """The places named are parent regions only (番禺): ``doc_ids`` are all their reports."""
    sections: tuple[str, ...] = ()
    """The parts of a report it asks for ("shortcomings", "plans"; ``intent.sections``)."""
    sections_only: bool = False
    """It asks for those parts and nothing more ("南村镇下一步有什么打算？")."""
    expanded: tuple[str, ...] = ()
    """Terms its short forms were spelt out to (法援 → 法律援助; ``wording.spelling``)."""
    place_only: bool = False
    """It names a report's place and nothing more ("溪湖区", "溪湖区2023年的报告")."""
    unknown_places: tuple[str, ...] = ()
    """Places it names that no report is from (``qa.analyse.places.places``)."""
    unreported: Notice | None = None
    """Why the place it opens with has no report of its own, if so (``places.places``)."""
    divisions: tuple[str, ...] = ()
    """Every division of the gazetteer it names, with the parents it names them by, whether or
    not a report is from them: places, not its topic (``qa.analyse.places.spotting``)."""
    generic: tuple[str, ...] = ()
    """Its words made of title and stop words only (年度报告, 法治政府建设): they name the kind
    of document, which every report is, not a topic a report could lack."""
    ranked_first: tuple[str, ...] = ()
    """Of ``doc_ids``, those ranked first: without the reports of a parent written only as the
    qualifier of a place below it (顺德区 of 顺德区大良街道), and without the other years of a
    series (one place's body) that has a report of the one year asked
    (``qa.analyse.intent.report_years.of_year_asked``); empty when that leaves all of them."""
    unasked_years: tuple[int, ...] = ()
    """Years of ``years`` written only in a title (《…（2021—2025年）》) or as a range's ends:
    a name, not the time asked; they steer no ranking (``ranking_years``)."""
    report_years: tuple[int, ...] = ()
    """Years named as the report's own (会仙镇2023年度法治政府建设报告: 2023)."""
    date_asked: bool = False
    """It asks a date (哪天发布, 何时印发, when was it published): a passage stating one to the
    day answers (``qa.retrieve.prefer``)."""
    organ: str | None = None
    """The organ it names after its place, by the reports' name for it (市监局 → 市场监督管理局),
    ``""`` for the place's government, None when it names none (``qa.analyse.places.bodies``)."""
    organ_unreported: Notice | None = None
    """Set when it names an organ of a place none of whose reports is of that organ."""
    organ_written: str = ""
    """The organ as written, when a report of the place is of it (市场监管局): like the place,
    it names the report, not a topic the report must mention."""
    place_doc_ids: tuple[str, ...] = ()
    """The reports of the places named, whatever their body (a year a department's report
    covers is covered for the place, whose government the question may name)."""

    @property
    def ranking_years(self) -> tuple[int, ...]:
        """The years the question asks about, for ranking: ``years`` less ``unasked_years``."""
        return tuple(y for y in self.years if y not in self.unasked_years)

    @property
    def has_report_words(self) -> bool:
        """Whether its words can occur in the (Chinese) reports: it has Chinese, or glossary terms.

        Without them (English the glossary cannot bridge) only meaning relates it to a report.
        """
        return self.chinese or bool(self.bridged)
