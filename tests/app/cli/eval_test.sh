#!/usr/bin/env bash
# hypera_dist eval through the real binary on real masks (BBBC039 nuclei, the brain MRI), values checked
# in its JSON with python3; bad input exits 2 with one line naming the file or option; and validation of a
# tiny training run reports every metric. Usage: eval_test.sh HYPERA_DIST SOURCE_DIR
set -uo pipefail
bin="$1"; source_dir="$2"
source "$source_dir/tests/app/cli/bbbc039.sh"
bbbc=$(bbbc039_dir)
templates=/usr/share/mricron/templates
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
source "$source_dir/tests/app/cli/checks.sh"

# check NAME JSON_FILE PYTHON_EXPRESSION: the expression, with r = the parsed JSON, m = its mean metrics,
# img(i) = the metrics of image i and nf(i) = its non-finite names, must be true.
check() {
  local name="$1" file="$2" expression="$3"
  if python3 - "$file" "$expression" <<'PY'; then pass "$name"; else fail "$name"; fi
import json, math, sys
r = json.load(open(sys.argv[1]))
m = r.get("mean", {}).get("metrics")
img = lambda i: r["images"][i]["metrics"]
nf = lambda i: r["images"][i]["non_finite"]
ok = eval(sys.argv[2])
if not ok:
    print("    false:", sys.argv[2]); print("    mean:", json.dumps(m or r)[:600])
sys.exit(0 if ok else 1)
PY
}

# Shifted copies of masks (zero fill), written by python3 with only the standard library: PNG by zlib.
cat >"$work/shift.py" <<'PY'
import gzip, struct, sys, zlib
def read_png_red(path):
    data = open(path, "rb").read(); pos = 8; idat = b""
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8]); body = data[pos + 8:pos + 8 + n]; pos += 12 + n
        if kind == b"IHDR": w, h, depth, color = struct.unpack(">IIBB", body[:10])
        elif kind == b"IDAT": idat += body
    assert depth == 8 and color in (0, 2, 6), "8-bit gray, RGB or RGBA PNG expected"
    bpp = {0: 1, 2: 3, 6: 4}[color]; raw = zlib.decompress(idat); stride = w * bpp; rows = []; prev = bytearray(stride)
    for y in range(h):
        f = raw[y * (stride + 1)]; line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0; b = prev[i]; c = prev[i - bpp] if i >= bpp else 0
            if f == 1: line[i] = (line[i] + a) & 255
            elif f == 2: line[i] = (line[i] + b) & 255
            elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(bytes(line[0::bpp])); prev = line
    return w, h, rows
def write_png_gray(path, w, h, rows):
    chunk = lambda kind, body: struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    raw = b"".join(b"\0" + r for r in rows)
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) +
                           chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
mode, src, dst, dx = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
if mode == "png":  # dst: the red values with the last dx columns cleared; dst.shifted.png: that, moved right by dx
    w, h, rows = read_png_red(src)
    clipped = [r[:w - dx] + bytes(dx) for r in rows]
    write_png_gray(dst, w, h, clipped)
    write_png_gray(dst + ".shifted.png", w, h, [bytes(dx) + r[:w - dx] for r in clipped])
else:  # NIfTI-1 uint8: shift along x by dx voxels (x is the fastest axis), keep the header
    raw = gzip.open(src).read(); offset = int(struct.unpack("<f", raw[108:112])[0]); nx = struct.unpack("<h", raw[42:44])[0]
    body = raw[offset:]; out = bytearray()
    for i in range(0, len(body), nx): out += bytes(dx) + body[i:i + nx - dx]
    gzip.open(dst, "wb", compresslevel=1).write(raw[:offset] + bytes(out))
PY

# --- BBBC039: masks vs themselves and vs a shifted copy -----------------------------------------------
mkdir -p "$work/gt" "$work/same" "$work/clipped" "$work/shift"
names=$(cat "$bbbc/training.txt")  # three fields with nuclei
for name in $names; do
  cp "$bbbc/masks/$name" "$work/gt/"; cp "$bbbc/masks/$name" "$work/same/"
  python3 "$work/shift.py" png "$bbbc/masks/$name" "$work/clipped/$name" 3
  mv "$work/clipped/$name.shifted.png" "$work/shift/$name"
done
if "$bin" eval --pred "$work/same" --gt "$work/gt" --kind bbbc039 --json "$work/same.json" >"$work/same.txt"; then
  pass "eval runs on BBBC039 folders"
else
  fail "eval on BBBC039 folders"; cat "$work/same.txt"
fi
check "identical masks: Dice 1, HD 0, ASSD 0, surface Dice 1, object F1 1 at every threshold" "$work/same.json" \
  'len(r["images"]) == 3 and all(img(i)["dice"] == 1 and img(i)["hausdorff"] == 0 and img(i)["hd95"] == 0 and img(i)["assd"] == 0 and img(i)["surface_dice"] == 1 and img(i)["boundary_f1"] == 1 and img(i)["f1@0.95"] == 1 and img(i)["mean_f1"] == 1 and img(i)["splits"] == 0 and img(i)["true_objects"] == img(i)["predicted_objects"] > 20 for i in range(3))'
check "mean row is the mean of the images" "$work/same.json" \
  'r["mean"]["images"] == 3 and abs(m["true_objects"] - sum(img(i)["true_objects"] for i in range(3)) / 3) < 1e-9'
grep -q "mean of 3" "$work/same.txt" && pass "table has the mean row" || fail "table lacks the mean row"

"$bin" eval --pred "$work/shift" --gt "$work/clipped" --kind bbbc039 --json "$work/shift.json" >/dev/null
# A 3-pixel shift along x of masks whose last 3 columns are cleared (nothing leaves the grid): the surface
# moves by exactly 3, so hausdorff = 3. The copies keep the colour indices, so touching nuclei stay apart.
check "shift by 3 px: hausdorff 3, hd95 <= 3, 0 < dice < 1, objects still found at IoU 0.5" "$work/shift.json" \
  'all(img(i)["hausdorff"] == 3 and 0 < img(i)["hd95"] <= 3 and 0 < img(i)["assd"] < 3 and 0.5 < img(i)["dice"] < 1 and img(i)["f1@0.50"] > 0.5 and img(i)["boundary_f1"] < 1 for i in range(3))'
"$bin" eval --pred "$work/shift" --gt "$work/clipped" --kind bbbc039 --boundary-tolerance 3 --tolerance 3 \
  --json "$work/shift3.json" >/dev/null
check "shift by 3 px with 3 px tolerances: surface Dice and boundary F1 are 1" "$work/shift3.json" \
  'all(img(i)["surface_dice"] == 1 and img(i)["boundary_f1"] == 1 for i in range(3))'
"$bin" eval --pred "$work/shift" --gt "$work/clipped" --kind bbbc039 --spacing 0.5,0.5 --json "$work/half.json" >/dev/null
check "--spacing 0.5,0.5 halves the distances" "$work/half.json" \
  'all(img(i)["hausdorff"] == 1.5 and r["images"][i]["spacing"] == [0.5, 0.5, 1] for i in range(3))'

"$bin" eval --pred "$work/shift" --gt "$work/clipped" --kind labels --class 2 --json "$work/class2.json" >/dev/null
check "--kind labels --class 2 scores only the pixels of value 2" "$work/class2.json" \
  'all(0 < img(i)["gt_voxels"] < 0.9 * json.load(open(sys.argv[1].replace("class2", "shift")))["images"][i]["metrics"]["gt_voxels"] and "f1@0.50" not in img(i) for i in range(3))'

# --- empty masks: the conventions of --help, as null + non_finite in JSON --------------------------------
empty=IXMtest_L10_s6_w12D12D64C-2639-4CA8-9BB4-99F92C9B7068.png  # the validation field without nuclei
one=$(echo "$names" | head -n 1)
mkdir -p "$work/e_gt" "$work/e_pred"
cp "$bbbc/masks/$empty" "$work/e_gt/a.png"; cp "$bbbc/masks/$empty" "$work/e_pred/a.png"   # both empty
cp "$bbbc/masks/$empty" "$work/e_gt/b.png"; cp "$bbbc/masks/$one" "$work/e_pred/b.png"     # truth empty
cp "$bbbc/masks/$one" "$work/e_gt/c.png"; cp "$bbbc/masks/$empty" "$work/e_pred/c.png"     # prediction empty
cp "$bbbc/masks/$one" "$work/e_gt/d.png"; cp "$bbbc/masks/$one" "$work/e_pred/d.png"         # identical, not empty
"$bin" eval --pred "$work/e_pred" --gt "$work/e_gt" --kind bbbc039 --json "$work/empty.json" >"$work/empty.txt"
check "both empty: dice 1, hausdorff null and named nan, object F1 1" "$work/empty.json" \
  'img(0)["dice"] == 1 and img(0)["hausdorff"] is None and nf(0)["hausdorff"] == "nan" and nf(0)["surface_dice"] == "nan" and img(0)["f1@0.50"] == 1 and img(0)["pred_voxels"] == 0 == img(0)["gt_voxels"]'
check "one mask empty: dice 0, hausdorff inf, surface Dice 0, precision/recall nan on the empty side" "$work/empty.json" \
  'all(img(i)["dice"] == 0 and nf(i)["hausdorff"] == "inf" and nf(i)["hd95"] == "inf" and nf(i)["assd"] == "inf" and img(i)["surface_dice"] == 0 and img(i)["f1@0.50"] == 0 for i in (1, 2)) and nf(1)["recall"] == "nan" and img(1)["precision"] == 0 and nf(2)["precision"] == "nan" and img(2)["recall"] == 0'
check "mean over the finite values only (hausdorff 0, precision 1/2), non-finite ones counted" "$work/empty.json" \
  'm["dice"] == 0.5 and m["hausdorff"] == 0 and m["hd95"] == 0 and m["assd"] == 0 and m["precision"] == 0.5 and m["hausdorff_nonfinite"] == m["hd95_nonfinite"] == m["assd_nonfinite"] == 3 and m["precision_nonfinite"] == 2 and "dice_nonfinite" not in m and r["mean"]["non_finite"] == {}'
"$bin" eval --pred "$work/e_pred/b.png" --gt "$work/e_gt/b.png" --kind bbbc039 --json "$work/b.json" >/dev/null
check "no finite value: the mean is null (nan), the count is the image count" "$work/b.json" \
  'm["hausdorff"] is None and r["mean"]["non_finite"]["hausdorff"] == "nan" and m["hausdorff_nonfinite"] == 1'
python3 -c 'import json,sys; json.loads(open(sys.argv[1]).read(), parse_constant=lambda c: sys.exit("bad token " + c))' \
  "$work/empty.json" && pass "JSON has no NaN/Infinity tokens" || fail "JSON has NaN/Infinity tokens"
grep -q "inf" "$work/empty.txt" && pass "table prints inf" || fail "table does not print inf"
grep "mean of 4" "$work/empty.txt" | grep -qv "inf" && pass "the table's mean row has no inf" \
  || fail "the table's mean row: $(grep "mean of 4" "$work/empty.txt")"
grep -Eq "^ +0 +0 +2 +2 +0 +3 +3 +3 .*not finite \(images of 4\)$" "$work/empty.txt" \
  && pass "the table counts the non-finite values" || fail "the table's not-finite row: $(grep "not finite" "$work/empty.txt")"

# --- MRI: brain mask vs itself and vs a shifted copy; spacing from the NIfTI header ------------------------
mkdir -p "$work/mri_gt" "$work/mri_pred"
python3 - "$templates/ch2bet.nii.gz" "$work/mri_gt/same.nii.gz" <<'PY'
import gzip, struct, sys  # ch2bet > 0 as a 0/1 uint8 NIfTI with pixdim 1, 1, 2 (a real header, edited)
raw = bytearray(gzip.open(sys.argv[1]).read()); offset = int(struct.unpack("<f", raw[108:112])[0])
assert struct.unpack("<h", raw[70:72])[0] == 2, "ch2bet is uint8"
struct.pack_into("<3f", raw, 80, 1.0, 1.0, 2.0); struct.pack_into("<2f", raw, 112, 0.0, 0.0)
raw[offset:] = bytes(raw[offset:]).translate(bytes([0] + [1] * 255))
gzip.open(sys.argv[2], "wb", compresslevel=1).write(bytes(raw))
PY
cp "$work/mri_gt/same.nii.gz" "$work/mri_pred/same.nii.gz"; cp "$work/mri_gt/same.nii.gz" "$work/mri_gt/shift.nii.gz"
python3 "$work/shift.py" nifti "$work/mri_gt/same.nii.gz" "$work/mri_pred/shift.nii.gz" 2
"$bin" eval --pred "$work/mri_pred" --gt "$work/mri_gt" --json "$work/mri.json" >/dev/null
check "MRI mask vs itself: dice 1, HD 0, spacing 1,1,2 from the header" "$work/mri.json" \
  'r["images"][0]["name"] == "same" and img(0)["dice"] == 1 and img(0)["hausdorff"] == 0 and img(0)["gt_voxels"] > 1e6 and r["images"][0]["spacing"] == [1, 1, 2]'
check "MRI shifted 2 voxels along x: hausdorff 2 mm, 0.9 < dice < 1" "$work/mri.json" \
  'img(1)["hausdorff"] == 2 and 0 < img(1)["hd95"] <= 2 and 0.9 < img(1)["dice"] < 1'

# --- bad input: exit 2, one line naming the file or option ------------------------------------------------
mkdir -p "$work/missing"; cp "$work/gt/"*.png "$work/missing/"; rm "$work/missing/$one"
expect_input_error "prediction missing for a ground truth" "${one%.png}" \
  "$bin" eval --pred "$work/missing" --gt "$work/gt" --kind bbbc039
cp "$bbbc/masks/$one" "$work/missing/extra_field.png"
expect_input_error "prediction without ground truth" "extra_field.png" \
  "$bin" eval --pred "$work/missing" --gt "$work/gt" --kind bbbc039
expect_input_error "sizes differ" "shift.nii.gz" "$bin" eval --pred "$work/mri_pred/shift.nii.gz" --gt "$work/gt/$one"
truncate -s 2000 "$work/same/$one"
expect_input_error "truncated PNG" "$one" "$bin" eval --pred "$work/same" --gt "$work/gt" --kind bbbc039
expect_input_error "bad --spacing" "--spacing" "$bin" eval --pred "$work/shift" --gt "$work/gt" --spacing 1,x
expect_input_error "bad --kind" "--kind" "$bin" eval --pred "$work/shift" --gt "$work/gt" --kind blobs
expect_input_error "no --gt" "--gt" "$bin" eval --pred "$work/shift"
expect_input_error "no such folder" "nowhere" "$bin" eval --pred "$work/nowhere" --gt "$work/gt"
"$bin" eval --help >"$work/help.txt" && grep -q "only prediction empty" "$work/help.txt" &&
  pass "--help quotes the empty-mask conventions" || fail "--help lacks the empty-mask conventions"

# --- validation of a tiny BBBC039 training run reports every metric --------------------------------------
make_tiny_bbbc039 "$bbbc" "$work/bbbc"
if "$bin" train --config "$source_dir/configs/bbbc039.ini" --data.root="$work/bbbc" --data.prepared="$work/bbbc.h5" \
     --out "$work/nuclei" --train.epochs=1 --train.validate_every=1 --model.depth=2 --model.base_channels=4 \
     --train.patch=32,32 --train.steps_per_epoch=1 --train.batch_size=2 >"$work/train.txt" 2>&1; then
  pass "tiny BBBC039 training run"
else
  fail "tiny BBBC039 training run"; tail -n 5 "$work/train.txt"
fi
check "validation and test report every metric; object_f1 is f1@0.50" "$work/nuclei/summary.json" \
  'all(k in r[s] for s in ("final_validation", "test") for k in ("dice", "iou", "hausdorff", "hd95", "assd", "surface_dice", "boundary_f1", "volume_similarity", "f1@0.50", "f1@0.95", "mean_f1", "splits", "merges", "missed", "extra", "gt_compactness")) and r["final_validation"]["object_f1"] == r["final_validation"]["f1@0.50"] and r["test"]["object_f1"] == r["test"]["f1@0.50"]'

finish
