#!/usr/bin/env bash
# Prints the line every benchmark records before its figures: cores, CPU model, the CPU flags that decide
# precision and speed (avx2, avx512f, avx512_bf16, amx_bf16: machines of one kind differ), load and date (UTC).
#   bash bench/machine.sh
echo "machine: $(nproc --all) cores, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)," \
     "flags: $(grep -m1 -ow -e avx2 -e avx512f -e avx512_bf16 -e amx_bf16 /proc/cpuinfo | sort -u | xargs);" \
     "load $(cut -d' ' -f1-3 /proc/loadavg); $(date -u '+%F %H:%M UTC')"
