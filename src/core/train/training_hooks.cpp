#include "core/train/training_hooks.h"

namespace hypera::core {

const char* hook_name(Hook hook) {
  switch (hook) {
    case Hook::TrainBegin:
      return "train_begin";
    case Hook::EpochBegin:
      return "epoch_begin";
    case Hook::BatchBegin:
      return "batch_begin";
    case Hook::Loss:
      return "loss";
    case Hook::BatchEnd:
      return "batch_end";
    case Hook::ValidationEnd:
      return "validation_end";
    case Hook::EpochEnd:
      return "epoch_end";
    case Hook::TrainEnd:
      return "train_end";
  }
  return "unknown";
}

}  // namespace hypera::core
