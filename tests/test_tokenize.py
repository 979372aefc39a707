"""BM25 word tokens (``index.store.lexical.tokenize``): domain dictionary, stop words, folding,
spans."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.store.folder.files import make_bm25_index
from index.store.lexical.tokenize import (
    bigrams,
    bm25_tokens,
    domain_terms,
    fold,
    identifiers,
    stop_words,
    tokenize,
    tokenize_with_spans,
)
from qa import Engine
from qa.answer.highlight import highlights

SENTENCE = (
    "镇政府全面推进行政复议和综合行政执法改革，落实八五普法规划，聘请法律顾问，深化府院联动机制。"
)
WHOLE_WORDS = ["行政复议", "综合行政执法", "八五普法", "法律顾问", "府院联动"]


@pytest.mark.parametrize("word", WHOLE_WORDS)
def test_user_dictionary_words_stay_whole(word: str) -> None:
    assert word in domain_terms()
    assert word in tokenize(SENTENCE)
    assert word in [w for w, _, _ in tokenize_with_spans(SENTENCE)]


@pytest.mark.parametrize("word", WHOLE_WORDS)
def test_domain_word_alone_is_one_token_plus_its_subwords(word: str) -> None:
    tokens = tokenize(word)
    assert word in tokens
    # search mode adds sub-words, but never pieces that cross the word's boundary
    assert all(t in word for t in tokens)


def test_stop_words_are_removed() -> None:
    stops = stop_words()
    assert {"的", "了", "和", "什么", "哪些", "the", "of"} <= stops
    tokens = tokenize("请问我们的法律顾问和行政复议工作开展了哪些？What is the plan of it")
    assert tokens, "content words must survive"
    assert not set(tokens) & stops
    assert {"法律顾问", "行政复议", "plan"} <= set(tokens)


def test_words_that_report_a_report_are_stop_words() -> None:
    # "有份报告说…", "报告里提到…": how the asker refers to a report, not what is asked
    assert tokenize("有份报告说，报告里提到") == []


def test_only_stop_words_and_punctuation_give_no_tokens() -> None:
    assert tokenize("的了和，。！？ the of and") == []
    assert tokenize("") == []
    assert tokenize("   \n\t") == []


def test_english_words_are_lower_cased() -> None:
    assert tokenize("Legal AID Office") == ["legal", "aid", "office"]
    assert tokenize("XIHU District") == ["xihu", "district"]


def test_digits_are_kept_as_tokens() -> None:
    assert "2023" in tokenize("2023年出庭应诉率100%")
    assert "100" in tokenize("2023年出庭应诉率100%")


def test_a_date_unit_after_a_number_stands_alone() -> None:
    """ "2024年罚了多少钱": the hidden Markov model would join 年罚; "2023年度" keeps 年度."""
    assert "罚" in tokenize("2024年罚了多少钱")
    assert "市政府" in tokenize("2023年市政府")
    assert "年度" in tokenize("2023年度报告") and "年均" in tokenize("2023年均")


def test_full_width_forms_are_folded() -> None:
    assert fold("ＡＢＣ１２３") == "abc123"
    assert tokenize("ＡＢＣ１２３") == ["abc123"]
    assert tokenize("２０２３年行政复议") == tokenize("2023年行政复议")
    assert tokenize("Ｌｅｇａｌ　Ａｉｄ") == ["legal", "aid"]


def test_punctuation_is_dropped() -> None:
    tokens = tokenize("“八五”普法——法律顾问（试点）！")
    assert all(t.strip("“”—（）！，。") == t and t for t in tokens)
    assert "法律顾问" in tokens


@pytest.mark.parametrize(
    "text",
    [
        SENTENCE,
        "ＡＢＣ１２３行政复议２０２３年",  # full width: same length after folding
        "Legal Aid 法律援助 2023",
        "行政复议…Legal 府院联动",  # "…" folds to "...": the raw text is cut instead
        "①行政复议②法律顾问",
    ],
)
def test_spans_match_the_text(text: str) -> None:
    spans = tokenize_with_spans(text)
    assert spans
    for word, start, end in spans:
        assert 0 <= start < end <= len(text)
        assert fold(text[start:end]) == word or text[start:end].lower() == word


def test_spans_tokens_agree_with_tokenize() -> None:
    assert [w for w, _, _ in tokenize_with_spans(SENTENCE)] == tokenize(SENTENCE)


def test_spans_skip_stop_words() -> None:
    words = [w for w, _, _ in tokenize_with_spans("我们的工作和法律顾问")]
    assert "的" not in words and "和" not in words and "法律顾问" in words


def test_spans_on_a_seed_report(seed_texts: dict[str, str]) -> None:
    text = next(iter(seed_texts.values()))[:3000]
    spans = tokenize_with_spans(text)
    assert len(spans) > 100
    for word, start, end in spans:
        assert fold(text[start:end]) == word


_ALPHABET = st.sampled_from(
    list("行政复议法律顾问综合执法八五普法府院联动镇区的和了")
    + list("abcXYZ019 ，。！？")
    + list("ＡＢＣ１２３")
)


@settings(max_examples=200, deadline=None)
@given(st.text(_ALPHABET, max_size=40))
def test_spans_always_index_the_text(text: str) -> None:
    for word, start, end in tokenize_with_spans(text):
        assert fold(text[start:end]) == word


def test_spans_survive_characters_whose_lower_case_is_longer() -> None:
    text = "İstanbul 行政复议"
    spans = [(w, s, e) for w, s, e in tokenize_with_spans(text) if w == "行政复议"]
    assert spans
    assert all(text[s:e] == "行政复议" for _, s, e in spans)


# -- character pairs for BM25 -------------------------------------------------------------------
def test_bigrams_are_overlapping_pairs_within_chinese_runs() -> None:
    assert bigrams("行政复议，ABC 普法") == ["行政", "政复", "复议", "普法"]


def test_bigrams_skip_stop_word_pairs_and_single_characters() -> None:
    pairs = bigrams("我们的")  # "我们" is a stop word; "们的" is not
    assert "我们" not in pairs and pairs == ["们的"]
    assert bigrams("法") == [] and bigrams("") == []


def test_bm25_tokens_are_words_then_pairs() -> None:
    text = "独流镇推进八五普法"
    assert bm25_tokens(text) == tokenize(text) + bigrams(text)
    assert "八五普法" in bm25_tokens(text) and "五普" in bm25_tokens(text)


def test_identifiers_keep_a_chinese_character_with_the_code_it_touches() -> None:
    assert identifiers("张x6与母亲") == ["张x6", "x6与"]
    assert identifiers("Ｇ107国道") == ["g107国"]  # folded like every token
    assert identifiers("行政复议 2023 年") == []  # a space separates them


def test_years_and_dates_are_not_identifiers() -> None:
    assert identifiers("溪湖区2023年度，5月12日，第3号") == ["第3"]
    assert identifiers("马62于1999年") == ["马62", "62于"]


def test_identifiers_count_twice_in_bm25_tokens() -> None:
    tokens = bm25_tokens("原告张x6诉称")
    assert tokens.count("张x6") == 2
    assert tokens[: len(tokenize("原告张x6诉称"))] == tokenize("原告张x6诉称")


def test_bm25_ranks_the_passage_with_the_same_coded_name_first() -> None:
    # Both hold the characters 张 and 李 and the codes x3 and x6; only the pairing differs.
    passages = ["原告李x6与被告张x3系母女关系", "原告张x6与被告李x3系母女关系", "另查明"]
    index = make_bm25_index([bm25_tokens(p) for p in passages])
    scores = index.get_scores(bm25_tokens("张x3的诉求"))
    assert int(scores.argmax()) == 0 and scores[0] > scores[1]


def test_query_info_keeps_words_and_lexical_tokens_apart(engine: Engine) -> None:
    info = engine.analyzer.analyze("独流镇推进八五普法")
    assert "五普" not in info.tokens  # highlights and answers use words only
    assert "五普" in info.lexical  # BM25 also matches the pairs


@pytest.mark.parametrize("filler", ["一共", "总共", "大概", "啥"])
def test_question_fillers_are_stop_words(filler: str) -> None:
    assert filler not in tokenize(f"溪湖区{filler}有多少名法律明白人")


def test_spans_of_wanted_words_are_those_of_the_whole_text(engine) -> None:  # noqa: ANN001
    """Only the runs holding a wanted word are cut: the same spans as cutting everything."""
    from index.store.lexical.tokenize import tokenize

    passages = list(engine.passages)
    for i, passage in enumerate(passages):
        other = passages[(i * 7 + 3) % len(passages)].text[:40]
        whole = tokenize_with_spans(passage.text)
        wanted = set(tokenize(other)) | {w for w, _, _ in whole[::5]}
        restricted = tokenize_with_spans(passage.text, wanted)
        assert [t for t in restricted if t[0] in wanted] == [t for t in whole if t[0] in wanted]


def _highlighted_by_whole_cut(text: str, tokens: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """The highlights as every run of the text cut whole would give them."""
    found = sorted(
        ((s, e) for w, s, e in tokenize_with_spans(text) if w in tokens and len(w) > 1),
        key=lambda span: (span[0] - span[1], span[0]),
    )
    taken: list[tuple[int, int]] = []
    for start, end in found:
        if all(end <= s or start >= e for s, e in taken):
            taken.append((start, end))
    return tuple(sorted(taken))


@settings(max_examples=200, deadline=None)
@given(st.text(_ALPHABET, max_size=60), st.lists(st.text(_ALPHABET, max_size=4), max_size=6))
def test_highlights_cut_only_runs_with_a_longer_word(text: str, words: list[str]) -> None:
    """Runs holding none of the question's words of two characters or more are not cut, and
    runs are remembered: the spans are those of cutting every run (single characters and
    repeated runs included)."""
    tokens = (*words, *tokenize(text)[:3], "行", "法")
    for long in (text, text * 3):  # runs of more than MEMO_RUN characters are not remembered
        for _ in range(2):  # the second time from the remembered runs
            marks = highlights(long, tokens)
            spans = tuple((m.start, m.end) for m in marks)
            assert spans == _highlighted_by_whole_cut(long, tokens)
