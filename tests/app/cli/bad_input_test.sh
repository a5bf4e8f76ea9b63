#!/usr/bin/env bash
# Bad input through the real hypera_dist binary: each case must exit with code 2 and print exactly one
# line on stderr that names the offending file or option. Usage: bad_input_test.sh HYPERA_DIST SOURCE_DIR
set -uo pipefail
bin="$1"; source_dir="$2"
source "$source_dir/tests/app/cli/bbbc039.sh"
bbbc=$(bbbc039_dir) || exit 1
templates=/usr/share/mricron/templates
dicom=/usr/lib/python3/dist-packages/pydicom/data/test_files/CT_small.dcm
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
source "$source_dir/tests/app/cli/checks.sh"

# A BBBC039 root with one image per split, to damage one file at a time.
make_root() {
  local root="$1"; mkdir -p "$root/images" "$root/masks"
  for split in training validation test; do
    local name; name=$(head -n 1 "$bbbc/$split.txt")
    echo "$name" >"$root/$split.txt"
    cp "$bbbc/masks/$name" "$root/masks/"; cp "$bbbc/images/${name%.png}.tif" "$root/images/"
  done
}
prepare_bbbc() { "$bin" prepare --data.source=bbbc039 --data.root="$1" --data.prepared="$work/out.h5"; }

expect_input_error "unknown command" "frobnicate" "$bin" frobnicate
printf '[train]\nepoch = 3\n' >"$work/unknown.ini"
expect_input_error "unknown config key" "train.epoch" "$bin" train --config "$work/unknown.ini" --out "$work/run"
expect_input_error "value out of range" "optim.lr" "$bin" train --optim.lr=5 --out "$work/run"
expect_input_error "bad choice" "train.optimizer" "$bin" train --train.optimizer=rmsprop --out "$work/run"
expect_input_error "missing config file" "nope.ini" "$bin" train --config "$work/nope.ini" --out "$work/run"

make_root "$work/tiff"
tif=$(ls "$work/tiff/images/"*.tif | head -n 1); truncate -s $(( $(stat -c %s "$tif") / 2 )) "$tif"
expect_input_error "truncated TIFF" "$(basename "$tif")" prepare_bbbc "$work/tiff"

make_root "$work/png"
png=$(ls "$work/png/masks/"*.png | head -n 1); truncate -s $(( $(stat -c %s "$png") / 2 )) "$png"
expect_input_error "truncated PNG" "$(basename "$png")" prepare_bbbc "$work/png"

make_root "$work/split"
echo "no_such_image.png" >>"$work/split/training.txt"
expect_input_error "split names a missing file" "no_such_image" prepare_bbbc "$work/split"

head -c 3000000 "$templates/ch2.nii.gz" >"$work/truncated.nii.gz"
expect_input_error "truncated NIfTI" "truncated.nii.gz" "$bin" prepare --data.image="$work/truncated.nii.gz" \
  --data.prepared="$work/out.h5"

expect_input_error "image and mask of different sizes" "JHU-WhiteMatter-labels-2mm" "$bin" prepare \
  --data.mask="$templates/JHU-WhiteMatter-labels-2mm.nii.gz" --data.prepared="$work/out.h5"

head -c 2000 "$dicom" >"$work/broken.dcm"
expect_input_error "corrupt DICOM" "broken.dcm" "$bin" prepare --data.image="$work/broken.dcm" \
  --data.mask="$work/broken.dcm" --data.prepared="$work/out.h5"

"$bin" prepare --data.prepared="$work/good.h5" >/dev/null
head -c $(( $(stat -c %s "$work/good.h5") / 2 )) "$work/good.h5" >"$work/truncated.h5"
expect_input_error "truncated HDF5" "truncated.h5" "$bin" train --data.source=prepared \
  --data.prepared="$work/truncated.h5" --out "$work/run"
echo "not hdf5" >"$work/text.h5"
expect_input_error "not an HDF5 file" "text.h5" "$bin" train --data.source=prepared \
  --data.prepared="$work/text.h5" --out "$work/run"

finish
