"""The static provider cap adapts to errors (conflations are read in prose only)."""
