#include "core/train/background_validation.h"

#include <ATen/Parallel.h>

#include <chrono>
#include <stdexcept>

#include "core/train/device_choice.h"
#include "core/train/evaluator.h"

namespace hypera::core {

BackgroundValidation::BackgroundValidation(const UNet& like, BackgroundValidationSetup setup)
    : setup_(std::move(setup)), snapshot_(UNet(like->options())) {
  snapshot_->to(device_of(*like));
  if (setup_.prediction.channels_last) to_channels_last(*snapshot_);
  snapshot_->eval();
}

BackgroundValidation::~BackgroundValidation() {
  if (thread_.joinable()) thread_.join();
}

void BackgroundValidation::start(const UNet& model) {
  if (in_flight_) throw std::logic_error("BackgroundValidation::start: a validation is in flight");
  copy_state(*model, *snapshot_);
  in_flight_ = true;
  share_.reset();
  error_ = nullptr;
  thread_ = std::thread([this] { validate(); });
}

void BackgroundValidation::validate() {
  const auto start = std::chrono::steady_clock::now();
  try {
    // A new thread starts with OpenMP's default team size (every core): set this thread's own. (With OpenMP,
    // LibTorch's intra-op thread count is per calling thread; oneDNN's kernel cache that it clears is too.)
    at::set_num_threads(setup_.threads);
    share_ = score_share(snapshot_, *setup_.samples, setup_.target, setup_.prediction, setup_.limit, setup_.rank,
                         setup_.ranks);
  } catch (...) {
    error_ = std::current_exception();
  }
  last_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::map<std::string, double> BackgroundValidation::finish(comm::Collective& group) {
  if (!in_flight_) throw std::logic_error("BackgroundValidation::finish: no validation in flight");
  thread_.join();
  in_flight_ = false;
  if (error_) std::rethrow_exception(error_);
  return combine_shares(std::move(*share_), group);
}

}  // namespace hypera::core
