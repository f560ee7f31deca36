#!/usr/bin/env bash
# One command for the benchmark: install vocab-lint and its peers, then time them side by
# side. Arguments go to bench.py (--quick for a smoke run, --help for the rest).
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v rg >/dev/null; then
  # Debian's ripgrep (the PyPI package builds from source and fails offline).
  [ "$(id -u)" = 0 ] && apt-get install -y -qq ripgrep >/dev/null || echo "install ripgrep to compare with rg" >&2
fi
python -m pip install --quiet . typos matplotlib ruff
fixit_venv="$(pwd)/benchmarks/.venv-fixit"
if [ ! -x "$fixit_venv/bin/fixit" ]; then
  # Fixit needs click < 8.2, so it gets an environment of its own.
  python -m venv "$fixit_venv"
  "$fixit_venv/bin/python" -m pip install --quiet fixit "click<8.2"
fi
exec python benchmarks/bench.py --fixit "$fixit_venv/bin/fixit" "$@"
