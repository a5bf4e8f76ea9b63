#include "sac/replay/prioritized_replay.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "sac/replay/sample_checks.h"

namespace hypera::sac {

void check_priority_options(const PriorityOptions& options) {
  auto fail = [](const std::string& what) { throw std::invalid_argument("prioritized replay: " + what); };
  if (!(options.alpha >= 0) || !std::isfinite(options.alpha)) {
    fail("alpha " + std::to_string(options.alpha) + " must be finite and >= 0");
  }
  if (!(options.beta >= 0 && options.beta <= 1)) fail("beta " + std::to_string(options.beta) + " outside [0, 1]");
  if (options.beta_steps < 0) fail("beta_steps " + std::to_string(options.beta_steps) + " must be >= 0");
  if (!(options.epsilon > 0) || !std::isfinite(options.epsilon)) {
    fail("epsilon " + std::to_string(options.epsilon) + " must be finite and > 0");
  }
}

namespace {

PriorityOptions checked(const PriorityOptions& options) {
  check_priority_options(options);
  return options;
}

}  // namespace

PrioritizedReplay::PrioritizedReplay(int64_t capacity, int64_t state_dim, int64_t action_dim,
                                     PriorityOptions options)
    : options_(checked(options)), store_(capacity, state_dim, action_dim), tree_(capacity) {}

void PrioritizedReplay::add(const Transition& transition) {
  tree_.set(store_.add(transition), max_priority_);
}

double PrioritizedReplay::beta() const {
  if (options_.beta_steps == 0) return 1.0;
  const double progress = std::min(1.0, static_cast<double>(sampled_batches_) / options_.beta_steps);
  return options_.beta + (1.0 - options_.beta) * progress;
}

Batch PrioritizedReplay::sample(int64_t batch_size, std::mt19937_64& rng) {
  check_sample_request(batch_size, size());
  const double total = tree_.total();
  const double segment = total / static_cast<double>(batch_size);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  indices_.resize(static_cast<size_t>(batch_size));
  for (int64_t k = 0; k < batch_size; ++k) indices_[k] = tree_.find_prefix_sum((k + unit(rng)) * segment);

  Batch batch = store_.gather(indices_);
  const double exponent = -beta();
  const double n = static_cast<double>(size());
  float* weights = batch.weights.data_ptr<float>();
  double largest = 0;
  for (int64_t k = 0; k < batch_size; ++k) {
    const double w = std::pow(n * tree_.get(indices_[k]) / total, exponent);
    weights[k] = static_cast<float>(w);
    largest = std::max(largest, w);
  }
  for (int64_t k = 0; k < batch_size; ++k) weights[k] = static_cast<float>(weights[k] / largest);
  ++sampled_batches_;
  return batch;
}

void PrioritizedReplay::update_priorities(const std::vector<int64_t>& indices,
                                          const std::vector<float>& abs_td_errors) {
  if (indices.size() != abs_td_errors.size()) {
    throw std::invalid_argument("prioritized replay: " + std::to_string(indices.size()) + " indices but " +
                                std::to_string(abs_td_errors.size()) + " TD errors");
  }
  for (size_t k = 0; k < indices.size(); ++k) {
    if (indices[k] < 0 || indices[k] >= size()) {
      throw std::invalid_argument("prioritized replay: index " + std::to_string(indices[k]) + " outside [0, " +
                                  std::to_string(size()) + ")");
    }
    if (!std::isfinite(abs_td_errors[k]) || abs_td_errors[k] < 0) {
      throw std::invalid_argument("prioritized replay: TD error " + std::to_string(abs_td_errors[k]) +
                                  " must be finite and non-negative");
    }
  }
  for (size_t k = 0; k < indices.size(); ++k) {
    const double p = std::pow(static_cast<double>(abs_td_errors[k]) + options_.epsilon, options_.alpha);
    tree_.set(indices[k], p);
    max_priority_ = std::max(max_priority_, p);
  }
}

void PrioritizedReplay::save(torch::serialize::OutputArchive& archive) const {
  store_.save(archive);
  const std::vector<double> priorities = tree_.priorities();
  archive.write("priorities", torch::tensor(priorities, torch::kFloat64));
  archive.write("max_priority", c10::IValue(max_priority_));
  archive.write("sampled_batches", c10::IValue(sampled_batches_));
}

void PrioritizedReplay::load(torch::serialize::InputArchive& archive) {
  torch::Tensor priorities;
  c10::IValue max_priority;
  c10::IValue sampled_batches;
  if (!archive.try_read("priorities", priorities) || !archive.try_read("max_priority", max_priority) ||
      !archive.try_read("sampled_batches", sampled_batches) || !max_priority.isDouble() ||
      !sampled_batches.isInt()) {
    throw std::invalid_argument("replay archive: missing 'priorities', 'max_priority' or 'sampled_batches'");
  }
  if (priorities.dim() != 1 || priorities.size(0) != capacity() || priorities.scalar_type() != torch::kFloat64) {
    throw std::invalid_argument("replay archive: 'priorities' has shape " + c10::str(priorities.sizes()) +
                                ", expected [" + std::to_string(capacity()) + "] Double");
  }
  if (!(max_priority.toDouble() > 0) || !std::isfinite(max_priority.toDouble()) || sampled_batches.toInt() < 0) {
    throw std::invalid_argument("replay archive: max_priority must be finite and positive, sampled_batches >= 0");
  }
  const torch::Tensor flat = priorities.contiguous();
  const double* values = flat.data_ptr<double>();
  SumTree tree(capacity());
  tree.assign(std::vector<double>(values, values + capacity()));
  store_.load(archive);  // the last check: nothing below can throw
  tree_ = std::move(tree);
  max_priority_ = max_priority.toDouble();
  sampled_batches_ = sampled_batches.toInt();
}

}  // namespace hypera::sac
