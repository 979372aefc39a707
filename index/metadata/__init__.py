"""Metadata: title, place (from the gazetteer), year, publisher, header fields."""
