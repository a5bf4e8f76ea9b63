#!/usr/bin/env bash
# Rebuilds tests/fixtures/bbbc039, the BBBC039 fields the test suite reads, from a full copy of the set:
#   scripts/make_test_fixtures.sh [BBBC039_FOLDER]   (default: ../shared/data/bbbc039 beside the repository)
# Whole files, copied byte for byte (images/*.tif and masks/*.png). The split files keep the official
# assignment: the first three fields of training.txt, the first of validation.txt, the second of test.txt
# (the smaller of the first two), and the mask of a validation field without nuclei for the empty-mask
# cases (its image is left out; no split file names it).
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
source_dir="${1:-$repo/../shared/data/bbbc039}"
dest="$repo/tests/fixtures/bbbc039"
empty=IXMtest_L10_s6_w12D12D64C-2639-4CA8-9BB4-99F92C9B7068.png
[ -f "$source_dir/training.txt" ] || { echo "no BBBC039 data set at $source_dir" >&2; exit 1; }

rm -rf "$dest/images" "$dest/masks"
mkdir -p "$dest/images" "$dest/masks"
sed -n 1,3p "$source_dir/training.txt" >"$dest/training.txt"
sed -n 1p "$source_dir/validation.txt" >"$dest/validation.txt"
sed -n 2p "$source_dir/test.txt" >"$dest/test.txt"
cat "$dest/training.txt" "$dest/validation.txt" "$dest/test.txt" | while read -r name; do
  cp "$source_dir/masks/$name" "$dest/masks/"
  cp "$source_dir/images/${name%.png}.tif" "$dest/images/"
done
cp "$source_dir/masks/$empty" "$dest/masks/"
chmod 644 "$dest"/images/* "$dest"/masks/*
du -b -s "$dest"
