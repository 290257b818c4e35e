#!/usr/bin/env bash
# Whole-process timings of aims at scale, against git and the floor program,
# on repositories written by the corpus generator. Results (hyperfine's
# Markdown tables and peak RSS) go to $AIMS_BENCH_DIR/results. It needs git,
# hyperfine and GNU time (Debian: apt-get install hyperfine time).
#
#   bench/scale.sh            # every shape (the 100k ones take a few minutes to generate)
#   bench/scale.sh plain git  # some groups: plain git history changed scale
#
# Repositories are generated once and kept in $AIMS_BENCH_DIR (default
# /tmp/aims-bench); delete the folder to regenerate them.
set -euo pipefail
W=${AIMS_BENCH_DIR:-/tmp/aims-bench}
RUNS=${RUNS:-5}
cd "$(dirname "$0")/.."
mkdir -p "$W/bin" "$W/results"
go build -o "$W/bin/aims" ./cmd/aims
go build -o "$W/bin/floor" ./internal/corpus/testdata/floor
go build -o "$W/bin/corpusgen" ./internal/corpus/testdata/corpusgen
aims=$W/bin/aims
asof="--as-of 2026-09-30"

gen() { # gen NAME corpusgen-flags...
	local name=$1
	shift
	[ -e "$W/$name" ] || "$W/bin/corpusgen" "$@" -o "$W/$name"
}

# A configuration that switches the history rules off, kept outside the repositories.
printf 'organization: Synthetic Corp\nrules: [all, -AIMS6001, -AIMS6002, -AIMS6003, -AIMS6004, -AIMS6005, -AIMS7143]\n' >"$W/no-history.yaml"

bench() { # bench NAME command...: hyperfine, interleaved, then the peak RSS of every aims command
	local name=$1
	shift
	hyperfine -N -w 1 -r "$RUNS" --export-markdown "$W/results/$name.md" "$@" >/dev/null
	: >"$W/results/$name.rss"
	for c in "$@"; do
		local kb
		kb=$( { /usr/bin/time -f '%M' sh -c "$c >/dev/null 2>&1" ; } 2>&1 | tail -1)
		echo "$((kb / 1024)) MB  $c" >>"$W/results/$name.rss"
	done
	echo "== $name"
	cat "$W/results/$name.md" "$W/results/$name.rss"
}

# changed NAME REPO: a copy of REPO with one artifact changed, for --changed.
changed() {
	local copy=$W/$1-changed
	if [ ! -e "$copy" ]; then
		cp -a "$W/$2" "$copy"
		sed -i 's/^purpose: supports decisions$/purpose: supports credit decisions/' "$copy/systems/sys-00001.yaml"
	fi
	echo "$copy"
}

groups=${*:-plain git history changed scale}
for g in $groups; do
	case $g in
	plain) # aims against the floor in a plain folder
		gen p10k -n 10000
		bench plain-10k "$W/bin/floor $W/p10k" "$aims lint $asof $W/p10k"
		;;
	git) # the same files in git (one commit), history rules off
		gen p10k -n 10000
		gen g10k -n 10000 -commits 0
		bench git-10k "$W/bin/floor $W/p10k" "$aims lint $asof --config $W/no-history.yaml $W/p10k" \
			"$aims lint $asof --config $W/no-history.yaml $W/g10k" "$aims lint $asof --rev HEAD --config $W/no-history.yaml $W/g10k"
		;;
	history) # every rule, against git log, on long histories
		gen h10k -n 10000 -commits 8000 -register 37
		gen h10k-noreg -n 10000 -commits 8000
		gen h50k -n 200 -commits 50000 -touch 0 -hot governance/policy.md
		for r in h10k h10k-noreg h50k; do
			bench "history-$r" "git -C $W/$r log --name-only --no-renames --format=%H HEAD" \
				"$aims lint $asof --config $W/no-history.yaml $W/$r" "$aims lint $asof $W/$r"
		done
		;;
	changed) # --changed with one file changed, against what git needs to find it
		gen h10k -n 10000 -commits 8000 -register 37
		gen pc500 -n 500 -commits 500
		for r in h10k pc500; do
			c=$(changed "$r" "$r")
			bench "changed-$r" "git -C $c status --porcelain" "git -C $c diff --name-only" \
				"$aims lint $asof --changed $c" "$aims lint $asof $c"
		done
		;;
	scale) # 10k against 100k, plain and in git
		gen p10k -n 10000
		gen p100k -n 100000
		gen g10k -n 10000 -commits 0
		gen g100k -n 100000 -commits 0
		bench scale-plain "$W/bin/floor $W/p10k" "$W/bin/floor $W/p100k" "$aims lint $asof $W/p10k" "$aims lint $asof $W/p100k"
		bench scale-git "$aims lint $asof $W/g10k" "$aims lint $asof $W/g100k"
		;;
	*)
		echo "bench/scale.sh: unknown group $g (plain git history changed scale)" >&2
		exit 2
		;;
	esac
done
