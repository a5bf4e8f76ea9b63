#!/usr/bin/env python3
"""Reads a TensorBoard event file (or a folder of them) with TensorBoard's own EventAccumulator and prints
every scalar tag with its number of points and last (step, value). Exits 1 if there is no scalar."""
import sys

from tensorboard.backend.event_processing import event_accumulator


def main() -> int:
    if len(sys.argv) != 2:
        print("usage: check_events.py EVENT_FILE_OR_FOLDER", file=sys.stderr)
        return 2
    accumulator = event_accumulator.EventAccumulator(sys.argv[1], size_guidance={event_accumulator.SCALARS: 0})
    accumulator.Reload()
    tags = sorted(accumulator.Tags()["scalars"])
    if not tags:
        print(f"{sys.argv[1]}: no scalar events", file=sys.stderr)
        return 1
    for tag in tags:
        points = accumulator.Scalars(tag)
        last = points[-1]
        print(f"{tag}: {len(points)} points, last step {last.step} value {last.value:.6g}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
