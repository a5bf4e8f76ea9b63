#pragma once
// Reads the hparams.csv of a run folder (RunLogger): one row per hyperparameter-registry write, columns
// step, epoch, rank, writer, name, old, new. Thread-safe; cost linear in the file size.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace hypera::app {

struct HparamWrite {
  int64_t step = 0;
  int64_t epoch = 0;
  int rank = 0;
  std::string writer;  // "config", "schedule", "resume", "trainer", "replay" or an agent's name
  std::string name;    // the hyperparameter ("lr", "loss.dice", ...)
  double old_value = 0;
  double new_value = 0;
};

// Every row of `file` after the header, in file order. Throws hypera::InputError naming the file when it cannot
// be read, a row does not have 7 fields, or a step, epoch, rank or value is not a number.
std::vector<HparamWrite> read_hparams(const std::filesystem::path& file);

}  // namespace hypera::app
