#!/usr/bin/env bash
# Downloads the full BBBC039 nuclei set (Broad Bioimage Benchmark Collection, https://bbbc.broadinstitute.org/BBBC039,
# CC0; Caicedo et al., Cytometry A 95(9):952-965, 2019) into FOLDER, laid out as data.root and
# HYPERA_BBBC039_DIR expect it: images/*.tif, masks/*.png, training.txt, validation.txt, test.txt.
#   scripts/get_bbbc039.sh FOLDER      (about 80 MB; needs curl and python3)
# The tests do not need it (they read tests/fixtures/bbbc039); the benchmarks, results and configs/bbbc039.ini do.
set -euo pipefail
dest="${1:?usage: scripts/get_bbbc039.sh FOLDER}"
url=https://data.broadinstitute.org/bbbc/BBBC039
command -v curl >/dev/null || { echo "get_bbbc039: curl is needed" >&2; exit 1; }
command -v python3 >/dev/null || { echo "get_bbbc039: python3 is needed (to unzip)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for archive in images masks metadata; do
  echo "downloading $url/$archive.zip"
  curl --fail --location --silent --show-error --retry 2 --output "$work/$archive.zip" "$url/$archive.zip" ||
    { echo "get_bbbc039: could not download $url/$archive.zip (no network?)" >&2; exit 1; }
  python3 -m zipfile -e "$work/$archive.zip" "$work/unpacked"
done

# The archives hold images/, masks/ and metadata/ (and macOS __MACOSX/ entries, left out here).
echo "writing $dest"
mkdir -p "$dest/images" "$dest/masks"
mv "$work"/unpacked/images/*.tif "$dest/images/"
mv "$work"/unpacked/masks/*.png "$dest/masks/"
mv "$work"/unpacked/metadata/{training,validation,test}.txt "$dest/"
echo "BBBC039: $(ls "$dest/images" | wc -l) images, $(ls "$dest/masks" | wc -l) masks in $dest;" \
     "configure with -DHYPERA_BBBC039_DIR=$dest or set data.root=$dest"
