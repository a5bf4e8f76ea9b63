#include "sac/replay/n_step.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace hypera::sac {
namespace {

void check_same_size(const std::vector<float>& values, const std::vector<float>& reference, const char* field) {
  if (values.size() != reference.size()) {
    throw std::invalid_argument(std::string("n-step step ") + field + ": " + std::to_string(values.size()) +
                                " values, pending steps have " + std::to_string(reference.size()));
  }
}

// Rows of `member` of every step as a float32 [steps, width] tensor ([0, 0] when there are no steps).
torch::Tensor stack_rows(const std::deque<Step>& steps, std::vector<float> Step::*member) {
  const auto rows = static_cast<int64_t>(steps.size());
  const auto width = rows == 0 ? int64_t{0} : static_cast<int64_t>((steps.front().*member).size());
  torch::Tensor out = torch::empty({rows, width}, torch::kFloat32);
  float* data = out.data_ptr<float>();
  for (const Step& step : steps) data = std::copy((step.*member).begin(), (step.*member).end(), data);
  return out;
}

torch::Tensor read_rows(torch::serialize::InputArchive& archive, const std::string& key, int64_t rows,
                        int64_t dims) {
  torch::Tensor tensor;
  if (!archive.try_read(key, tensor)) throw std::invalid_argument("n-step archive: missing '" + key + "'");
  if (tensor.dim() != dims || tensor.size(0) != rows || tensor.scalar_type() != torch::kFloat32) {
    throw std::invalid_argument("n-step archive: '" + key + "' has shape " + c10::str(tensor.sizes()) +
                                ", expected " + std::to_string(rows) + " float rows of rank " + std::to_string(dims));
  }
  return tensor.contiguous();
}

std::vector<float> row(const torch::Tensor& matrix, int64_t index) {
  const float* begin = matrix.data_ptr<float>() + index * matrix.size(1);
  return std::vector<float>(begin, begin + matrix.size(1));
}

}  // namespace

NStepAccumulator::NStepAccumulator(int64_t n, double gamma) : n_(n), gamma_(gamma) {
  if (n < 1) throw std::invalid_argument("n-step: n " + std::to_string(n) + " must be >= 1");
  if (!(gamma >= 0 && gamma <= 1)) throw std::invalid_argument("n-step: gamma " + std::to_string(gamma) + " outside [0, 1]");
}

std::vector<Transition> NStepAccumulator::push(const Step& step) {
  if (!pending_.empty()) {
    const Step& reference = pending_.front();
    check_same_size(step.state, reference.state, "state");
    check_same_size(step.action, reference.action, "action");
    check_same_size(step.next_state, reference.next_state, "next_state");
  }
  pending_.push_back(step);
  std::vector<Transition> complete;
  if (step.terminated || step.truncated) {
    for (size_t first = 0; first < pending_.size(); ++first) complete.push_back(transition_from(first));
    pending_.clear();
  } else if (pending() == n_) {
    complete.push_back(transition_from(0));
    pending_.pop_front();
  }
  return complete;
}

Transition NStepAccumulator::transition_from(size_t first) const {
  const Step& start = pending_[first];
  const Step& last = pending_.back();
  double reward = 0;
  double factor = 1;
  for (size_t k = first; k < pending_.size(); ++k) {
    reward += factor * pending_[k].reward;
    factor *= gamma_;
  }
  return Transition{start.state, start.action, static_cast<float>(reward), last.next_state,
                    last.terminated ? 0.0f : static_cast<float>(factor)};
}

void NStepAccumulator::save(torch::serialize::OutputArchive& archive) const {
  torch::Tensor rewards = torch::empty({pending()}, torch::kFloat32);
  std::transform(pending_.begin(), pending_.end(), rewards.data_ptr<float>(), [](const Step& s) { return s.reward; });
  archive.write("states", stack_rows(pending_, &Step::state));
  archive.write("actions", stack_rows(pending_, &Step::action));
  archive.write("rewards", rewards);
  archive.write("next_states", stack_rows(pending_, &Step::next_state));
}

void NStepAccumulator::load(torch::serialize::InputArchive& archive) {
  torch::Tensor rewards;
  if (!archive.try_read("rewards", rewards)) throw std::invalid_argument("n-step archive: missing 'rewards'");
  const int64_t rows = rewards.dim() == 1 ? rewards.size(0) : -1;
  if (rows < 0 || rows >= n_) {
    throw std::invalid_argument("n-step archive: 'rewards' has shape " + c10::str(rewards.sizes()) +
                                ", expected fewer than " + std::to_string(n_) + " pending steps");
  }
  rewards = read_rows(archive, "rewards", rows, 1);
  const torch::Tensor states = read_rows(archive, "states", rows, 2);
  const torch::Tensor actions = read_rows(archive, "actions", rows, 2);
  const torch::Tensor next_states = read_rows(archive, "next_states", rows, 2);
  if (next_states.size(1) != states.size(1)) {
    throw std::invalid_argument("n-step archive: 'next_states' width " + std::to_string(next_states.size(1)) +
                                " differs from 'states' width " + std::to_string(states.size(1)));
  }
  std::deque<Step> steps;
  for (int64_t i = 0; i < rows; ++i) {
    steps.push_back(Step{row(states, i), row(actions, i), rewards[i].item<float>(), row(next_states, i)});
  }
  pending_ = std::move(steps);
}

}  // namespace hypera::sac
