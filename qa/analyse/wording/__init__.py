"""How a question is written: sounds, pinyin, English, its counters' English names."""
