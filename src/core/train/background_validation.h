#pragma once
// Validation on a thread of its own while training goes on (train.overlap_validation): at an epoch end the
// trainer copies the model's weights into a snapshot and this thread predicts and scores this rank's share of
// the validation samples on the cores training leaves free; at the next epoch end (or a stop) the trainer takes
// the result, combines it over the ranks and uses it as if that epoch had been validated in line. The numbers
// are the same as an in-line validation's of the same weights (same prediction options; the evaluation
// is deterministic at a fixed thread count).
// Contract: one validation in flight at a time; start() and finish() on the training thread, finish() at the same
// point on every rank of the group (it is collective). The destructor waits for a validation in flight and
// drops its result.
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "comm/collective.h"
#include "core/measure/finite_means.h"
#include "core/seg/unet.h"
#include "core/train/segmentation_predictor.h"
#include "data/io/targets.h"
#include "data/pipeline/sample_cache.h"

namespace hypera::core {

struct BackgroundValidationSetup {
  std::shared_ptr<const data::SampleCache> samples;
  data::TargetKind target = data::TargetKind::Foreground;
  PredictionOptions prediction;
  int64_t limit = 0;  // train.max_validation_samples (0: all)
  int rank = 0, ranks = 1;
  int threads = 1;  // LibTorch (OpenMP) threads of the validation thread
};

class BackgroundValidation {
 public:
  // `like`: a model of the run's architecture and memory format (the snapshot is built like it).
  BackgroundValidation(const UNet& like, BackgroundValidationSetup setup);
  ~BackgroundValidation();
  BackgroundValidation(const BackgroundValidation&) = delete;
  BackgroundValidation& operator=(const BackgroundValidation&) = delete;

  // Copies `model`'s parameters and buffers into the snapshot (on the caller's thread, cost: one copy of the
  // weights) and starts validating it. std::logic_error if one is in flight.
  void start(const UNet& model);
  // Waits for the validation in flight and returns evaluate()'s metrics (evaluator.h) for it, combined over
  // `group` (collective). Rethrows what the validation thread threw. std::logic_error if none is in flight.
  std::map<std::string, double> finish(comm::Collective& group);
  // The snapshot that was validated last (for the "best" checkpoint); valid until the next start().
  const UNet& snapshot() const { return snapshot_; }
  // Seconds the validation thread computed for the validation that finish() took last.
  double last_seconds() const { return last_seconds_; }

 private:
  void validate();  // the thread's body

  BackgroundValidationSetup setup_;
  UNet snapshot_;
  std::thread thread_;
  bool in_flight_ = false;
  std::optional<FiniteMeans> share_;
  std::exception_ptr error_;
  double last_seconds_ = 0;
};

}  // namespace hypera::core
