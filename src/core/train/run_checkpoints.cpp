#include "core/train/run_checkpoints.h"

#include <algorithm>
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
  comm::Collective& agreeing = run_.options.resume_group ? *run_.options.resume_group : *run_.group;
  std::vector<std::filesystem::path> found;
  std::vector<int64_t> epochs;
  if (run_.options.resume) {
    for (const auto& folder : store_.find_all("last")) {
      found.push_back(folder);
      epochs.push_back(CheckpointStore::read_progress(folder).next_epoch);
    }
  }
  // Every rank continues from the same epoch: the newest that all of them hold (a population's members save in
  // parallel, so a crash may leave some members one save ahead), on a file system every rank reads.
  const double newest = epochs.empty() ? -1.0 : double(epochs.front());
  const auto range = comm::allreduce_values(agreeing, {newest, -newest}, comm::ReduceOp::kMin);
  const int64_t common = static_cast<int64_t>(range[0]), latest = static_cast<int64_t>(-range[1]);
  if (common < 0 && latest >= 0) {
    throw std::runtime_error("resume: some ranks found checkpoints in " + run_.options.run_folder.string() +
                             " and others none (the run folder must be on a file system every rank reads)");
  }
  if (common < 0) return;
  const auto at = std::find(epochs.begin(), epochs.end(), common);
  if (comm::allreduce_values(agreeing, {at == epochs.end() ? 0.0 : 1.0}, comm::ReduceOp::kMin)[0] == 0) {
    throw std::runtime_error("resume: the ranks hold no complete checkpoint of one common epoch in " +
                             run_.options.run_folder.string() + " (newest common: epoch " + std::to_string(common) + ")");
  }
  const std::filesystem::path& folder = found[at - epochs.begin()];
  run_.progress_record = CheckpointStore::load_folder(folder, *run_.model, run_.optimizer.get());
  for (auto* participant : run_.participants) participant->read_checkpoint(folder);
  run_.registry.restore(run_.progress_record.registry, "resume");
  run_.schedule->restore_state(run_.progress_record.schedule_state);
  run_.training_state.step = run_.progress_record.step;
  run_.message("resumed from " + folder.string() + " at epoch " + std::to_string(run_.progress_record.next_epoch + 1));
}

void RunCheckpoints::load_best() { store_.load("best", *run_.model, nullptr); }

}  // namespace hypera::core
