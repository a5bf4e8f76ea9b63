#pragma once
// Crash-safe training checkpoints in <run>/checkpoints/<tag>/ (tags "last" and "best").
//
// A checkpoint is a folder holding model.pt, optimizer.pt (LibTorch archives), state.ini (progress,
// registry values, schedule state), the files of `extra` (e.g. the agents' agents.h5), and MANIFEST (one
// line per file: name, size in bytes, CRC-32C), written last. save() writes into <tag>.tmp/, fsyncs every
// file and the folder, moves the complete previous checkpoint to <tag>.previous/ (replacing the one before
// it) and renames the new one into place, so a crash at any point leaves at least one complete checkpoint
// and a complete one stays behind the newest (support::write_folder_atomically, keeping the previous folder
// when it is complete). load() verifies the manifest and falls back to
// <tag>.previous/ when <tag>/ is damaged or incomplete. Disk: two checkpoints per tag.
// Called by the training thread of the rank that writes checkpoints. Cost: the size of the model and
// optimizer state, written once and read back once for the checksums.
#include <torch/torch.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace hypera::core {

// Where a run stopped inside an epoch (a stop signal: support/stop_signals.h), so that resuming continues that
// epoch as if it had not stopped: the loader batches already trained, the epoch's running sums for its
// metrics.csv row, and every rank's LibTorch CPU random generator (dropout draws; the ranks' shards and
// streams make it resumable on the same number of ranks only). batches_done == 0: at an epoch boundary.
struct PartialEpoch {
  int64_t batches_done = 0;
  double loss_sum = 0, gradient_norm_sum = 0;
  std::map<std::string, double> term_sums;
  int64_t batches = 0, images = 0, skipped = 0;  // steps applied, images seen, steps skipped (non-finite)
  std::vector<std::string> random_states;         // at::Generator::get_state() bytes per rank; none at a boundary
};

struct TrainingProgress {
  int64_t next_epoch = 0;   // epochs completed
  int64_t step = 0;         // optimizer steps taken
  double best_metric = -1;  // best validation value of the selection metric so far
  int64_t best_epoch = -1;
  std::map<std::string, double> registry;  // hyperparameter values at the end of the epoch
  std::vector<double> schedule_state;
  double scheduled_lr = 0;  // the schedule's last output (it writes the registry only when this changes)
  PartialEpoch partial;     // of epoch next_epoch, when the run stopped inside it
  double seconds = 0;       // wall seconds of training and validation so far, summed over resumes

  // The position as one number that orders checkpoints: epochs completed, then batches of the next one.
  double position() const { return double(next_epoch) * 1e7 + double(partial.batches_done); }
};

// Writes more files into the temporary checkpoint folder it is given and returns their names.
using ExtraCheckpointFiles = std::function<std::vector<std::string>(const std::filesystem::path& folder)>;

class CheckpointStore {
 public:
  explicit CheckpointStore(std::filesystem::path folder) : folder_(std::move(folder)) {}

  void save(const std::string& tag, const torch::nn::Module& model, const torch::optim::Optimizer& optimizer,
            const TrainingProgress& progress, const ExtraCheckpointFiles& extra = {}) const;

  // The folder of the newest complete, undamaged checkpoint with this tag, if any.
  std::optional<std::filesystem::path> find(const std::string& tag) const;
  // Every complete, undamaged checkpoint with this tag, newest first (<tag>/, then <tag>.previous/).
  std::vector<std::filesystem::path> find_all(const std::string& tag) const;
  // The progress a complete checkpoint folder holds (its state.ini), without loading the model.
  static TrainingProgress read_progress(const std::filesystem::path& checkpoint);

  // Loads the checkpoint `tag` into `model` (and `optimizer` when given). Throws hypera::InputError
  // naming the folder when no complete checkpoint with this tag exists.
  TrainingProgress load(const std::string& tag, torch::nn::Module& model, torch::optim::Optimizer* optimizer) const;
  // The same from a folder find() returned (no second verification of its checksums).
  static TrainingProgress load_folder(const std::filesystem::path& checkpoint, torch::nn::Module& model,
                                      torch::optim::Optimizer* optimizer);

  const std::filesystem::path& folder() const { return folder_; }

 private:
  std::filesystem::path folder_;
};

// True when the folder's MANIFEST lists model.pt, optimizer.pt and state.ini and every file it lists is
// present with the listed size and CRC-32C.
bool checkpoint_is_complete(const std::filesystem::path& checkpoint_folder);

}  // namespace hypera::core
