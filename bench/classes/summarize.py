#!/usr/bin/env python3
"""Table and paired interval of bench/classes/run.sh: reads WORK/hypera_<s>/summary.json and
WORK/peer_<s>.json for every seed that has both, prints one row per seed and the paired difference
HYPERA - peer of the mean test Dice (mean, 95 % t interval over the seeds) with the decision of the rule
fixed before the runs. Writes WORK/summary.json with the same figures.

  python summarize.py WORK
"""
import json
import math
import os
import sys

CLASSES = ["left_cerebrum", "right_cerebrum", "cerebellum"]


def t_quantile(df):
    try:
        from scipy.stats import t
        return float(t.ppf(0.975, df))
    except ImportError:  # two-sided 95 % quantiles of Student's t, df 1..30
        table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160,
                 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056,
                 2.052, 2.048, 2.045, 2.042]
        return table[min(df, 30) - 1]


# peer settings key -> (section, key) of HYPERA's resolved RUN/config.ini
CHECKED = {"epochs": ("train", "epochs"), "steps_per_epoch": ("train", "steps_per_epoch"),
           "batch": ("train", "batch_size"), "patch": ("train", "patch"), "lr": ("optim", "lr"),
           "momentum": ("optim", "momentum"), "weight_decay": ("optim", "weight_decay"),
           "poly_exponent": ("train", "poly_exponent"), "flip_p": ("aug", "flip_p"),
           "rotate_p": ("aug", "rotate_p"), "intensity": ("aug", "intensity"), "dice_weight": ("loss", "dice"),
           "ce_weight": ("loss", "ce")}


def setting_mismatches(run_dir, peer):
    """Settings in which the peer's run differs from HYPERA's resolved config.ini of the same seed."""
    import configparser
    ini = configparser.ConfigParser(inline_comment_prefixes=("#", ";"))
    ini.read(os.path.join(run_dir, "config.ini"))
    out = []
    for key, (section, name) in CHECKED.items():
        h = ini.get(section, name, fallback=None)
        v = peer.get("settings", {}).get(key)
        if h is None or v is None:
            out.append(f"{key}: HYPERA {h}, peer {v}")
        elif isinstance(v, str):
            if h.replace(" ", "") != v.replace(" ", ""):
                out.append(f"{key}: HYPERA {h}, peer {v}")
        elif not math.isclose(float(h), float(v), rel_tol=1e-9):
            out.append(f"{key}: HYPERA {h}, peer {v}")
    return out


def num(v, width=7, digits=4):
    return f"{v:{width}.{digits}f}" if isinstance(v, (int, float)) and math.isfinite(v) else f"{'-':>{width}}"


def main():
    work = sys.argv[1] if len(sys.argv) > 1 else "/tmp/hypera_classes_bench"
    seeds = sorted(int(n[len("peer_"):-len(".json")]) for n in os.listdir(work)
                   if n.startswith("peer_") and n.endswith(".json"))
    rows = []
    for s in seeds:
        summary = os.path.join(work, f"hypera_{s}", "summary.json")
        if not os.path.exists(summary):
            continue
        with open(summary) as f:
            h = json.load(f)
        with open(os.path.join(work, f"peer_{s}.json")) as f:
            p = json.load(f)
        rows.append({"seed": s, "hypera": h, "peer": p,
                     "mismatch": setting_mismatches(os.path.join(work, f"hypera_{s}"), p)})
    if not rows:
        raise SystemExit(f"no seed in {work} has both results")

    head = (f"{'seed':>4} {'arm':>6} {'mean_dice':>9} " + " ".join(f"{'dice_' + c[:10]:>15}" for c in CLASSES) +
            f" {'mean_hd95':>9} {'wall_s':>7} {'steps':>5} {'best_ep':>7} note")
    print(head)
    diffs = []
    steps_differ = []
    out_rows = []
    for r in rows:
        h, p = r["hypera"], r["peer"]
        hs = h["training"]["steps"]
        if hs != p["steps"]:
            steps_differ.append(r["seed"])
        cleanup = h.get("cleanup", {})
        note = "bf16" if h.get("compute", {}).get("bf16_autocast") else "fp32"
        note += ", clean-up " + ("+".join(k for k in ("largest_component", "fill_holes") if cleanup.get(k)) or "none")
        arms = [("HYPERA", h["test"], h["timing"]["total_seconds"], hs, h["best"]["epoch"], note),
                ("peer", p["test"], p["wall_seconds"], p["steps"], p["best"]["epoch"], "fp32, no clean-up")]
        for arm, t, wall, steps, best, note in arms:
            print(f"{r['seed']:>4} {arm:>6} {num(t['mean_dice'], 9)} " +
                  " ".join(num(t.get('dice_' + c), 15) for c in CLASSES) +
                  f" {num(t.get('mean_hd95'), 9, 2)} {num(wall, 7, 1)} {steps:>5} {best:>7} {note}")
        d = h["test"]["mean_dice"] - p["test"]["mean_dice"]
        diffs.append(d)
        out_rows.append({"seed": r["seed"], "hypera": {k: h["test"].get(k) for k in p["test"]} |
                         {"wall_seconds": h["timing"]["total_seconds"], "steps": hs, "best_epoch": h["best"]["epoch"],
                          "bf16": bool(h.get("compute", {}).get("bf16_autocast")), "cleanup": cleanup},
                         "peer": p["test"] | {"wall_seconds": p["wall_seconds"], "steps": p["steps"],
                                              "best_epoch": p["best"]["epoch"]},
                         "difference_mean_dice": d})
    n = len(diffs)
    mean = sum(diffs) / n
    result = {"seeds": n, "differences": diffs, "mean_difference": mean, "rows": out_rows}
    print()
    print("paired difference HYPERA - peer of mean test Dice per seed: " + " ".join(f"{d:+.4f}" for d in diffs))
    if n >= 2:
        sd = math.sqrt(sum((d - mean) ** 2 for d in diffs) / (n - 1))
        half = t_quantile(n - 1) * sd / math.sqrt(n)
        low, high = mean - half, mean + half
        decision = ("HYPERA better" if low > 0 else "HYPERA worse" if high < 0 else "no difference shown")
        print(f"mean {mean:+.4f}, sd {sd:.4f}, 95% t interval [{low:+.4f}, {high:+.4f}] over {n} seeds "
              f"-> {decision}")
        result |= {"sd": sd, "ci95": [low, high], "decision": decision}
    else:
        print(f"mean {mean:+.4f} over 1 seed: no interval")
    for arm in ("hypera", "peer"):
        dice = [r[arm]["mean_dice"] for r in out_rows]
        wall = [r[arm]["wall_seconds"] for r in out_rows]
        print(f"{arm:>6}: mean test Dice {sum(dice) / n:.4f} (min {min(dice):.4f}, max {max(dice):.4f}), "
              f"mean wall {sum(wall) / n:.1f} s")
    if steps_differ:
        print(f"WARNING: the optimizer steps differ between the arms for seeds {steps_differ}")
    mismatched = {r["seed"]: r["mismatch"] for r in rows if r["mismatch"]}
    for seed, what in mismatched.items():
        print(f"WARNING: seed {seed}: the peer's settings differ from HYPERA's config.ini: " + "; ".join(what))
    if not steps_differ and not mismatched:
        print("checked: every seed's two runs have the same optimizer steps and the same settings "
              "(" + ", ".join(CHECKED) + ")")
    result["steps_differ"] = steps_differ
    result["settings_differ"] = mismatched
    with open(os.path.join(work, "summary.json"), "w") as f:
        json.dump(result, f, indent=1)


if __name__ == "__main__":
    main()
