# Sourced by CLI tests.
# bbbc039_dir: prints the real BBBC039 folder (HYPERA_BBBC039_DIR, set by CTest from the CMake setting of
# the same name), or says where it looked and exits 1 when it is not there.
bbbc039_dir() {
  local dir="${HYPERA_BBBC039_DIR:?HYPERA_BBBC039_DIR is not set (CTest sets it)}"
  if [ ! -f "$dir/training.txt" ]; then
    echo "FAIL: no BBBC039 data set at $dir (configure with -DHYPERA_BBBC039_DIR=FOLDER)" >&2
    exit 1
  fi
  echo "$dir"
}

# make_tiny_bbbc039 SOURCE DEST copies the first two names of each official split of the BBBC039 folder
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
