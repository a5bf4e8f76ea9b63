#!/usr/bin/env bash
# Bad input through the real hypera_dist binary: each case must exit with code 2 and print exactly one
# line on stderr that names the offending file or option. Usage: bad_input_test.sh HYPERA_DIST SOURCE_DIR
set -uo pipefail
bin="$1"; source_dir="$2"
source "$source_dir/tests/app/cli/bbbc039.sh"
bbbc=$(bbbc039_dir)
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
expect_input_error "bad device" "train.device" "$bin" train --train.device=gpu --out "$work/run"
# This suite runs where LibTorch sees no CUDA device (CI has none); asking for one is then an error, not a crash.
if ! nvidia-smi -L >/dev/null 2>&1; then
  expect_input_error "no CUDA device" "train.device': 'cuda' but LibTorch sees no CUDA device" "$bin" train \
    --config "$source_dir/configs/quickstart.ini" --train.device=cuda --out "$work/run_cuda"
else
  echo "not run here (a GPU is present): train --train.device=cuda without a CUDA device"
fi
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

# Hostile headers: a size the file cannot hold fails before any allocation, naming the file; run with 3 GB of
# address space (eval of an intact mask needs under 1 GB), so a reader that allocates the declared size fails.
mask=$(ls -S "$bbbc/masks/"*.png | tail -n 1)  # the smallest (2.7 KB): inflates to at most 2.8 MB
# Under AddressSanitizer (bench/sanitize/run.sh), whose shadow memory needs terabytes of address space, the
# same cap is its largest allowed allocation instead.
capped() {
  if [ -n "${ASAN_OPTIONS:-}" ]; then
    ASAN_OPTIONS="$ASAN_OPTIONS:max_allocation_size_mb=3000:allocator_may_return_null=1" "$@"
  else
    (ulimit -v 3000000 && exec "$@")
  fi
}
png_with_size() {  # SOURCE TARGET WIDTH HEIGHT: rewrites the IHDR size and fixes its CRC
  python3 - "$@" <<'PY'
import struct, sys, zlib
data = bytearray(open(sys.argv[1], 'rb').read())
data[16:24] = struct.pack('>II', int(sys.argv[3]), int(sys.argv[4]))
data[29:33] = struct.pack('>I', zlib.crc32(bytes(data[12:29])))
open(sys.argv[2], 'wb').write(data)
PY
}
png_with_size "$mask" "$work/huge.png" 30000 30000
expect_input_error "PNG header of 30000 x 30000" "huge.png: 30000 x 30000" capped "$bin" eval --pred "$work/huge.png" --gt "$work/huge.png"
png_with_size "$mask" "$work/wide.png" 1000000 1
expect_input_error "PNG header of 1000000 x 1" "wide.png: 1000000 x 1" capped "$bin" eval --pred "$work/wide.png" --gt "$work/wide.png"
expect_input_error "invalid HYPERA_MAX_VOXELS" "HYPERA_MAX_VOXELS" env HYPERA_MAX_VOXELS=lots "$bin" eval \
  --pred "$mask" --gt "$mask"
cp "$mask" "$work/mask.png"
expect_input_error "image over HYPERA_MAX_VOXELS" "mask.png" env HYPERA_MAX_VOXELS=1000 "$bin" eval \
  --pred "$work/mask.png" --gt "$work/mask.png"

cp "$templates/ch2bet.nii.gz" "$work/damaged.nii.gz"
size=$(stat -c %s "$work/damaged.nii.gz")
printf '\x5a\x5a\x5a\x5a\x5a\x5a\x5a\x5a' | dd of="$work/damaged.nii.gz" bs=1 seek=$((size / 2)) conv=notrunc status=none
expect_input_error "damaged .nii.gz stream" "damaged.nii.gz: corrupt gzip data" "$bin" eval \
  --pred "$work/damaged.nii.gz" --gt "$templates/ch2bet.nii.gz"

finish
