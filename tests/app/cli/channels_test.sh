#!/usr/bin/env bash
# Multi-channel input end to end through the real binary: example-data --channels 2 writes the real MRI of
# mricron-data as two co-registered channels (ch2's T1 and its brain-extracted ch2bet) in nnU-Net's layout (one
# file per channel, <case>_0000 and <case>_0001) and in MSD's (one 4D NIfTI per case); train reads either into a
# network of two input channels and records them in RUN/channels.txt; infer groups nnU-Net's channel files into one
# case and reads MSD's 4D files, with the same labels for the same voxels; inputs with the wrong number of channels
# are refused with one line naming the file.
# Usage: channels_test.sh HYPERA_DIST SOURCE_DIR
set -uo pipefail
bin="$1"; source_dir="$2"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
source "$source_dir/tests/app/cli/checks.sh"
config="$source_dir/configs/brain_classes.ini"

for layout in nnunet msd; do
  "$bin" example-data --layout "$layout" --channels 2 --out "$work/$layout" --downsample 4 --cases 6 --test-cases 2 \
    >"$work/example.log" 2>&1 || abort "example-data --layout $layout --channels 2: $(tail -n 3 "$work/example.log")"
done

"$bin" train --config "$config" --data.root="$work/nnunet" --data.prepared="$work/nnunet.h5" --out "$work/run" \
  --train.epochs=1 "${tiny[@]}" >"$work/train.log" 2>&1 ||
  abort "training on the two-channel nnU-Net data set: $(tail -n 3 "$work/train.log")"
python3 - "$work/nnunet/dataset.json" "$work/run/channels.txt" <<'PY' &&
import json, sys
names = list(json.load(open(sys.argv[1]))["channel_names"].values())
assert len(names) == 2, names
assert open(sys.argv[2]).read() == "".join(name + "\n" for name in names), open(sys.argv[2]).read()
PY
  pass "channels.txt names the data set's two channels in order" || fail "channels.txt: $(cat "$work/run/channels.txt")"
grep -q '"mean_dice"' "$work/run/summary.json" && pass "a two-channel run reports its test metrics" ||
  fail "summary.json of the two-channel run"

# infer on nnU-Net's test images folder: one prediction per case (named without _0000), none per channel file.
"$bin" infer --run "$work/run" --input "$work/nnunet/imagesTs" --out "$work/pred_nnunet" >"$work/infer.log" 2>&1 ||
  abort "infer on the nnU-Net folder: $(tail -n 3 "$work/infer.log")"
cases=$(ls "$work/nnunet/labelsTs" | sort | tr '\n' ' ')
[ "$(ls "$work/pred_nnunet" | sort | tr '\n' ' ')" = "$cases" ] &&
  pass "infer groups <case>_0000 and <case>_0001 into one prediction per case" ||
  fail "infer's outputs: $(ls "$work/pred_nnunet" | tr '\n' ' '), expected $cases"

# The MSD layout holds the same voxels in one 4D file per case: infer reads it to the same labels.
"$bin" infer --run "$work/run" --input "$work/msd/imagesTs" --out "$work/pred_msd" >"$work/infer_msd.log" 2>&1 ||
  abort "infer on the MSD 4D files: $(tail -n 3 "$work/infer_msd.log")"
python3 - "$work/pred_nnunet" "$work/pred_msd" $cases <<'PY' && pass "infer: the 4D files give the same labels" ||
import gzip, struct, sys
def voxels(path):
    data = gzip.open(path).read()
    return data[int(struct.unpack("<f", data[108:112])[0]):]
for case in sys.argv[3:]:
    a, b = voxels(sys.argv[1] + "/" + case), voxels(sys.argv[2] + "/" + case)
    assert a == b and len(a) > 0, case
PY
  fail "the labels of the 4D files differ from those of the channel files"

first=$(ls "$work/nnunet/imagesTs/"*_0000.nii.gz | head -n 1)
mkdir -p "$work/lonely"
cp "$first" "$work/lonely/"
expect_input_error "a _0000 file without its _0001" "$(basename "$first" _0000.nii.gz)_0001.nii.gz" \
  "$bin" infer --run "$work/run" --input "$work/lonely" --out "$work/pred_lonely"
cp "$first" "$work/one_channel.nii.gz"
expect_input_error "a one-channel file for a two-channel run" "$work/one_channel.nii.gz" \
  "$bin" infer --run "$work/run" --input "$work/one_channel.nii.gz" --out "$work/pred_one"

"$bin" train --config "$config" --data.source=msd --data.root="$work/msd" --data.prepared="$work/msd.h5" \
  --out "$work/run_msd" --train.epochs=1 "${tiny[@]}" >"$work/train_msd.log" 2>&1 &&
  [ "$(wc -l <"$work/run_msd/channels.txt")" = 2 ] && pass "the MSD layout's 4D images train two channels" ||
  fail "training on the two-channel MSD data set: $(tail -n 3 "$work/train_msd.log")"
finish
