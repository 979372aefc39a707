"""The places a question names, as matched against the reports' regions: ``(form as written,
doc id)`` pairs, ``~id`` marking a report below a parent named. Which reports they name, which
are named only as a qualifier, and the text without them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def blank_places(text: str, matches: Sequence[tuple[str, str]]) -> str:
    """``text`` with the places found blanked out: the place boost already prefers their
    reports, and as words they would rank a report's shortest lines, its sender's name
    ("如东县岔河镇人民政府"), above what the question asks."""
    for form in written_forms(matches):
        text = text.replace(form, " ")
    return text


def matched_reports(matches: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """The documents of the places matched; only a parent region named (番禺, 天津): all its
    reports. A name several reports' regions share (白云区) is narrowed by a division above one
    of them named too (广州白云区) — by another name than its own: 临桂 names both 临桂区 and
    its seat 临桂镇, and picks neither over the other."""
    own = list(dict.fromkeys(d for _, d in matches if not d.startswith("~")))
    own_forms = {(f, d) for f, d in matches if not d.startswith("~")}
    above = {d[1:] for f, d in matches if d.startswith("~") and (f, d[1:]) not in own_forms}
    narrowed = [d for d in own if d in above]
    return tuple(narrowed or own or dict.fromkeys(d[1:] for _, d in matches))


def innermost(
    text: str,
    doc_ids: tuple[str, ...],
    matches: Sequence[tuple[str, str]],
    chain_of: Mapping[str, frozenset[str]],
) -> tuple[str, ...]:
    """``doc_ids`` without the reports of a place written right before a place below it, as
    its qualifier (顺德区 of 佛山市顺德区大良街道: 大良街道's reports, not the district's)."""
    form_of = {d: f for f, d in matches if not d.startswith("~")}
    forms = {form_of[d] for d in doc_ids if d in form_of}  # a few, however many the reports
    qualifying = {
        outer
        for inner in doc_ids
        if inner in form_of
        for outer in forms
        if outer + form_of[inner] in text
        and any(outer in parent or parent in outer for parent in chain_of.get(inner, ()))
    }
    kept = tuple(d for d in doc_ids if form_of.get(d) not in qualifying)
    return kept or doc_ids


def kind_below(
    matches: Sequence[tuple[str, str]], kinds: Sequence[str], region_of: Mapping[str, str]
) -> tuple[str, ...]:
    """The reports of divisions of the kind asked below a place named ("寿光哪个镇", "如东县
    的乡镇"): the question is about them, not about the place's own reports."""
    below = (d[1:] for _, d in matches if d.startswith("~"))
    return tuple(dict.fromkeys(d for d in below if region_of.get(d, "").endswith(tuple(kinds))))


def within(matches: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """The reports of the places matched and of every place below them."""
    return tuple(dict.fromkeys(d.removeprefix("~") for _, d in matches))


def parents_only(matches: Sequence[tuple[str, str]]) -> bool:
    return bool(matches) and all(d.startswith("~") for _, d in matches)


def written_forms(matches: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """The place names as written, longest first."""
    return tuple(sorted({name for name, _ in matches}, key=lambda f: (-len(f), f)))
