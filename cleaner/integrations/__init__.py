"""Steps for other pipeline frameworks; each module needs its framework installed (an extra)."""
