#!/usr/bin/env bash
# Builds test/asn1c/build/asn1c-rt: asn1c 0.9.28's BER/DER codecs for the CSTA modules plus
# driver.c (see README.md). Idempotent: does nothing when build/ was made from the same inputs.
#
#   test/asn1c/build.sh [modules-dir]
#
# modules-dir: the project's asn1/ (default; uses ecma-285/*.asn1 and hipath/*.asn1), or a flat
# directory like ../shared/reference/asn1 (uses every *.asn1 except the itu-t_* ROSE/ACSE files).
# ACSE always comes from acse-subset.asn1 here. Needs asn1c (apt-get install asn1c), gcc, node.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
input="${1:-$here/../../asn1}"
build="$here/build"
jobs="${ASN1C_JOBS:-$(nproc 2>/dev/null || echo 2)}"

die() { echo "build.sh: $*" >&2; exit 1; }
step() { echo "build.sh: $*"; }

for tool in asn1c gcc node sha256sum; do
  command -v "$tool" >/dev/null || die "$tool not found; install it (asn1c: apt-get install -y asn1c)"
done
asn1c_version="$(asn1c -v 2>&1 | head -1)"
[[ "$asn1c_version" == *"v0.9.28"* ]] || die "expected asn1c v0.9.28 (Debian), found: $asn1c_version"
[[ -d "$input" ]] || die "module directory $input does not exist; pass one (e.g. /work/shared/reference/asn1)"
input="$(cd "$input" && pwd)"

# The module files, in a stable order.
if [[ -d "$input/ecma-285" ]]; then
  mapfile -t modules < <(find "$input/ecma-285" "$input/hipath" -maxdepth 1 -name '*.asn1' 2>/dev/null | LC_ALL=C sort)
else
  mapfile -t modules < <(find "$input" -maxdepth 1 -name '*.asn1' ! -name 'itu-t_*' | LC_ALL=C sort)
fi
(( ${#modules[@]} > 0 )) || die "no *.asn1 modules in $input (looked in ecma-285/ and hipath/, else the directory itself)"
modules+=("$here/acse-subset.asn1")

# Skip everything when the inputs have not changed since the last successful build.
hash="$( {
  echo "$asn1c_version"; gcc --version | head -1; echo "jobs=$jobs"
  sha256sum "$here/build.sh" "$here/prepare.mjs" "$here/asn1-scan.mjs" "$here/unity.mjs" "$here/driver.c"
  sha256sum "${modules[@]}"
} | sha256sum | cut -d' ' -f1)"
if [[ -x "$build/asn1c-rt" && -f "$build/names.json" && "$(cat "$build/inputs.sha256" 2>/dev/null)" == "$hash" ]]; then
  step "up to date ($build/asn1c-rt, inputs ${hash:0:12})"
  exit 0
fi

start=$(date +%s.%N)
rm -rf "$build/asn1" "$build/gen" "$build/obj" "$build/asn1c-rt" "$build/inputs.sha256"
mkdir -p "$build/gen" "$build/obj"

step "working copy of ${#modules[@]} modules from $input -> $build/asn1"
node "$here/prepare.mjs" "$build" "${modules[@]}" || die "prepare.mjs failed (message above)"

step "asn1c -fcompound-names -fno-include-deps (log: $build/asn1c.log)"
if ! (cd "$build/gen" && asn1c -fcompound-names -fno-include-deps ../asn1/*.asn1) >"$build/asn1c.log" 2>&1; then
  grep -E 'FATAL|error|Cannot' "$build/asn1c.log" | head -20 >&2 || tail -20 "$build/asn1c.log" >&2
  die "asn1c could not compile the working copy in $build/asn1 (full log: $build/asn1c.log)"
fi
grep -E '^WARNING' "$build/asn1c.log" | sort | uniq -c | sed 's/^/  asn1c: /' || true
generated=$(grep -c '^Compiled .*\.c$' "$build/asn1c.log" || true)

step "gcc -O1: $generated generated files in $jobs unity units, asn1c's skeletons, driver.c ($jobs jobs)"
mapfile -t units < <(node "$here/unity.mjs" "$build/gen" "$jobs" "$build/asn1c.log")
mapfile -t skeletons < <(sed -n 's/^Copied .*[[:space:]]-> \(.*\.c\)$/\1/p' "$build/asn1c.log" | grep -v '^converter-sample\.c$' | sed "s|^|$build/gen/|")
compile_start=$(date +%s.%N)
# Longest jobs first: the unity units, then the skeletons, then our two files.
printf '%s\n' "${units[@]}" "${skeletons[@]}" "$build/types-table.c" |
  xargs -P "$jobs" -I{} sh -c 'gcc -O1 -w -I"$1" -c "$2" -o "$3/$(basename "$2" .c).o" || exit 255' _ "$build/gen" {} "$build/obj" ||
  die "gcc failed on asn1c's output (messages above)"
gcc -O1 -Wall -Wextra -Wno-cpp -I"$build/gen" -c "$here/driver.c" -o "$build/obj/driver.o" || die "gcc failed on driver.c"
if ! gcc -o "$build/asn1c-rt" "$build"/obj/*.o -lm >"$build/link.log" 2>&1; then
  grep -m 15 'undefined reference\|multiple definition\|error' "$build/link.log" >&2 || true
  die "linking asn1c-rt failed (log: $build/link.log); a names.json entry without asn_DEF_ shows up as 'undefined reference'"
fi
end=$(date +%s.%N)

reply="$(echo 'SystemStatusArg 30030A0102' | "$build/asn1c-rt")"
[[ "$reply" == "OK 30030A0102" ]] || die "self-check failed: SystemStatusArg 30030A0102 gave \"$reply\""
echo "$hash" >"$build/inputs.sha256"
types=$(grep -c '": "' "$build/names.json" || true)
step "built $build/asn1c-rt ($types types): gcc+link $(awk "BEGIN{printf \"%.1f\", $end - $compile_start}") s, total $(awk "BEGIN{printf \"%.1f\", $end - $start}") s"
