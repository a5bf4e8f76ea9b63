"""Judges run.sh's results.jsonl against issue 4's goals and prints one line per goal.
    python summary.py results.jsonl
Exits 1 when a goal is missed (the figures are printed either way)."""
import json
import sys


def main():
    rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
    ok = True
    train = [r for r in rows if "mean_return_last10" in r]
    for system in ("hypera", "sb3"):
        runs = sorted((r for r in train if r["system"] == system), key=lambda r: r["seed"])
        if not runs:
            continue
        text = ", ".join(f"seed {r['seed']}: {r['mean_return_last10']:.1f} (eval {r['eval_return_10']:.1f}, "
                         f"{r['wall_s']:.0f} s, {r['updates_per_s']:.0f} upd/s)" for r in runs)
        passed = all(r["mean_return_last10"] >= -200 for r in runs)
        if system == "hypera":
            ok &= passed
        print(f"pendulum {system}: {text} -> {'>= -200 on every seed' if passed else 'below -200 on some seed'}")

    speed = {(r["system"], r["batch"]): r for r in rows if "update_ms" in r}
    for batch, label in ((64, "small 64-64 batch 64"), (256, "large 256-256 batch 256")):
        ours, python = speed.get(("hypera", batch)), speed.get(("python-pytorch", batch))
        if not ours or not python:
            continue
        ratio = ours["updates_per_s"] / python["updates_per_s"]
        over_matmul = ours["update_ms"] / ours["matmul_only_ms"] - 1
        print(f"{label}: ours {ours['updates_per_s']:.1f} upd/s ({ours['update_ms']:.2f} ms; matmuls alone "
              f"{ours['matmul_only_ms']:.2f} ms, +{100 * over_matmul:.0f}%), Python {python['updates_per_s']:.1f} upd/s "
              f"({python['update_ms']:.2f} ms; matmuls alone {python['matmul_only_ms']:.2f} ms), ratio {ratio:.2f}x")
        if batch == 64:
            ok &= ratio >= 2
            print(f"  goal >= 2x Python: {'met' if ratio >= 2 else 'missed'}")
        else:
            ok &= over_matmul <= 0.10
            print(f"  goal within 10% of the matmul-only time: {'met' if over_matmul <= 0.10 else 'missed'}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
