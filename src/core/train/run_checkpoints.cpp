#include "core/train/run_checkpoints.h"

#include <stdexcept>

#include "comm/host_values.h"

namespace hypera::core {

RunCheckpoints::RunCheckpoints(TrainingRun& run) : run_(run), store_(run.options.run_folder / "checkpoints") {}

void RunCheckpoints::save(const std::string& tag) {
  run_.progress_record.step = run_.training_state.step;
  run_.progress_record.registry = run_.registry.snapshot();
  run_.progress_record.schedule_state = run_.schedule->state();
  if (tag != "last") {
    if (run_.writes_outputs()) store_.save(tag, *run_.model, *run_.optimizer, run_.progress_record);
    return;
  }
  // The participants' state (the agents) joins "last": every rank takes part in their gathers.
  const auto participant_files = [this](const std::filesystem::path& folder) {
    std::vector<std::string> files;
    for (auto* participant : run_.participants) {
      for (const auto& file : participant->write_checkpoint(folder)) files.push_back(file);
    }
    return files;
  };
  if (run_.writes_outputs()) {
    store_.save(tag, *run_.model, *run_.optimizer, run_.progress_record, participant_files);
  } else {
    participant_files({});
  }
}

void RunCheckpoints::resume_if_asked() {
  if (run_.options.resume) {
    if (const auto found = store_.find("last")) {
      run_.progress_record = CheckpointStore::load_folder(*found, *run_.model, run_.optimizer.get());
      for (auto* participant : run_.participants) participant->read_checkpoint(*found);
      run_.registry.restore(run_.progress_record.registry, "resume");
      run_.schedule->restore_state(run_.progress_record.schedule_state);
      run_.training_state.step = run_.progress_record.step;
      run_.message("resumed from " + found->string() + " at epoch " +
                   std::to_string(run_.progress_record.next_epoch + 1));
    }
  }
  // Every rank must continue from the same epoch (the same checkpoint files, e.g. a run folder on a shared
  // file system).
  if (!comm::same_on_every_rank(*run_.group, {double(run_.progress_record.next_epoch)})) {
    throw std::runtime_error("resume: the ranks found different checkpoints in " +
                             run_.options.run_folder.string() +
                             " (the run folder must be on a file system every rank reads)");
  }
}

void RunCheckpoints::load_best() { store_.load("best", *run_.model, nullptr); }

}  // namespace hypera::core
