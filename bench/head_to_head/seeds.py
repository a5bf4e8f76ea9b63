#!/usr/bin/env python3
"""The head to head over seeds: one row per OUT folder of bench/head_to_head/run.sh, then the paired
differences HYPERA + refinement minus the peer (test foreground Dice, object F1 @ 0.5) with their mean, a 95 %
percentile bootstrap interval (10,000 resamples of the seeds, fixed generator) and wins/losses.

    python3 bench/head_to_head/seeds.py [--measured SEED:CPU:HYPERA_DICE:PEER_DICE:HYPERA_F1:PEER_F1]... OUT...

Each OUT must hold summary.txt (its command names the seed, its start line the machine) and the eval JSONs of
hypera_pred and peer_pred. --measured adds a seed whose folder is on another machine, from its row in
docs/RESULTS.md (the four scores of its table). The rule stated with the output is the comparison protocol's: a gap is shown when
the interval excludes 0, with at least 10 seeds; fewer seeds are printed, marked as too few.
Standard library only."""
import json
import os
import random
import re
import statistics
import sys

MIN_SEEDS = 10
RESAMPLES = 10_000


def read_run(folder):
    with open(os.path.join(folder, "summary.txt")) as f:
        text = f.read()
    command = re.search(r"^command: .*run\.sh \S+ \S+ \S+ (\S+)$", text, re.MULTILINE)
    machine = re.search(r"^start: machine: [^,]+, ([^,]+),", text, re.MULTILINE)
    if not command or not machine:
        raise SystemExit(f"{folder}/summary.txt: no 'command:' or 'start: machine:' line of run.sh")

    return {"seed": int(command.group(1)), "cpu": machine.group(1),
            "hypera": mean_scores(os.path.join(folder, "hypera_pred_eval.json")),
            "peer": mean_scores(os.path.join(folder, "peer_pred_eval.json"))}


def mean_scores(path):
    """The mean foreground Dice and object F1 @ 0.5 of an eval JSON (hypera_dist eval --json)."""
    metrics = json.load(open(path))["mean"]["metrics"]
    return metrics["dice"], metrics["f1@0.50"]


def measured_run(text):
    parts = text.split(":")
    try:
        if len(parts) != 6:
            raise ValueError
        return {"seed": int(parts[0]), "cpu": parts[1], "hypera": (float(parts[2]), float(parts[4])),
                "peer": (float(parts[3]), float(parts[5]))}
    except ValueError:
        raise SystemExit(f"--measured '{text}': expected SEED:CPU:HYPERA_DICE:PEER_DICE:HYPERA_F1:PEER_F1")


def bootstrap_interval(differences, rng):
    means = sorted(statistics.fmean(rng.choices(differences, k=len(differences))) for _ in range(RESAMPLES))
    return means[int(0.025 * RESAMPLES)], means[int(0.975 * RESAMPLES) - 1]


def main(arguments):
    runs = []
    while arguments[:1] == ["--measured"] and len(arguments) > 1:
        runs.append(measured_run(arguments[1]))
        arguments = arguments[2:]
    runs += [read_run(folder) for folder in arguments]
    if not runs or any(folder.startswith("--") for folder in arguments):
        raise SystemExit(__doc__.split("\n\n")[1])
    runs.sort(key=lambda run: run["seed"])
    seeds = [run["seed"] for run in runs]
    if len(set(seeds)) != len(seeds):
        raise SystemExit(f"a seed appears twice among the folders: {seeds}")
    print("| seed | CPU | HYPERA + refinement Dice | peer Dice | HYPERA + refinement object F1 | peer object F1 |")
    print("|---|---|---|---|---|---|")
    for run in runs:
        (hd, hf), (pd, pf) = run["hypera"], run["peer"]
        print(f"| {run['seed']} | {run['cpu']} | {hd:.4f} | {pd:.4f} | {hf:.4f} | {pf:.4f} |")
    print()
    rng = random.Random(0)
    for index, metric in ((0, "foreground Dice"), (1, "object F1 @ 0.5")):
        differences = [run["hypera"][index] - run["peer"][index] for run in runs]
        low, high = bootstrap_interval(differences, rng)
        wins = sum(d > 0 for d in differences)
        losses = sum(d < 0 for d in differences)
        if len(runs) < MIN_SEEDS:
            verdict = f"too few seeds for the protocol ({len(runs)} < {MIN_SEEDS})"
        elif low > 0:
            verdict = "HYPERA higher"
        elif high < 0:
            verdict = "peer higher"
        else:
            verdict = "inconclusive"
        print(f"{metric}: HYPERA + refinement - peer, mean {statistics.fmean(differences):+.4f} "
              f"[95 % bootstrap {low:+.4f}, {high:+.4f}] over {len(runs)} seeds, wins/losses {wins}/{losses}: "
              f"{verdict}")


if __name__ == "__main__":
    main(sys.argv[1:])
