#!/usr/bin/env bash
# Regenerates test/conformance/goldens/*.json by replaying cases/*.json through
# containerd 1.6.20's oci package (Debian's golang-github-containerd-containerd-dev)
# with the Go driver in driver/, built in GOPATH mode. Installs nothing.
#
#   test/conformance/regenerate.sh            # all case files
#   test/conformance/regenerate.sh core-env   # only cases/core-env.json
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
gocode="${OCISPEC_GOCODE:-/usr/share/gocode}"
oci_pkg="$gocode/src/github.com/containerd/containerd/oci"

die() { echo "regenerate.sh: $*" >&2; exit 1; }

command -v go >/dev/null 2>&1 ||
  die "go not found: apt-get install golang-go golang-github-containerd-containerd-dev"
[ -f "$oci_pkg/spec_opts.go" ] ||
  die "containerd's oci package not found under $gocode: apt-get install golang-github-containerd-containerd-dev"
if command -v dpkg-query >/dev/null 2>&1; then
  version="$(dpkg-query -W -f='${Version}' golang-github-containerd-containerd-dev 2>/dev/null || true)"
  case "$version" in
    1.6.20*) ;;
    "") die "golang-github-containerd-containerd-dev is not installed" ;;
    *) die "golang-github-containerd-containerd-dev is $version, goldens are for 1.6.20" ;;
  esac
fi

bin="$(mktemp -d)"
trap 'rm -rf "$bin"' EXIT
cd "$here"
GO111MODULE=off GOPATH="$gocode" GOFLAGS= go build -o "$bin/driver" ./driver ||
  die "building the driver failed"

mkdir -p goldens
if [ "$#" -gt 0 ]; then
  files=()
  for name in "$@"; do files+=("cases/${name%.json}.json"); done
else
  files=(cases/*.json)
fi

total=0
for file in "${files[@]}"; do
  [ -f "$file" ] || die "no such case file: $file"
  out="goldens/$(basename "$file")"
  # The driver runs in test/conformance: fixture paths in cases are relative to it.
  "$bin/driver" "$file" >"$out.tmp" || { rm -f "$out.tmp"; die "driver failed on $file"; }
  mv "$out.tmp" "$out"
  n="$(grep -c '^  {$' "$out" || true)"
  total=$((total + n))
  printf '%-40s %4d cases\n' "$file" "$n"
done
if grep -rl -- "$here" goldens >/dev/null 2>&1; then
  die "goldens contain the absolute path $here"
fi
echo "total: $total cases"
