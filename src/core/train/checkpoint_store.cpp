#include "core/train/checkpoint_store.h"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "core/train/device_choice.h"
#include "support/crc32c.h"
#include "support/input_error.h"
#include "support/number_text.h"
#include "support/durable_file.h"
#include "support/durable_folder.h"

namespace hypera::core {
namespace fs = std::filesystem;
namespace {

const char* const kManifest = "MANIFEST";
const char* const kModel = "model.pt";
const char* const kOptimizer = "optimizer.pt";
const char* const kState = "state.ini";

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

std::string number(double value) {
  std::ostringstream out;
  out << std::setprecision(17) << value;
  return out.str();
}

std::string hex_of(const std::string& bytes) {
  static const char* const kDigits = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : bytes) {
    hex += kDigits[byte >> 4];
    hex += kDigits[byte & 15];
  }
  return hex;
}

std::string bytes_of_hex(const fs::path& path, const std::string& hex) {
  const auto digit = [&](char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    throw InputError(path.string() + ": a partial.random_state is not hexadecimal");
  };
  if (hex.size() % 2 != 0) throw InputError(path.string() + ": a partial.random_state has an odd length");
  std::string bytes;
  for (size_t i = 0; i < hex.size(); i += 2) bytes += char(digit(hex[i]) * 16 + digit(hex[i + 1]));
  return bytes;
}

std::string state_text(const TrainingProgress& p) {
  std::ostringstream out;
  out << "next_epoch = " << p.next_epoch << "\nstep = " << p.step << "\nbest_metric = " << number(p.best_metric)
      << "\nbest_epoch = " << p.best_epoch << "\nscheduled_lr = " << number(p.scheduled_lr)
      << "\nseconds = " << number(p.seconds) << "\n";
  for (const auto& [name, value] : p.registry) out << "registry." << name << " = " << number(value) << "\n";
  for (size_t i = 0; i < p.schedule_state.size(); ++i) {
    out << "schedule." << i << " = " << number(p.schedule_state[i]) << "\n";
  }
  const PartialEpoch& partial = p.partial;
  if (partial.batches_done > 0) {
    out << "partial.batches_done = " << partial.batches_done << "\npartial.loss_sum = " << number(partial.loss_sum)
        << "\npartial.gradient_norm_sum = " << number(partial.gradient_norm_sum)
        << "\npartial.batches = " << partial.batches << "\npartial.images = " << partial.images
        << "\npartial.skipped = " << partial.skipped << "\n";
    for (const auto& [term, sum] : partial.term_sums) out << "partial.term." << term << " = " << number(sum) << "\n";
    for (size_t rank = 0; rank < partial.random_states.size(); ++rank) {
      out << "partial.random_state." << rank << " = " << hex_of(partial.random_states[rank]) << "\n";
    }
  }
  return out.str();
}

double number_in(const fs::path& path, const std::string& key, const std::string& text) {
  const auto value = support::parse_number(text);
  if (!value) throw InputError(path.string() + ": '" + key + "' is not a number: '" + text + "'");
  return *value;
}

// A count or index of the file (an epoch, a step, a number of batches): a whole number within +-2^53, where a
// double holds every integer (far beyond any run); anything else is an InputError naming the file and the key.
int64_t whole_in(const fs::path& path, const std::string& key, const std::string& text, double value) {
  constexpr double kLargest = 9007199254740992.0;  // 2^53
  if (!(std::abs(value) <= kLargest) || value != std::trunc(value)) {
    throw InputError(path.string() + ": '" + key + "' is not a whole number within +-2^53: '" + text + "'");
  }
  return static_cast<int64_t>(value);
}

TrainingProgress parse_state(const fs::path& path) {
  TrainingProgress progress;
  PartialEpoch& partial = progress.partial;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    const auto equals = line.find(" = ");
    if (equals == std::string::npos) throw InputError(path.string() + ": malformed line '" + line + "'");
    const std::string key = line.substr(0, equals);
    if (key.rfind("partial.random_state.", 0) == 0) {
      if (key != "partial.random_state." + std::to_string(partial.random_states.size())) {
        throw InputError(path.string() + ": '" + key + "' out of rank order");
      }
      partial.random_states.push_back(bytes_of_hex(path, line.substr(equals + 3)));
      continue;
    }
    const std::string text = line.substr(equals + 3);
    const double value = number_in(path, key, text);
    auto whole = [&] { return whole_in(path, key, text, value); };
    if (key == "next_epoch")
      progress.next_epoch = whole();
    else if (key == "step")
      progress.step = whole();
    else if (key == "best_metric")
      progress.best_metric = value;
    else if (key == "best_epoch")
      progress.best_epoch = whole();
    else if (key == "scheduled_lr")
      progress.scheduled_lr = value;
    else if (key == "seconds")
      progress.seconds = value;
    else if (key.rfind("registry.", 0) == 0)
      progress.registry[key.substr(9)] = value;
    else if (key.rfind("schedule.", 0) == 0)
      progress.schedule_state.push_back(value);
    else if (key == "partial.batches_done")
      partial.batches_done = whole();
    else if (key == "partial.loss_sum")
      partial.loss_sum = value;
    else if (key == "partial.gradient_norm_sum")
      partial.gradient_norm_sum = value;
    else if (key == "partial.batches")
      partial.batches = whole();
    else if (key == "partial.images")
      partial.images = whole();
    else if (key == "partial.skipped")
      partial.skipped = whole();
    else if (key.rfind("partial.term.", 0) == 0)
      partial.term_sums[key.substr(13)] = value;
    else
      throw InputError(path.string() + ": unknown key '" + key + "'");
  }
  if (progress.next_epoch < 0 || progress.step < 0 || partial.batches_done < 0) {
    throw InputError(path.string() + ": negative epoch, step or batch count");
  }
  if (partial.batches_done > 0 && partial.random_states.empty()) {
    throw InputError(path.string() + ": a position inside an epoch without partial.random_state.0");
  }
  return progress;
}

std::string manifest_line(const fs::path& file) {
  const std::string bytes = read_bytes(file);
  std::ostringstream line;
  line << file.filename().string() << " " << bytes.size() << " " << support::crc32c(bytes.data(), bytes.size()) << "\n";
  return line.str();
}

}  // namespace

bool checkpoint_is_complete(const fs::path& folder) {
  std::ifstream manifest(folder / kManifest);
  if (!manifest) return false;
  std::string name;
  uint64_t size = 0;
  uint32_t crc = 0;
  int core_files = 0;
  while (manifest >> name >> size >> crc) {
    const std::string bytes = read_bytes(folder / name);
    if (bytes.size() != size || support::crc32c(bytes.data(), bytes.size()) != crc) return false;
    if (name == kModel || name == kOptimizer || name == kState) ++core_files;
  }
  return core_files == 3;
}

void CheckpointStore::save(const std::string& tag, const torch::nn::Module& model,
                           const torch::optim::Optimizer& optimizer, const TrainingProgress& progress,
                           const ExtraCheckpointFiles& extra) const {
  const auto write = [&](const fs::path& staging) {
    torch::serialize::OutputArchive model_archive;
    model.save(model_archive);
    model_archive.save_to((staging / kModel).string());
    torch::serialize::OutputArchive optimizer_archive;
    optimizer.save(optimizer_archive);
    optimizer_archive.save_to((staging / kOptimizer).string());
    {
      std::ofstream state(staging / kState);
      state << state_text(progress);
    }
    std::vector<std::string> files{kModel, kOptimizer, kState};
    if (extra) {
      for (const std::string& file : extra(staging)) files.push_back(file);
    }
    std::string manifest;
    for (const std::string& file : files) manifest += manifest_line(staging / file);
    support::write_file_atomically(staging / kManifest, manifest);
  };
  support::write_folder_atomically(folder_ / tag, write, checkpoint_is_complete);
}

std::optional<fs::path> CheckpointStore::find(const std::string& tag) const {
  const auto all = find_all(tag);
  if (all.empty()) return std::nullopt;
  return all.front();
}

std::vector<fs::path> CheckpointStore::find_all(const std::string& tag) const {
  std::vector<fs::path> complete;
  for (const fs::path& candidate : {folder_ / tag, support::previous_folder(folder_ / tag)}) {
    if (checkpoint_is_complete(candidate)) complete.push_back(candidate);
  }
  return complete;
}

TrainingProgress CheckpointStore::read_progress(const fs::path& checkpoint) { return parse_state(checkpoint / kState); }

TrainingProgress CheckpointStore::load(const std::string& tag, torch::nn::Module& model,
                                       torch::optim::Optimizer* optimizer) const {
  const auto found = find(tag);
  if (!found) throw InputError((folder_ / tag).string() + ": no complete checkpoint (missing or damaged)");
  return load_folder(*found, model, optimizer);
}

TrainingProgress CheckpointStore::load_folder(const fs::path& checkpoint, torch::nn::Module& model,
                                              torch::optim::Optimizer* optimizer) {
  // Tensors are read onto the model's device (a checkpoint written on a GPU resumes on the CPU and back).
  const torch::Device device = device_of(model);
  torch::serialize::InputArchive model_archive;
  model_archive.load_from((checkpoint / kModel).string(), device);
  model.load(model_archive);
  if (optimizer) {
    torch::serialize::InputArchive optimizer_archive;
    optimizer_archive.load_from((checkpoint / kOptimizer).string(), device);
    optimizer->load(optimizer_archive);
  }
  return read_progress(checkpoint);
}

}  // namespace hypera::core
