#!/usr/bin/env bash
# Installs the released aims binary for this runner, for the GitHub Action
# (action.yml). Usage: install-aims.sh REF DEST
#
# REF is the ref the workflow pinned the action to (github.action_ref). When
# it is a release tag (v1.2.3) and the release has an archive for this
# runner's OS and architecture, the archive and the release's checksums.txt
# are downloaded, the archive's SHA-256 is checked against it, and the binary
# is written to DEST (aims or aims.exe). It then prints found=true, else
# found=false (the action then builds aims from source): a branch, a commit,
# a major-version tag such as v1, a release without this platform, or no
# release of that tag. A release whose checksum is missing or does not match
# is an error, never a fallback.
#
# RUNNER_OS and RUNNER_ARCH come from the runner; AIMS_RELEASE_BASE (default
# https://github.com/aimsdev/aims/releases/download) lets tests serve the
# releases from a folder (file:///...).
set -euo pipefail

ref=${1-}
dest=${2:?usage: install-aims.sh REF DEST}
base=${AIMS_RELEASE_BASE:-https://github.com/aimsdev/aims/releases/download}

found() {
  echo "found=$1"
  exit 0
}

if ! [[ $ref =~ ^v[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$ ]]; then
  echo "aims: $ref is not a release tag: building aims from source" >&2
  found false
fi
case "${RUNNER_OS-}" in
  Linux) os=linux ;;
  macOS) os=darwin ;;
  Windows) os=windows ;;
  *) echo "aims: no release binary for the runner OS ${RUNNER_OS-}" >&2; found false ;;
esac
case "${RUNNER_ARCH-}" in
  X64) arch=amd64 ;;
  ARM64) arch=arm64 ;;
  *) echo "aims: no release binary for the runner architecture ${RUNNER_ARCH-}" >&2; found false ;;
esac
ext=tar.gz exe=""
if [ "$os" = windows ]; then ext=zip exe=.exe; fi
archive="aims_${ref#v}_${os}_${arch}.$ext"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if ! curl -fsSL --retry 3 -o "$tmp/$archive" "$base/$ref/$archive"; then
  echo "aims: the release $ref has no $archive: building aims from source" >&2
  found false
fi
if ! curl -fsSL --retry 3 -o "$tmp/checksums.txt" "$base/$ref/checksums.txt"; then
  echo "::error title=aims::the release $ref has $archive but no checksums.txt, so the binary cannot be verified"
  exit 1
fi
want=$(awk -v f="$archive" '$2 == f { print $1 }' "$tmp/checksums.txt")
if command -v sha256sum >/dev/null; then
  got=$(sha256sum "$tmp/$archive" | awk '{ print $1 }')
else
  got=$(shasum -a 256 "$tmp/$archive" | awk '{ print $1 }')
fi
if [ -z "$want" ] || [ "$got" != "$want" ]; then
  echo "::error title=aims::the SHA-256 of $archive ($got) does not match the release's checksums.txt (${want:-no entry}): not using it"
  exit 1
fi
mkdir -p "$tmp/x"
if [ "$ext" = zip ]; then
  unzip -q "$tmp/$archive" -d "$tmp/x"
else
  tar -xzf "$tmp/$archive" -C "$tmp/x"
fi
if [ ! -f "$tmp/x/aims$exe" ]; then
  echo "::error title=aims::$archive holds no aims$exe"
  exit 1
fi
mkdir -p "$(dirname "$dest")"
mv "$tmp/x/aims$exe" "$dest"
chmod +x "$dest"
echo "aims: using the release binary of $ref ($archive, SHA-256 verified)" >&2
found true
