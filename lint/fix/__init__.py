"""Safe fixes: style-preserving renames at exact spans, written atomically."""
