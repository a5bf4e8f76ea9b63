#pragma once
// The run's checkpoints (checkpoint_store.h) in <run>/checkpoints: "best" (model, optimizer, progress) when the
// selection metric improves; "last" at every epoch end, and "stopped" when a stop request ends the run inside an
// epoch (trainer.h), both with the participants' files (the agents' agents.h5). A "stopped" checkpoint is
// removed by the next "last" (it is older), and never displaces the epoch ends in "last"/"last.previous". Only
// rank 0 writes; every rank takes part in the participants' gathers and reads the same files on resume.
#include <string>

#include "core/train/checkpoint_store.h"
#include "core/train/training_run.h"

namespace hypera::core {

class RunCheckpoints {
 public:
  explicit RunCheckpoints(TrainingRun& run);

  // Records the run's step, registry and schedule state in run.progress_record and writes checkpoint `tag`
  // ("best", "last" or "stopped"). Collective for "last" and "stopped" (the participants gather their state).
  void save(const std::string& tag);
  // Writes "best" with `model`'s weights (a background validation's snapshot, validated after training went
  // on) and the run's current optimizer and progress.
  void save_best(const torch::nn::Module& model);
  // With options.resume: the ranks of options.resume_group (or the run's collective) agree, collectively, on
  // the newest position (TrainingProgress::position: an epoch end, or a step inside an epoch where a stop
  // request ended the run) that every one of them holds a complete "stopped" or "last" checkpoint of (its
  // <tag>/ or, when a crash came between two members' saves, its <tag>.previous/), and each loads model,
  // optimizer, progress, registry, schedule and every participant's files from that one. A "stopped"
  // checkpoint is skipped (with a message) unless the run's collective has the size that wrote it.
  // When a member of a population holds no checkpoint at all (the run ended before its first save), no position
  // is common and every rank starts from the beginning, with a message. std::runtime_error naming the folder when
  // some ranks of one run folder (run.group) hold checkpoints and others none, or when every rank holds some but
  // no common position exists.
  void resume_if_asked();
  // Loads the "best" model into run.model (every rank; rank 0 wrote it before a barrier).
  void load_best();

 private:
  void record_progress();  // the run's step, time, registry and schedule state into run.progress_record

  TrainingRun& run_;
  CheckpointStore store_;
};

}  // namespace hypera::core
