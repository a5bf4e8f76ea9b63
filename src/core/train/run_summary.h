#pragma once
// summary.json's content for a finished run (training_run.h): "verify_replicas" (when options.verify_replicas:
// every rank's model and participants against rank 0's), "best", "timing", "training", "final_validation",
// "test" (train.evaluate_test: the best checkpoint on the test split, every rank predicting its part) and every
// participant's own sections; rank 0 writes summary.json. Collective.
#include "core/train/run_checkpoints.h"
#include "core/train/trainer.h"
#include "core/train/training_run.h"

namespace hypera::core {

RunSummary summarize_run(TrainingRun& run, RunCheckpoints& checkpoints, double total_seconds);

}  // namespace hypera::core
