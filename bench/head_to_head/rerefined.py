#!/usr/bin/env python3
"""Re-refinements (bench/head_to_head/rerefine.sh) against the refinement of the head to head they came from:
one row per DEST (its seed, passes, refine-train seconds and test scores beside the source run's), then the
paired differences re-refined minus the source's refined result (test foreground Dice, object F1 @ 0.5) with
their mean, a 95 % percentile bootstrap interval (seeds.py's) and wins/losses.

    python3 bench/head_to_head/rerefined.py DEST...

Each DEST must hold rerefine.txt and eval.json; its source (named in rerefine.txt) times.txt and
hypera_pred_eval.json. Standard library only."""
import os
import random
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from seeds import bootstrap_interval, mean_scores  # noqa: E402


def key_values(path):
    values = {}
    with open(path) as f:
        for line in f:
            key, _, value = line.rstrip("\n").partition(" ")
            values[key] = value
    return values


def read_rerefined(dest):
    info = key_values(os.path.join(dest, "rerefine.txt"))
    source = info["source"]
    times = {key: float(value) for key, value in key_values(os.path.join(source, "times.txt")).items()}
    return {"seed": int(info["seed"]), "passes": int(info["passes"]), "args": info["refine_args"],
            "seconds": float(info["refine_train_s"]),
            "source_seconds": times["hypera_refine_end"] - times["hypera_train_end"],
            "after": mean_scores(os.path.join(dest, "eval.json")),
            "before": mean_scores(os.path.join(source, "hypera_pred_eval.json"))}


def main(folders):
    if not folders or any(folder.startswith("-") for folder in folders):
        raise SystemExit(__doc__.split("\n\n")[1])
    runs = sorted((read_rerefined(folder) for folder in folders), key=lambda run: run["seed"])
    print(f"re-refined with: {sorted({run['args'] for run in runs})}")
    print("| seed | passes (most) | refine-train s, source / again | test Dice, source / again "
          "| test object F1, source / again |")
    print("|---|---|---|---|---|")
    for run in runs:
        (bd, bf), (ad, af) = run["before"], run["after"]
        print(f"| {run['seed']} | {run['passes']} | {run['source_seconds']:.1f} / {run['seconds']:.1f} "
              f"| {bd:.4f} / {ad:.4f} | {bf:.4f} / {af:.4f} |")
    print()
    rng = random.Random(0)
    for index, metric in ((0, "foreground Dice"), (1, "object F1 @ 0.5")):
        differences = [run["after"][index] - run["before"][index] for run in runs]
        low, high = bootstrap_interval(differences, rng)
        print(f"{metric}: again - source, mean {statistics.fmean(differences):+.4f} "
              f"[95 % bootstrap {low:+.4f}, {high:+.4f}] over {len(runs)} seeds, "
              f"wins/losses {sum(d > 0 for d in differences)}/{sum(d < 0 for d in differences)}")


if __name__ == "__main__":
    main(sys.argv[1:])
