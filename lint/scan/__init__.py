"""From files to findings: discovery, reading, the Python and Markdown scanners, suppressions."""
