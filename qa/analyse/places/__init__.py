"""Places and bodies: the indexed reports' places, and those a question names."""
