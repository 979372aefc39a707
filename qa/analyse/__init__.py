"""Analyse: what a question asks (places, years, parts, terms; follow-ups; filters).

``query`` is the analyser and ``queryinfo`` what it finds; ``places`` finds the places and bodies a
question names, ``wording`` reads how it is written (sounds, pinyin, English), ``intent`` what it
asks beyond its topic (a field, a count, a bound, a part of a report, a year); ``chat`` carries
follow-ups, ``filters`` and ``conflicts`` read the filters a caller sets.
"""
