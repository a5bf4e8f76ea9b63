"""A plain PyTorch SAC update (what a Python implementation such as Stable-Baselines3 executes), timed on
random replay data on one thread, and the time of the matrix products alone for the same network sizes.

The update: twin critics with target copies, a tanh-squashed Gaussian actor (one output layer for mean and
log-std, log-std clamped to [-20, 2]), automatic entropy tuning on log alpha (target -|A|), Adam 3e-4 for
all three, gamma 0.99, tau 0.005, critic parameters frozen while the actor's loss flows through them.
A batch is drawn uniformly (with replacement) from a buffer of 10,000 random pendulum-sized transitions.

The matrix products alone: the 45 addmm/mm calls an update needs (forward of actor and both target critics
on s'; both critics on (s, a); critic weight gradients and input gradients down to the first layer; actor
forward, critics forward and input gradients down to the action, actor weight and input gradients), on
preallocated random operands, nothing else. matmul_only.cpp performs the same sequence in C++.

    python python_sac_update.py --hidden 64,64 --batch 64 [--seconds 5] [--state-dim 3 --action-dim 1]
prints one JSON line.
"""
import argparse
import copy
import json
import math
import time

import torch
from torch import nn


def mlp(inputs, hidden, outputs):
    layers, width = [], inputs
    for h in hidden:
        layers += [nn.Linear(width, h), nn.ReLU()]
        width = h
    layers.append(nn.Linear(width, outputs))
    return nn.Sequential(*layers)


class Sac:
    def __init__(self, state_dim, action_dim, hidden, batch, lr=3e-4, gamma=0.99, tau=0.005):
        self.actor = mlp(state_dim, hidden, 2 * action_dim)
        self.q1, self.q2 = mlp(state_dim + action_dim, hidden, 1), mlp(state_dim + action_dim, hidden, 1)
        self.q1_target, self.q2_target = copy.deepcopy(self.q1), copy.deepcopy(self.q2)
        for p in list(self.q1_target.parameters()) + list(self.q2_target.parameters()):
            p.requires_grad_(False)
        self.critic_params = list(self.q1.parameters()) + list(self.q2.parameters())
        self.log_alpha = torch.zeros(1, requires_grad=True)
        self.actor_opt = torch.optim.Adam(self.actor.parameters(), lr=lr)
        self.critic_opt = torch.optim.Adam(self.critic_params, lr=lr)
        self.alpha_opt = torch.optim.Adam([self.log_alpha], lr=lr)
        self.target_entropy = -float(action_dim)
        self.gamma, self.tau, self.batch = gamma, tau, batch

    def sample(self, states):
        mean, log_std = self.actor(states).chunk(2, dim=-1)
        std = log_std.clamp(-20, 2).exp()
        u = mean + std * torch.randn_like(mean)
        action = torch.tanh(u)
        gaussian = -0.5 * ((u - mean) / std) ** 2 - std.log() - 0.5 * math.log(2 * math.pi)
        # log(1 - tanh(u)^2) = 2 (log 2 - u - softplus(-2u)), exact and stable
        correction = 2 * (math.log(2) - u - nn.functional.softplus(-2 * u))
        return action, (gaussian - correction).sum(-1)

    def update(self, s, a, r, s2, done):
        alpha = self.log_alpha.exp().detach()
        with torch.no_grad():
            a2, logp2 = self.sample(s2)
            sa2 = torch.cat([s2, a2], 1)
            q_next = torch.min(self.q1_target(sa2), self.q2_target(sa2)).squeeze(1) - alpha * logp2
            y = r + self.gamma * (1 - done) * q_next
        sa = torch.cat([s, a], 1)
        critic_loss = 0.5 * (nn.functional.mse_loss(self.q1(sa).squeeze(1), y) + nn.functional.mse_loss(self.q2(sa).squeeze(1), y))
        self.critic_opt.zero_grad()
        critic_loss.backward()
        self.critic_opt.step()

        for p in self.critic_params:
            p.requires_grad_(False)
        a_pi, logp = self.sample(s)
        sa_pi = torch.cat([s, a_pi], 1)
        actor_loss = (alpha * logp - torch.min(self.q1(sa_pi), self.q2(sa_pi)).squeeze(1)).mean()
        self.actor_opt.zero_grad()
        actor_loss.backward()
        self.actor_opt.step()
        for p in self.critic_params:
            p.requires_grad_(True)

        alpha_loss = -(self.log_alpha * (logp.detach() + self.target_entropy)).mean()
        self.alpha_opt.zero_grad()
        alpha_loss.backward()
        self.alpha_opt.step()

        with torch.no_grad():
            for online, target in ((self.q1, self.q1_target), (self.q2, self.q2_target)):
                for p, p_target in zip(online.parameters(), target.parameters()):
                    p_target.lerp_(p, self.tau)


def time_loop(step, seconds):
    for _ in range(10):
        step()
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds or count < 20:
        step()
        count += 1
    return count / (time.perf_counter() - start)


def sac_update_rate(state_dim, action_dim, hidden, batch, seconds):
    agent = Sac(state_dim, action_dim, hidden, batch)
    size = 10000
    buffer = (torch.randn(size, state_dim), torch.rand(size, action_dim) * 2 - 1, torch.randn(size),
              torch.randn(size, state_dim), (torch.rand(size) < 0.01).float())

    def step():
        index = torch.randint(0, size, (batch,))
        agent.update(*(t[index] for t in buffer))

    return time_loop(step, seconds)


def matmul_only_rate(state_dim, action_dim, hidden, batch, seconds):
    def network(inputs, outputs):
        widths = [inputs] + hidden + [outputs]
        return [(torch.randn(i, o) * 0.05, torch.randn(o) * 0.05) for i, o in zip(widths[:-1], widths[1:])]

    actor = network(state_dim, 2 * action_dim)
    critics = [network(state_dim + action_dim, 1) for _ in range(2)]
    targets = [network(state_dim + action_dim, 1) for _ in range(2)]
    s = torch.randn(batch, state_dim)
    sa = torch.randn(batch, state_dim + action_dim)

    def forward(net, x):
        outputs = []
        for w, b in net:
            x = torch.addmm(b, x, w)
            outputs.append(x)
        return outputs

    def backward(net, inputs, outputs, input_grad_layers):
        grad = torch.ones_like(outputs[-1])
        for layer in range(len(net) - 1, -1, -1):
            w, _ = net[layer]
            torch.mm(inputs[layer].t(), grad)  # weight gradient, when weights are trained
            if layer >= len(net) - input_grad_layers:
                grad = torch.mm(grad, w.t())

    def backward_inputs(net, outputs, input_grad_layers):
        grad = torch.ones_like(outputs[-1])
        for layer in range(len(net) - 1, len(net) - 1 - input_grad_layers, -1):
            grad = torch.mm(grad, net[layer][0].t())

    depth = len(hidden) + 1

    def step():
        forward(actor, s)                                      # target policy on s'
        for net in targets:
            forward(net, sa)                                   # target critics on (s', a')
        for net in critics:                                    # critics on (s, a) and their gradients
            outputs = forward(net, sa)
            backward(net, [sa] + outputs[:-1], outputs, depth - 1)
        actor_outputs = forward(actor, s)                      # actor on s
        for net in critics:                                    # critics on (s, a_pi), gradient to the action
            backward_inputs(net, forward(net, sa), depth)
        backward(actor, [s] + actor_outputs[:-1], actor_outputs, depth - 1)

    return time_loop(step, seconds)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hidden", default="256,256")
    parser.add_argument("--batch", type=int, default=256)
    parser.add_argument("--state-dim", type=int, default=3)
    parser.add_argument("--action-dim", type=int, default=1)
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    hidden = [int(h) for h in args.hidden.split(",")]
    updates = sac_update_rate(args.state_dim, args.action_dim, hidden, args.batch, args.seconds)
    matmuls = matmul_only_rate(args.state_dim, args.action_dim, hidden, args.batch, args.seconds)
    print(json.dumps({"system": "python-pytorch", "torch": torch.__version__, "hidden": hidden, "batch": args.batch,
                      "updates_per_s": round(updates, 1), "update_ms": round(1000 / updates, 3),
                      "matmul_only_ms": round(1000 / matmuls, 3)}))


if __name__ == "__main__":
    main()
