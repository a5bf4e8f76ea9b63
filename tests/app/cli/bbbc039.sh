# Sourced by CLI tests.
# bbbc039_dir: prints the BBBC039 test fixtures' folder (tests/fixtures/bbbc039 of the source tree $source_dir).
bbbc039_dir() { echo "${source_dir:?the CLI test sets source_dir}/tests/fixtures/bbbc039"; }

# make_tiny_bbbc039 SOURCE DEST copies the first two names of each split of the BBBC039 folder
# SOURCE (images, masks and split files) into DEST, a data set small enough to train in seconds.
make_tiny_bbbc039() {
  local source="$1" dest="$2" split name
  mkdir -p "$dest/images" "$dest/masks"
  for split in training validation test; do
    head -n 2 "$source/$split.txt" >"$dest/$split.txt"
    while read -r name; do
      cp "$source/masks/$name" "$dest/masks/"; cp "$source/images/${name%.png}.tif" "$dest/images/"
    done <"$dest/$split.txt"
  done
}
