#include "parallel/gradient_reducer.h"

#include <torch/csrc/autograd/function_hook.h>

#include <stdexcept>

#include "parallel/module_sync.h"

namespace hypera::parallel {

// Runs after a parameter's AccumulateGrad node, i.e. once its gradient is in param.grad (the bucket).
class GradientReducer::AccumulatedHook : public torch::autograd::FunctionPostHook {
 public:
  AccumulatedHook(GradientReducer& reducer, std::size_t parameter) : reducer_(reducer), parameter_(parameter) {}
  torch::autograd::variable_list operator()(const torch::autograd::variable_list& outputs,
                                            const torch::autograd::variable_list&) override {
    reducer_.on_accumulated(parameter_);
    return outputs;
  }

 private:
  GradientReducer& reducer_;
  std::size_t parameter_;
};

GradientReducer::GradientReducer(comm::Collective& collective, torch::nn::Module& model, BucketOptions options)
    : collective_(collective), overlap_(options.overlap_with_backward), owner_thread_(std::this_thread::get_id()) {
  broadcast_module_state(collective_, model, 0);
  for (const auto& parameter : model.parameters()) {
    if (parameter.requires_grad()) parameters_.push_back(parameter);
  }
  layouts_ = plan_buckets(parameters_, options);
  locations_.resize(parameters_.size());
  slots_.resize(parameters_.size());
  for (std::size_t b = 0; b < layouts_.size(); ++b) {
    const auto& layout = layouts_[b];
    Bucket bucket;
    bucket.flat = torch::zeros({layout.numel}, torch::TensorOptions().dtype(layout.dtype).device(layout.device));
    for (std::size_t s = 0; s < layout.slots.size(); ++s) {
      const auto& slot = layout.slots[s];
      locations_[slot.parameter] = {b, s};
      auto* start = static_cast<char*>(bucket.flat.data_ptr()) + slot.offset * bucket.flat.element_size();
      slots_[slot.parameter] = torch::from_blob(start, parameters_[slot.parameter].sizes(), bucket.flat.options());
    }
    buckets_.push_back(std::move(bucket));
  }
  torch::NoGradGuard no_grad;
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    reclaim_grad(i);
    accumulators_.push_back(torch::autograd::impl::grad_accumulator(parameters_[i]));
    hook_keys_.push_back(accumulators_.back()->add_post_hook(std::make_unique<AccumulatedHook>(*this, i)));
  }
  reset_round();
}

GradientReducer::~GradientReducer() {
  for (std::size_t i = 0; i < parameters_.size(); ++i) accumulators_[i]->del_post_hook(hook_keys_[i]);
  for (auto& bucket : buckets_) {
    if (bucket.pending) bucket.pending->wait();
  }
  torch::NoGradGuard no_grad;
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    if (parameters_[i].grad().defined() && parameters_[i].grad().data_ptr() == slots_[i].data_ptr()) {
      parameters_[i].mutable_grad() = slots_[i].clone();
    }
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

void GradientReducer::reclaim_grad(std::size_t parameter) {
  auto& param = parameters_[parameter];
  const torch::Tensor& grad = param.grad();
  if (grad.defined() && grad.data_ptr() == slots_[parameter].data_ptr()) return;
  if (grad.defined()) {
    slots_[parameter].copy_(grad);
  } else {
    slots_[parameter].zero_();
  }
  param.mutable_grad() = slots_[parameter];
}

void GradientReducer::mark_ready(std::size_t parameter) {
  if (filled_[parameter]) {
    throw std::logic_error("GradientReducer: a second backward before finish() (parameter " +
                           std::to_string(parameter) + ")");
  }
  reclaim_grad(parameter);
  filled_[parameter] = true;
  --buckets_[locations_[parameter].bucket].missing;
}

void GradientReducer::on_accumulated(std::size_t parameter) {
  if (!synchronising_) return;
  torch::NoGradGuard no_grad;
  mark_ready(parameter);
  if (!overlap_ || std::this_thread::get_id() != owner_thread_) return;
  const std::size_t before = next_to_start_;
  start_complete_buckets(nonblocking_buckets());
  started_in_backward_ += static_cast<int>(next_to_start_ - before);
  for (std::size_t b = 0; b < next_to_start_; ++b) buckets_[b].pending->poll();
}

void GradientReducer::start_complete_buckets(std::size_t limit) {
  while (next_to_start_ < limit && buckets_[next_to_start_].missing == 0) {
    auto& bucket = buckets_[next_to_start_];
    bucket.pending = collective_.allreduce_async(bucket.flat, comm::ReduceOp::kSum);
    ++next_to_start_;
  }
}

std::size_t GradientReducer::nonblocking_buckets() const {
  return overlap_ && !buckets_.empty() ? buckets_.size() - 1 : 0;
}

void GradientReducer::finish() {
  if (!synchronising_) return;
  torch::NoGradGuard no_grad;
  for (std::size_t i = 0; i < parameters_.size(); ++i) {
    if (!filled_[i]) mark_ready(i);
  }
  // With overlap, every bucket but the last is non-blocking on every rank (ranks may have started different
  // numbers of them during backward, and a blocking and a non-blocking collective never match). The last
  // one, complete only when backward ends, has nothing left to overlap with: the blocking all-reduce, on
  // every rank. Without overlap every bucket is blocking. No average follows: the loss carried loss_share().
  const std::size_t nonblocking = nonblocking_buckets();
  start_complete_buckets(nonblocking);
  for (std::size_t b = 0; b < buckets_.size(); ++b) {
    if (b < nonblocking) {
      buckets_[b].pending->wait();
    } else {
      collective_.allreduce(buckets_[b].flat, comm::ReduceOp::kSum);
    }
  }
  reset_round();
}

}  // namespace hypera::parallel
