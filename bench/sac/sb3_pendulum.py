"""Stable-Baselines3 SAC on Gymnasium's Pendulum-v1 (or MountainCarContinuous-v0), the peer of
`hypera_sac_bench --mode train`: same step budget, seed, and hyperparameters (SB3's defaults, which are the
SAC paper's: lr 3e-4, buffer 1e6, batch 256, tau 0.005, gamma 0.99, learning_starts 100, 256-256 ReLU,
automatic entropy with target -|A|, one gradient step per environment step), one thread, CPU.
Prints one JSON line with the same keys as hypera_sac_bench.
    python sb3_pendulum.py --steps 20000 --seed 0 [--env pendulum|mountaincar]
"""
import argparse
import json
import time

import gymnasium as gym
import numpy as np
import torch
from stable_baselines3 import SAC
from stable_baselines3.common.logger import Logger
from stable_baselines3.common.monitor import Monitor

ENV_IDS = {"pendulum": "Pendulum-v1", "mountaincar": "MountainCarContinuous-v0"}
EVAL_SEED_OFFSET = 1000003  # as train_run.cpp


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--env", choices=sorted(ENV_IDS), default="pendulum")
    parser.add_argument("--steps", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    torch.set_num_threads(1)

    env = Monitor(gym.make(ENV_IDS[args.env]))
    model = SAC("MlpPolicy", env, learning_rate=3e-4, buffer_size=1_000_000, learning_starts=100, batch_size=256,
                tau=0.005, gamma=0.99, train_freq=1, gradient_steps=1, ent_coef="auto",
                policy_kwargs=dict(net_arch=[256, 256]), seed=args.seed, device="cpu", verbose=0)
    model.set_logger(Logger(folder=None, output_formats=[]))  # no log folder under /tmp
    start = time.perf_counter()
    model.learn(total_timesteps=args.steps)
    wall = time.perf_counter() - start
    returns = env.get_episode_rewards()

    eval_env = gym.make(ENV_IDS[args.env])
    eval_returns = []
    for episode in range(10):
        observation, _ = eval_env.reset(seed=args.seed + EVAL_SEED_OFFSET + episode)
        total, done = 0.0, False
        while not done:
            action, _ = model.predict(observation, deterministic=True)
            observation, reward, terminated, truncated, _ = eval_env.step(action)
            total += float(reward)
            done = terminated or truncated
        eval_returns.append(total)

    print(json.dumps({"system": "sb3", "env": args.env, "seed": args.seed, "steps": args.steps,
                      "episodes": len(returns), "mean_return_last10": round(float(np.mean(returns[-10:])), 2),
                      "eval_return_10": round(float(np.mean(eval_returns)), 2), "wall_s": round(wall, 1),
                      "updates": int(model._n_updates), "updates_per_s": round(model._n_updates / wall, 1),
                      "sb3": __import__("stable_baselines3").__version__, "torch": torch.__version__}))


if __name__ == "__main__":
    main()
