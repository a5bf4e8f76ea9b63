#pragma once
// One step of experience and a sampled mini-batch, the currency between agents and replay buffers.
// Generic reinforcement learning: nothing here knows about training or segmentation.
#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace hypera::sac {

// A transition as stored in a replay buffer. `discount` is the factor that multiplies the bootstrapped
// value of `next_state` in the critic target: gamma for an ordinary one-step transition, gamma^k for a
// k-step transition built by n-step accumulation, and 0 when the episode terminated inside it (a true
// terminal state has no future value; a time-limit truncation is not a termination and keeps gamma^k).
// `reward` is the (discounted, for k > 1) sum of rewards inside the transition.
// For discrete actions `action` holds one value, the index of the chosen action.
struct Transition {
  std::vector<float> state;
  std::vector<float> action;
  float reward = 0;
  std::vector<float> next_state;
  float discount = 0;
};

// Throws std::invalid_argument naming the field when a transition does not have the declared sizes, when a
// value is not finite, or when discount is outside [0, 1].
void check_transition(const Transition& transition, int64_t state_dim, int64_t action_dim);

// A mini-batch as float32 tensors: states [B, S], actions [B, A], rewards [B], next_states [B, S],
// discounts [B], weights [B] (importance-sampling weights; all 1 for uniform sampling).
// indices [B] identify the sampled slots for ReplayBuffer::update_priorities.
struct Batch {
  torch::Tensor states;
  torch::Tensor actions;
  torch::Tensor rewards;
  torch::Tensor next_states;
  torch::Tensor discounts;
  torch::Tensor weights;
  std::vector<int64_t> indices;
};

// Row `row` (in [0, B)) of `batch` as a transition (its weight and index are not part of one).
Transition transition_at(const Batch& batch, int64_t row);

}  // namespace hypera::sac
