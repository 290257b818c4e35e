#!/usr/bin/env bash
# aims trend at scale: 24 monthly points on 10,000 artifacts and 8,000
# commits spread over 25 months, against one aims lint of the same
# repository (hyperfine, interleaved). It needs hyperfine (Debian: apt-get
# install hyperfine). The repository is generated once in $AIMS_BENCH_DIR
# (default /tmp/aims-bench); delete it to regenerate.
set -euo pipefail
W=${AIMS_BENCH_DIR:-/tmp/aims-bench}
RUNS=${RUNS:-3}
cd "$(dirname "$0")/.."
mkdir -p "$W/bin" "$W/results"
go build -o "$W/bin/aims" ./cmd/aims
go build -o "$W/bin/corpusgen" ./internal/corpus/testdata/corpusgen
[ -e "$W/t10k" ] || "$W/bin/corpusgen" -n 10000 -commits 8000 -register 37 -months 25 -o "$W/t10k"
hyperfine -N -i -w 0 -r "$RUNS" --export-markdown "$W/results/trend-10k.md" \
	"$W/bin/aims lint --as-of 2026-09-30 $W/t10k" \
	"$W/bin/aims trend --from 2024-10-01 --to 2026-09-30 $W/t10k" >/dev/null
cat "$W/results/trend-10k.md"
