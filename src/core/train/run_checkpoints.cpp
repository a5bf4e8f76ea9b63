#include "core/train/run_checkpoints.h"

#include <algorithm>
#include <stdexcept>

#include "comm/host_values.h"
#include "support/durable_folder.h"

namespace hypera::core {

RunCheckpoints::RunCheckpoints(TrainingRun& run) : run_(run), store_(run.options.run_folder / "checkpoints") {}

void RunCheckpoints::record_progress() {
  run_.progress_record.step = run_.training_state.step;
  run_.progress_record.seconds = run_.seconds();
  run_.progress_record.registry = run_.registry.snapshot();
  run_.progress_record.schedule_state = run_.schedule->state();
}

void RunCheckpoints::save_best(const torch::nn::Module& model) {
  record_progress();
  if (run_.writes_outputs()) store_.save("best", model, *run_.optimizer, run_.progress_record);
}

void RunCheckpoints::save(const std::string& tag) {
  if (tag == "best") return save_best(*run_.model);
  record_progress();
  // The participants' state (the agents) joins "last" and "stopped": every rank takes part in their gathers.
  const auto participant_files = [this](const std::filesystem::path& folder) {
    std::vector<std::string> files;
    for (auto* participant : run_.participants) {
      for (const auto& file : participant->write_checkpoint(folder)) files.push_back(file);
    }
    return files;
  };
  if (run_.writes_outputs()) {
    store_.save(tag, *run_.model, *run_.optimizer, run_.progress_record, participant_files);
    if (tag == "last") {  // a newer epoch end: a checkpoint inside an earlier epoch is of no more use
      std::filesystem::remove_all(store_.folder() / "stopped");
      std::filesystem::remove_all(support::previous_folder(store_.folder() / "stopped"));
    }
  } else {
    participant_files({});
  }
}

void RunCheckpoints::resume_if_asked() {
  comm::Collective& agreeing = run_.options.resume_group ? *run_.options.resume_group : *run_.group;
  std::vector<std::filesystem::path> found;
  std::vector<double> positions;  // TrainingProgress::position(): epochs completed, then batches of the next
  if (run_.options.resume) {
    auto candidates = store_.find_all("stopped");
    for (const auto& folder : store_.find_all("last")) candidates.push_back(folder);
    for (const auto& folder : candidates) {
      const TrainingProgress progress = CheckpointStore::read_progress(folder);
      const size_t stopped_ranks = progress.partial.random_states.size();
      if (progress.partial.batches_done > 0 && stopped_ranks != size_t(run_.group->size())) {
        run_.message("resume: " + folder.string() + " stopped inside an epoch on " + std::to_string(stopped_ranks) +
                     " ranks, which only that number can continue; using the last epoch end");
        continue;
      }
      found.push_back(folder);
      positions.push_back(progress.position());
    }
  }
  // Every rank continues from the same position: the newest that all of them hold (a population's members save
  // in parallel, so a crash may leave some members one save ahead, or a member without any save yet). The ranks
  // of one model share one run folder: there, some finding checkpoints and others none means a file system
  // that not every rank reads.
  const double newest = positions.empty() ? -1.0 : *std::max_element(positions.begin(), positions.end());
  const auto in_folder = comm::allreduce_values(*run_.group, {newest, -newest}, comm::ReduceOp::kMin);
  if (in_folder[0] < 0 && -in_folder[1] >= 0) {
    throw std::runtime_error("resume: some ranks found checkpoints in " + run_.options.run_folder.string() +
                             " and others none (the run folder must be on a file system every rank reads)");
  }
  const auto range = &agreeing == run_.group ? in_folder
                                             : comm::allreduce_values(agreeing, {newest, -newest}, comm::ReduceOp::kMin);
  const double common = range[0], latest = -range[1];
  if (common < 0) {
    if (latest >= 0) {
      run_.message("resume: a member of the population holds no checkpoint yet (the run ended before its first "
                   "save): every member starts from the beginning");
    }
    return;
  }
  const auto at = std::find(positions.begin(), positions.end(), common);
  if (comm::allreduce_values(agreeing, {at == positions.end() ? 0.0 : 1.0}, comm::ReduceOp::kMin)[0] == 0) {
    throw std::runtime_error("resume: the ranks hold no complete checkpoint of one common position in " +
                             run_.options.run_folder.string() + " (newest common: epoch " +
                             std::to_string(int64_t(common / 1e7)) + ")");
  }
  const std::filesystem::path& folder = found[at - positions.begin()];
  run_.progress_record = CheckpointStore::load_folder(folder, *run_.model, run_.optimizer.get());
  for (auto* participant : run_.participants) participant->read_checkpoint(folder);
  run_.registry.restore(run_.progress_record.registry, "resume");
  run_.schedule->restore_state(run_.progress_record.schedule_state);
  run_.training_state.step = run_.progress_record.step;
  const int64_t batches_done = run_.progress_record.partial.batches_done;
  run_.message("resumed from " + folder.string() + " at epoch " + std::to_string(run_.progress_record.next_epoch + 1) +
               (batches_done > 0 ? " after batch " + std::to_string(batches_done) : std::string()));
}

void RunCheckpoints::load_best() { store_.load("best", *run_.model, nullptr); }

}  // namespace hypera::core
