#include "dist/gradient_reducer.h"

#include <stdexcept>

#include "dist/module_sync.h"

namespace hypera::dist {

GradientReducer::GradientReducer(Communicator& communicator, torch::nn::Module& model, BucketOptions options)
    : communicator_(communicator), owner_thread_(std::this_thread::get_id()) {
  broadcast_module_state(communicator_, model, 0);
  for (const auto& parameter : model.parameters()) {
    if (parameter.requires_grad()) parameters_.push_back(parameter);
  }
  layouts_ = plan_buckets(parameters_, options);
  locations_.resize(parameters_.size());
  for (std::size_t b = 0; b < layouts_.size(); ++b) {
    const auto& layout = layouts_[b];
    Bucket bucket;
    bucket.flat = torch::zeros({layout.numel}, torch::TensorOptions().dtype(layout.dtype).device(layout.device));
    buckets_.push_back(std::move(bucket));
    for (std::size_t s = 0; s < layout.slots.size(); ++s) locations_[layout.slots[s].parameter] = {b, s};
  }
  filled_.assign(parameters_.size(), false);
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    hook_ids_.push_back(parameters_[i].register_hook([this, i](torch::Tensor gradient) { on_gradient(i, gradient); }));
  }
  reset_round();
}

GradientReducer::~GradientReducer() {
  for (std::size_t i = 0; i < parameters_.size(); ++i) parameters_[i].remove_hook(hook_ids_[i]);
  for (auto& bucket : buckets_) {
    if (bucket.pending) bucket.pending->wait();
  }
}

void GradientReducer::reset_round() {
  filled_.assign(parameters_.size(), false);
  for (std::size_t b = 0; b < buckets_.size(); ++b) {
    buckets_[b].missing = layouts_[b].slots.size();
    buckets_[b].pending.reset();
  }
  next_to_start_ = 0;
  started_in_backward_ = 0;
}

void GradientReducer::fill_slot(std::size_t parameter, const torch::Tensor& gradient) {
  const auto [b, s] = locations_[parameter];
  const auto& slot = layouts_[b].slots[s];
  auto view = buckets_[b].flat.narrow(0, slot.offset, slot.numel).view(parameters_[parameter].sizes());
  const auto& accumulated = parameters_[parameter].grad();
  if (gradient.defined()) {
    view.copy_(gradient);
    if (accumulated.defined()) view.add_(accumulated);
  } else if (accumulated.defined()) {
    view.copy_(accumulated);
  } else {
    view.zero_();
  }
  filled_[parameter] = true;
  --buckets_[b].missing;
}

void GradientReducer::on_gradient(std::size_t parameter, const torch::Tensor& gradient) {
  if (!synchronising_) return;
  if (filled_[parameter]) {
    throw std::logic_error("GradientReducer: a second backward before finish() (parameter " +
                           std::to_string(parameter) + ")");
  }
  torch::NoGradGuard no_grad;
  fill_slot(parameter, gradient);
  if (std::this_thread::get_id() != owner_thread_) return;
  const std::size_t before = next_to_start_;
  start_complete_buckets(buckets_.size() - 1);
  started_in_backward_ += static_cast<int>(next_to_start_ - before);
  for (std::size_t b = 0; b < next_to_start_; ++b) buckets_[b].pending->poll();
}

void GradientReducer::start_complete_buckets(std::size_t limit) {
  while (next_to_start_ < limit && buckets_[next_to_start_].missing == 0) {
    auto& bucket = buckets_[next_to_start_];
    bucket.pending = communicator_.allreduce_sum_async(bucket.flat);
    ++next_to_start_;
  }
}

void GradientReducer::finish() {
  if (!synchronising_) return;
  torch::NoGradGuard no_grad;
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    if (!filled_[i]) fill_slot(i, torch::Tensor());
  }
  // Every bucket but the last is non-blocking on every rank (ranks may have started different numbers of
  // them during backward, and a blocking and a non-blocking collective never match). The last one, complete
  // only when backward ends, has nothing left to overlap with: the blocking all-reduce, on every rank.
  start_complete_buckets(buckets_.size() - 1);
  const double scale = 1.0 / communicator_.size();
  for (std::size_t b = 0; b < buckets_.size(); ++b) {
    if (b + 1 < buckets_.size()) {
      buckets_[b].pending->wait();
    } else {
      communicator_.allreduce_sum(buckets_[b].flat);
    }
    buckets_[b].flat.mul_(scale);
    for (const auto& slot : layouts_[b].slots) {
      auto& parameter = parameters_[slot.parameter];
      auto average = buckets_[b].flat.narrow(0, slot.offset, slot.numel).view(parameter.sizes());
      if (!parameter.grad().defined()) parameter.mutable_grad() = torch::empty_like(parameter);
      parameter.mutable_grad().copy_(average);
    }
  }
  reset_round();
}

}  // namespace hypera::dist
