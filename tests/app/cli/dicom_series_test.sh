#!/usr/bin/env bash
# DICOM folders that hold several series, through the real binary: `eval` and `infer` with --dicom-series, and
# `prepare` with data.dicom_series (chosen, unknown, missing). The folders hold real files of pydicom's DICOMDIR
# test set (Debian's python3-pydicom), 16x16 pixels each; tests/common/two_dicom_series.h builds the CT folder for
# the unit tests.
# Usage: dicom_series_test.sh HYPERA_DIST SOURCE_DIR
set -uo pipefail
bin="$1"; source_dir="$2"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
source "$source_dir/tests/app/cli/checks.sh"
dicomdir=/usr/lib/python3/dist-packages/pydicom/data/test_files/dicomdirtests

# CT: 98892001/CT5N (5 slices) and 77654033/CT2 without its far slice 17106 (3 slices).
five=1.3.6.1.4.1.5962.1.1.0.0.0.1194734704.16302.0.6
three=1.3.6.1.4.1.5962.1.1.0.0.0.1196530851.28319.0.2
mkdir "$work/ct"
cp "$dicomdir"/98892001/CT5N/* "$dicomdir"/77654033/CT2/{17136,17166,17196} "$work/ct/"
# MR: two single-slice series of 98892003/MR1 (MR values are non-negative integers, so eval takes them as labels).
localizer=1.3.6.1.4.1.5962.1.1.0.0.0.1196533885.18148.0.134  # file 4919
other=1.3.6.1.4.1.5962.1.1.0.0.0.1196533885.18148.0.15       # file 5641
mkdir "$work/mr"
cp "$dicomdir"/98892003/MR1/{4919,5641} "$work/mr/"
cp "$dicomdir"/98892003/MR1/4919 "$work/pred.dcm"

# The dimensions x y z of a .nii.gz file (NIfTI-1 header: dim[1..3] as int16 at byte 42).
nifti_size() { gzip -dc "$1" | od -An -t d2 -j 42 -N 6 | xargs; }
# The "dice" of eval's JSON mean.
json_dice() { grep -o '"dice": [0-9.e+-]*' "$1" | tail -n 1 | cut -d' ' -f2; }

# eval: --class 716 is a value of file 4919 that file 5641 lacks, so only the right series scores Dice 1.
expect_input_error "eval, two series, no choice" "--dicom-series" \
  "$bin" eval --pred "$work/pred.dcm" --gt "$work/mr" --class 716
"$bin" eval --pred "$work/pred.dcm" --gt "$work/mr" --class 716 --dicom-series "$localizer" --json "$work/a.json" \
  >/dev/null 2>"$work/err" || abort "eval --dicom-series failed: $(cat "$work/err")"
[ "$(json_dice "$work/a.json")" = 1 ] && pass "eval reads the chosen series (Dice 1)" \
  || fail "eval: Dice $(json_dice "$work/a.json") with the series of the prediction"
"$bin" eval --pred "$work/pred.dcm" --gt "$work/mr" --class 716 --dicom-series "$other" --json "$work/b.json" \
  >/dev/null 2>&1 || abort "eval --dicom-series (other series) failed"
[ "$(json_dice "$work/b.json")" = 0 ] && pass "eval reads the other series when asked (Dice 0)" \
  || fail "eval: Dice $(json_dice "$work/b.json") with the other series"
expect_input_error "eval, unknown series" "no DICOM series 9.8.7" \
  "$bin" eval --pred "$work/pred.dcm" --gt "$work/mr" --dicom-series 9.8.7
expect_input_error "eval, --dicom-series without a DICOM folder" "option --dicom-series" \
  "$bin" eval --pred "$work/pred.dcm" --gt "$work/pred.dcm" --dicom-series "$localizer"

# prepare: a DICOM folder of two series as image and mask.
expect_input_error "prepare, two series, no choice" "data.dicom_series" "$bin" prepare --data.image="$work/ct" \
  --data.mask="$work/ct" --data.slabs=3 --data.prepared="$work/ct.h5"
"$bin" prepare --data.image="$work/ct" --data.mask="$work/ct" --data.slabs=3 --data.prepared="$work/ct.h5" \
  --data.dicom_series="$three" >/dev/null 2>"$work/err" && pass "prepare reads the chosen series" || fail "prepare: $(cat "$work/err")"
expect_input_error "prepare, unknown series" "no DICOM series 9.8.7" "$bin" prepare --data.image="$work/ct" \
  --data.mask="$work/ct" --data.slabs=3 --data.prepared="$work/ct.h5" --data.dicom_series=9.8.7

# infer: a tiny 2D run on the brain MRI predicts the chosen series as one volume.
"$bin" train --config "$source_dir/configs/quickstart.ini" --data.prepared="$work/mri.h5" --out "$work/run" \
  --train.epochs=1 "${tiny[@]}" >"$work/train.log" 2>&1 || abort "tiny training failed: $(tail -n 3 "$work/train.log")"
expect_input_error "infer, two series, no choice" "--dicom-series" \
  "$bin" infer --run "$work/run" --input "$work/ct" --out "$work/pred"
"$bin" infer --run "$work/run" --input "$work/ct/" --out "$work/pred" --dicom-series "$three" >/dev/null 2>"$work/err" \
  || abort "infer --dicom-series failed: $(cat "$work/err")"
[ "$(nifti_size "$work/pred/ct.nii.gz")" = "16 16 3" ] && pass "infer predicts the 3-slice series" \
  || fail "infer: ct.nii.gz is $(nifti_size "$work/pred/ct.nii.gz"), not 16 16 3"
"$bin" infer --run "$work/run" --input "$work/ct" --out "$work/pred" --dicom-series "$five" >/dev/null 2>&1 \
  || abort "infer --dicom-series (5 slices) failed"
[ "$(nifti_size "$work/pred/ct.nii.gz")" = "16 16 5" ] && pass "infer predicts the 5-slice series" \
  || fail "infer: ct.nii.gz is $(nifti_size "$work/pred/ct.nii.gz"), not 16 16 5"
expect_input_error "infer, unknown series" "no DICOM series 9.8.7" \
  "$bin" infer --run "$work/run" --input "$work/ct" --out "$work/pred" --dicom-series 9.8.7
expect_input_error "infer, --dicom-series on a file" "option --dicom-series" \
  "$bin" infer --run "$work/run" --input "$work/pred.dcm" --out "$work/pred" --dicom-series "$five"
finish
