#!/usr/bin/env bash
# Peak memory of `hypera_dist eval` on hostile image headers (issue 17): for each file, the exit code, the
# one-line error and the peak resident set size above that of the same command on the intact file it was
# made from. Goal: every hostile file exits 2 with under 100 MB above its baseline.
#
# Usage: bench/hostile/peak_memory.sh BIN OUT_DIR
#   BIN      a hypera_dist binary
#   OUT_DIR  where the hostile files are written (created; reused by a second run with another BIN)
# Needs /usr/bin/time (Debian package "time"), python3, the BBBC039 set (HYPERA_BBBC039_DIR, default
# shared/data/bbbc039 next to the checkout) and the mricron templates (/usr/share/mricron/templates).
set -euo pipefail
bash "$(dirname "${BASH_SOURCE[0]}")/../machine.sh"
bin=$(realpath "$1"); out="$2"
bbbc=${HYPERA_BBBC039_DIR:-$(dirname "$(realpath "$0")")/../../../shared/data/bbbc039}
templates=/usr/share/mricron/templates
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
mkdir -p "$out"

mask=$(ls -S "$bbbc/masks/"*.png | tail -n 1)  # the smallest mask, 2.7 KB
image="$bbbc/images/$(basename "${mask%.png}").tif"
cp "$mask" "$out/intact.png"
cp "$image" "$out/intact.tif"
cp "$templates/ch2bet.nii.gz" "$out/intact.nii.gz"

python3 - "$out" <<'PY'
import gzip, struct, sys, zlib
out = sys.argv[1]

def png(width, height, name):
    data = bytearray(open(f'{out}/intact.png', 'rb').read())
    data[16:24] = struct.pack('>II', width, height)
    data[29:33] = struct.pack('>I', zlib.crc32(bytes(data[12:29])))
    open(f'{out}/{name}', 'wb').write(data)

def tiff(tags, name):  # little-endian classic TIFF: rewrite SHORT/LONG tags of the first directory
    data = bytearray(open(f'{out}/intact.tif', 'rb').read())
    ifd = struct.unpack('<I', data[4:8])[0]
    for i in range(struct.unpack('<H', data[ifd:ifd + 2])[0]):
        entry = ifd + 2 + 12 * i
        tag, kind = struct.unpack('<HH', data[entry:entry + 4])
        if tag in tags:
            data[entry + 8:entry + 12] = struct.pack('<HH' if kind == 3 else '<I', *((tags[tag], 0) if kind == 3 else (tags[tag],)))
    open(f'{out}/{name}', 'wb').write(data)

def nifti1(dims, name):
    data = bytearray(gzip.open(f'{out}/intact.nii.gz').read())
    struct.pack_into('<3h', data, 42, *dims)
    with gzip.open(f'{out}/{name}', 'wb') as f: f.write(data)

def nifti2(dims, name):  # 4 x 3 x 2 uint8 voxels; the header may claim other dims
    data = bytearray(544 + 24)
    struct.pack_into('<i8shh8q', data, 0, 540, b'n+2\0\r\n\x1a\n', 2, 8, 3, *dims, 1, 1, 1, 1)
    struct.pack_into('<8d', data, 104, *[1.0] * 8)
    struct.pack_into('<q', data, 168, 544)
    open(f'{out}/{name}', 'wb').write(data)

png(30000, 30000, 'png_30000x30000.png')
png(1000000, 1, 'png_1000000x1.png')
tiff({256: 30000, 257: 30000}, 'tiff_30000x30000.tif')
tiff({256: 60000, 257: 60000, 278: 60000}, 'tiff_60000x60000_one_strip.tif')
tiff({256: 65535}, 'tiff_65535x520.tif')
nifti1((32767, 32767, 32767), 'nifti1_32767^3.nii.gz')
nifti2((4, 3, 2), 'intact_nifti2.nii')
nifti2((1 << 32, 1 << 32, 1), 'nifti2_2^32x2^32x1.nii')
PY

# run FILE: runs `BIN eval --pred FILE --gt FILE` with at most 8 GB of address space (a binary without the
# checks would otherwise grow until the kernel kills it: 20 GB for the 60000 x 60000 TIFF); sets code,
# message (first stderr line), lines (of stderr) and peak (kB).
run() {
  (ulimit -v 8000000 && exec /usr/bin/time -v -o "$out/time.txt" "$bin" eval --pred "$1" --gt "$1") >/dev/null 2>"$out/stderr.txt" && code=0 || code=$?
  [ "$code" -eq 0 ] || code=$(sed -n 's/.*Exit status: //p' "$out/time.txt")
  grep -q "Command terminated by signal" "$out/time.txt" && code="signal $(sed -n 's/.*terminated by signal //p' "$out/time.txt")"
  message=$(head -n 1 "$out/stderr.txt"); lines=$(wc -l <"$out/stderr.txt")
  peak=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$out/time.txt")
}

echo "binary: $bin"
printf '%-32s %-9s %6s %12s %s\n' file exit lines "MB above" "message (first stderr line)"
for pair in png_30000x30000.png:intact.png png_1000000x1.png:intact.png tiff_30000x30000.tif:intact.tif \
            tiff_60000x60000_one_strip.tif:intact.tif tiff_65535x520.tif:intact.tif \
            'nifti1_32767^3.nii.gz:intact.nii.gz' nifti2_2^32x2^32x1.nii:intact_nifti2.nii; do
  hostile="${pair%%:*}"; intact="${pair#*:}"
  run "$out/$intact"; baseline=$peak
  run "$out/$hostile"
  printf '%-32s %-9s %6s %12.1f %s\n' "$hostile" "$code" "$lines" "$(( peak - baseline ))e-3" "${message#hypera_dist: }"
done
