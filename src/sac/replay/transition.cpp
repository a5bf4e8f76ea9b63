#include "sac/replay/transition.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace hypera::sac {
namespace {

void check_values(const std::vector<float>& values, int64_t expected, const char* field) {
  if (static_cast<int64_t>(values.size()) != expected) {
    throw std::invalid_argument(std::string("transition ") + field + ": " + std::to_string(values.size()) +
                                " values, expected " + std::to_string(expected));
  }
  for (float v : values) {
    if (!std::isfinite(v)) throw std::invalid_argument(std::string("transition ") + field + ": non-finite value");
  }
}

std::vector<float> values_of_row(const torch::Tensor& matrix, int64_t i) {
  const torch::Tensor values = matrix[i].contiguous();
  return {values.data_ptr<float>(), values.data_ptr<float>() + values.numel()};
}

}  // namespace

void check_transition(const Transition& transition, int64_t state_dim, int64_t action_dim) {
  check_values(transition.state, state_dim, "state");
  check_values(transition.action, action_dim, "action");
  check_values(transition.next_state, state_dim, "next_state");
  if (!std::isfinite(transition.reward)) throw std::invalid_argument("transition reward: non-finite value");
  if (!(transition.discount >= 0 && transition.discount <= 1)) {
    throw std::invalid_argument("transition discount: " + std::to_string(transition.discount) +
                                " outside [0, 1]");
  }
}

Transition transition_at(const Batch& batch, int64_t row) {
  return {values_of_row(batch.states, row), values_of_row(batch.actions, row), batch.rewards[row].item<float>(),
          values_of_row(batch.next_states, row), batch.discounts[row].item<float>()};
}

}  // namespace hypera::sac
