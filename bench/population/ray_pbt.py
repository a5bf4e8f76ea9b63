#!/usr/bin/env python3
"""Ray Tune's population-based training (PBT) as a user runs it today, on HYPERA's MRI task, beside HYPERA's
population mode (issue 16's peer).

The trainable is the plain-PyTorch peer of bench/classes/peer_unet.py (HYPERA's U-Net, loss, Nesterov SGD, poly
schedule, crops and augmentation, written out in PyTorch) on the slabs of HYPERA's prepared file of
configs/compare_mri.ini (brain extraction on mricron's ch2: training, validation and test slabs from /splits).
One population of --members trials per call, the same settings as HYPERA's `pbt` arm of `compare
--population P`:
  * members: member k trains with seed S + 100003 k (S = --seed); member 0 starts with the config's values, the
    others with one explore step from them, as HYPERA's perturb explore starts a population;
  * a generation after every epoch (one validation; Ray's perturbation_interval = 1 training iteration), the
    bottom quarter copies the top quarter (quantile_fraction 0.25), then explores optim.lr_scale (bounds
    0.25..4, log scale) and optim.weight_decay (0..0.1): x0.8 or x1.2, or with probability 0.25 a fresh draw,
    clipped to the bounds (HYPERA's pbt_rules.cpp); fitness = the validation Dice of the epoch;
  * Ray's default, asynchronous PBT (synch=False): a member exploits when it reaches a generation, against the
    others' latest scores, with file checkpoints in Ray's storage folder;
  * the winner is the member with the best validation Dice (of any epoch); its best weights are tested.
--mode pb2 runs Ray Tune's PB2 (Parker-Holder et al. 2020) instead: the same members, start values, generations,
quantile and bounds, but the explore step is PB2's: a time-varying Gaussian-process bandit fitted to every
member's change of validation Dice per generation chooses the new values within the bounds (on a linear scale:
PB2 has no log scale; it needs GPy and scikit-learn).
--mode independent trains the same members as plain processes started together, without Ray (no copies and no
explore: member k keeps its start values): the wall time PBT's overhead is measured against.

  python ray_pbt.py --prepared data/ch2_brain.h5 --hypera-config configs/compare_mri.ini --seed S \
      --members 4 --cpus 2 --out RESULT.json [--mode pbt|pb2|independent]

RESULT.json: test.dice (the winner's, foreground Dice of the test slabs), the winner's validation Dice, wall
seconds (the call, Ray's start included), the CPU seconds the final members' lineages spent training and
validating (a copied member carries its donor's), exploits, versions.
"""
import argparse
import json
import math
import multiprocessing
import os
import random
import sys
import tempfile
import time

import numpy as np
import torch

PEER_FOLDER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "classes")
sys.path.insert(0, PEER_FOLDER)
from peer_unet import UNet2d, augment, crop, dice_per_class, hypera_settings, loss_fn, predict  # noqa: E402

MEMBER_SEED_STRIDE = 100003  # HYPERA's population: member k of seed s trains with seed s + 100003 k
LR_SCALE_BOUNDS = (0.25, 4.0)  # src/core/train/tunables.cpp
WEIGHT_DECAY_BOUNDS = (0.0, 0.1)
RESAMPLE_PROBABILITY = 0.25  # population.resample_probability
QUANTILE = 0.25  # population.quantile


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--prepared", required=True, help="HYPERA's prepared HDF5 file of the MRI task")
    p.add_argument("--hypera-config", required=True, help="configs/compare_mri.ini: the training settings")
    p.add_argument("--seed", type=int, default=0, help="the population's seed (HYPERA's train.seed)")
    p.add_argument("--members", type=int, default=4)
    p.add_argument("--cpus", type=int, default=2, help="cores Ray may use; every member gets cpus / members")
    p.add_argument("--mode", choices=["pbt", "pb2", "independent"], default="pbt")
    p.add_argument("--out", required=True, help="result JSON")
    args = p.parse_args()
    if args.members < 2:
        p.error("--members: PBT needs at least 2")
    args.settings = hypera_settings(args.hypera_config, target="foreground", select_metric="dice")
    return args


# ----------------------------------------------------------------------------------------------- data

def read_slabs(prepared):
    """{split: [(image, label)]}: each sample of /splits/<split> as (x, y, z) arrays, HYPERA's normalised image."""
    import h5py
    slabs = {}
    with h5py.File(prepared, "r") as f:
        for split in ("training", "validation", "test"):
            names = [n.decode() if isinstance(n, bytes) else str(n) for n in f["splits"][split][()]]
            slabs[split] = [(f["samples"][n]["image"][()].transpose(2, 1, 0).astype(np.float32),
                             f["samples"][n]["label"][()].transpose(2, 1, 0).astype(np.int64)) for n in names]
    return slabs


def mean_dice(model, cases):
    """Foreground Dice of every (image, label) case, predicted slice by slice, averaged over the cases."""
    return float(np.mean([dice_per_class(predict(model, image), label, 2)[0] for image, label in cases]))


# ------------------------------------------------------------------------------------------- training

def explored(value, bounds, rng):
    """HYPERA's perturb explore (pbt_rules.cpp): a fresh draw with RESAMPLE_PROBABILITY (log scale when the lower
    bound is positive), else x0.8 or x1.2; clipped to the bounds."""
    low, high = bounds
    if rng.random() < RESAMPLE_PROBABILITY:
        u = rng.random()
        value = math.exp(math.log(low) + u * (math.log(high) - math.log(low))) if low > 0 else low + u * (high - low)
    else:
        value = value * (0.8 if rng.random() < 0.5 else 1.2)
    return float(min(max(value, low), high))


def start_values(settings, seed, members):
    """Every member's (lr_scale, weight_decay) at the start: member 0 the config's, the others explored once."""
    rng = np.random.default_rng(seed)
    values = [(1.0, settings["weight_decay"])]
    for _ in range(1, members):
        values.append((explored(1.0, LR_SCALE_BOUNDS, rng), explored(settings["weight_decay"], WEIGHT_DECAY_BOUNDS,
                                                                      rng)))
    return values


class Member:
    """One member's training state: model, optimizer, generators, epoch and best validation so far."""

    def __init__(self, settings, seed):
        self.settings = settings
        torch.manual_seed(seed)
        self.rng = np.random.default_rng(seed)
        self.model = UNet2d(2, settings["base_channels"], settings["depth"])
        self.optimizer = torch.optim.SGD(self.model.parameters(), lr=settings["lr"], momentum=settings["momentum"],
                                         nesterov=True, weight_decay=settings["weight_decay"])
        self.epoch = 0
        self.best = (-1.0, None)  # validation Dice, weights
        self.cpu_seconds = 0.0  # training and validation, this process's CPU time

    def state(self):
        return {"model": self.model.state_dict(), "optimizer": self.optimizer.state_dict(),
                "rng": self.rng.bit_generator.state, "torch_rng": torch.get_rng_state(), "epoch": self.epoch,
                "best": self.best, "cpu_seconds": self.cpu_seconds}

    def load(self, state):
        self.model.load_state_dict(state["model"])
        self.optimizer.load_state_dict(state["optimizer"])
        self.rng.bit_generator.state = state["rng"]
        torch.set_rng_state(state["torch_rng"])
        self.epoch, self.best, self.cpu_seconds = state["epoch"], state["best"], state["cpu_seconds"]

    def train_epoch(self, slices, lr_scale, weight_decay):
        """One epoch of HYPERA's poly schedule (lr constant within the epoch) at the given values."""
        s = self.settings
        start = time.process_time()
        size = tuple(int(v) for v in s["patch"].split(","))
        lr = s["lr"] * lr_scale * (1 - self.epoch / s["epochs"]) ** s["poly_exponent"]
        for group in self.optimizer.param_groups:
            group["lr"], group["weight_decay"] = lr, weight_decay
        aug = argparse.Namespace(**{k: s[k] for k in ("flip_p", "rotate_p", "intensity")})
        samples = s["steps_per_epoch"] * s["batch"]  # shuffled passes over the slices, cut (HYPERA's epoch)
        order = np.concatenate([self.rng.permutation(len(slices))
                                for _ in range(math.ceil(samples / len(slices)))])[:samples]
        for step in range(s["steps_per_epoch"]):
            images, labels = [], []
            for i in order[step * s["batch"]:(step + 1) * s["batch"]]:
                image, label = slices[i]
                img, lab = augment(*crop(image, label, size, 0.33, self.rng), aug, self.rng)
                images.append(img)
                labels.append(lab)
            loss = loss_fn(self.model(torch.from_numpy(np.stack(images))[:, None]),
                           torch.from_numpy(np.stack(labels)), 2, s["dice_weight"], s["ce_weight"])
            self.optimizer.zero_grad(set_to_none=True)
            loss.backward()
            self.optimizer.step()
        self.epoch += 1
        self.cpu_seconds += time.process_time() - start

    def validate(self, cases):
        start = time.process_time()
        dice = mean_dice(self.model, cases)
        if dice > self.best[0]:
            self.best = (dice, {k: v.clone() for k, v in self.model.state_dict().items()})
        self.cpu_seconds += time.process_time() - start
        return dice


def training_slices(slabs):
    return [(image[:, :, z], label[:, :, z]) for image, label in slabs["training"] for z in range(image.shape[2])]


# ----------------------------------------------------------------------------------------------- modes

def ray_trainable(config):
    """Ray Tune function trainable: one member, restored from Ray's checkpoint after an exploit."""
    from ray import tune
    torch.set_num_threads(1)
    slabs = read_slabs(config["prepared"])
    slices = training_slices(slabs)
    member = Member(config["settings"], config["member_seed"])
    checkpoint = tune.get_checkpoint()
    if checkpoint:
        with checkpoint.as_directory() as folder:
            member.load(torch.load(os.path.join(folder, "member.pt"), weights_only=False))
    while member.epoch < config["settings"]["epochs"]:
        member.train_epoch(slices, config["lr_scale"], config["weight_decay"])
        dice = member.validate(slabs["validation"])
        with tempfile.TemporaryDirectory() as folder:
            torch.save(member.state(), os.path.join(folder, "member.pt"))
            tune.report({"dice": dice, "best_dice": member.best[0], "cpu_seconds": member.cpu_seconds},
                        checkpoint=tune.Checkpoint.from_directory(folder))


def ray_scheduler(mode):
    """Ray Tune's PBT with HYPERA's explore settings, or PB2 with the same bounds (both asynchronous)."""
    from ray import tune
    from ray.tune.schedulers import PopulationBasedTraining
    from ray.tune.schedulers.pb2 import PB2
    if mode == "pb2":
        return PB2(time_attr="training_iteration", perturbation_interval=1, quantile_fraction=QUANTILE,
                   hyperparam_bounds={"lr_scale": list(LR_SCALE_BOUNDS), "weight_decay": list(WEIGHT_DECAY_BOUNDS)})

    def clip_to_bounds(config):
        config["lr_scale"] = float(np.clip(config["lr_scale"], *LR_SCALE_BOUNDS))
        config["weight_decay"] = float(np.clip(config["weight_decay"], *WEIGHT_DECAY_BOUNDS))
        return config

    return PopulationBasedTraining(
        time_attr="training_iteration", perturbation_interval=1, quantile_fraction=QUANTILE,
        resample_probability=RESAMPLE_PROBABILITY, perturbation_factors=(1.2, 0.8),
        hyperparam_mutations={"lr_scale": tune.loguniform(*LR_SCALE_BOUNDS),
                              "weight_decay": tune.uniform(*WEIGHT_DECAY_BOUNDS)},
        custom_explore_fn=clip_to_bounds)


def run_ray(args, values):
    import ray
    from ray import tune

    random.seed(args.seed)  # PBT and PB2 draw their exploits and explores from the driver's `random`
    np.random.seed(args.seed)  # PB2's Gaussian-process bandit draws from numpy's global generator
    os.environ["PYTHONPATH"] = PEER_FOLDER + os.pathsep + os.environ.get("PYTHONPATH", "")  # Ray's workers
    ray.init(num_cpus=args.cpus, include_dashboard=False, log_to_driver=False, configure_logging=False)
    scheduler = ray_scheduler(args.mode)
    member_seeds = [args.seed + MEMBER_SEED_STRIDE * k for k in range(args.members)]
    space = {"prepared": os.path.abspath(args.prepared), "settings": args.settings,
             "member": tune.grid_search(list(range(args.members)))}
    space["member_seed"] = tune.sample_from(lambda config: member_seeds[config["member"]])
    space["lr_scale"] = tune.sample_from(lambda config: values[config["member"]][0])
    space["weight_decay"] = tune.sample_from(lambda config: values[config["member"]][1])
    storage = tempfile.mkdtemp(prefix="ray_pbt_")
    tuner = tune.Tuner(
        tune.with_resources(ray_trainable, {"cpu": args.cpus / args.members}), param_space=space,
        tune_config=tune.TuneConfig(scheduler=scheduler, metric="dice", mode="max", reuse_actors=False),
        run_config=tune.RunConfig(storage_path=storage, name="pbt", verbose=0))
    results = tuner.fit()
    members = []
    for result in results:
        with result.checkpoint.as_directory() as folder:
            members.append(torch.load(os.path.join(folder, "member.pt"), weights_only=False))
    exploits = int(getattr(scheduler, "_num_perturbations", -1))
    ray.shutdown()
    return members, exploits


def independent_member(job):
    """One member trained alone with its start values (a process of --mode independent)."""
    args_settings, prepared, seed, lr_scale, weight_decay = job
    torch.set_num_threads(1)
    slabs = read_slabs(prepared)
    slices = training_slices(slabs)
    member = Member(args_settings, seed)
    while member.epoch < args_settings["epochs"]:
        member.train_epoch(slices, lr_scale, weight_decay)
        member.validate(slabs["validation"])
    return member.state()


def run_independent(args, values):
    jobs = [(args.settings, args.prepared, args.seed + MEMBER_SEED_STRIDE * k, *values[k]) for k in range(args.members)]
    with multiprocessing.get_context("spawn").Pool(args.members) as pool:
        return pool.map(independent_member, jobs), 0


def main():
    args = parse_args()
    start = time.time()
    torch.set_num_threads(1)
    values = start_values(args.settings, args.seed, args.members)
    members, exploits = (run_independent if args.mode == "independent" else run_ray)(args, values)
    wall = time.time() - start
    winner = max(members, key=lambda m: m["best"][0])
    model = UNet2d(2, args.settings["base_channels"], args.settings["depth"])
    model.load_state_dict(winner["best"][1])
    test = mean_dice(model, read_slabs(args.prepared)["test"])
    import importlib.metadata as metadata
    result = {
        "system": f"Ray Tune {metadata.version('ray')} {args.mode.upper()}, plain PyTorch {torch.__version__} peer"
                  if args.mode != "independent" else f"independent plain PyTorch {torch.__version__} processes",
        "mode": args.mode, "seed": args.seed, "members": args.members, "cpus": args.cpus,
        "test": {"dice": test}, "winner_validation_dice": winner["best"][0],
        "members_best_validation": [m["best"][0] for m in members],
        "start_values": values, "exploits": exploits, "wall_seconds": wall,
        "cpu_seconds_of_final_members": sum(m["cpu_seconds"] for m in members),
        "steps_per_member": args.settings["epochs"] * args.settings["steps_per_epoch"],
    }
    with open(args.out, "w") as f:
        json.dump(result, f, indent=1)
    print(f"{args.mode} seed {args.seed}: test dice {test:.4f}, winner validation {winner['best'][0]:.4f}, "
          f"{exploits} exploits, wall {wall:.1f} s", flush=True)


if __name__ == "__main__":
    sys.exit(main())
