#include "core/train/schedule_replay.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "core/train/text_fields.h"
#include "core/train/tunables.h"
#include "support/durable_file.h"
#include "support/input_error.h"
#include "support/number_text.h"

namespace hypera::core {

std::vector<ReplayRow> read_replay_schedule(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line) || line != "step,name,value") {
    throw InputError(file.string() + ": missing or not a replay schedule (header step,name,value)");
  }
  std::vector<ReplayRow> rows;
  for (int number = 2; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    const auto fields = split_fields(line);
    ReplayRow row;
    std::size_t step_end = 0, value_end = 0;
    try {
      if (fields.size() != 3) throw std::invalid_argument("fields");
      row.step = std::stoll(fields[0], &step_end);
      row.name = fields[1];
      row.value = std::stod(fields[2], &value_end);
    } catch (const std::exception&) {
      step_end = 0;
    }
    if (step_end == 0 || step_end != fields[0].size() || value_end != fields[2].size() || row.step < 0 ||
        row.name.empty() || !std::isfinite(row.value)) {
      throw InputError(file.string() + ": line " + std::to_string(number) + " is not step,name,value");
    }
    rows.push_back(row);
  }
  std::stable_sort(rows.begin(), rows.end(), [](const ReplayRow& a, const ReplayRow& b) { return a.step < b.step; });
  return rows;
}

void write_replay_schedule(const std::filesystem::path& file, const std::vector<ReplayRow>& rows) {
  std::ostringstream text;
  text << "step,name,value\n";
  for (const auto& row : rows) text << row.step << "," << row.name << "," << support::format_number(row.value) << "\n";
  support::write_file_atomically(file, text.str());
}

ScheduleReplay::ScheduleReplay(std::vector<ReplayRow> rows) : rows_(std::move(rows)) {}

ListenerNeeds ScheduleReplay::needs() const {
  ListenerNeeds needs;
  needs.rollback = true;
  needs.validation_before_next_epoch = false;  // it replays by step
  for (const ReplayRow& row : rows_) needs.distance_maps = needs.distance_maps || row.name == tunable::kLossBoundary.name;
  return needs;
}

void ScheduleReplay::on_hook(Hook hook, const TrainingState& state, HyperparameterRegistry& registry) {
  if (hook == Hook::TrainBegin) {
    for (const auto& row : rows_) {
      if (!registry.contains(row.name)) {
        throw InputError("option 'train.replay_schedule': '" + row.name + "' is not a tunable hyperparameter");
      }
    }
  }
  if (hook != Hook::EpochBegin && hook != Hook::BatchBegin) return;
  std::map<std::string, double> current;
  for (const auto& row : rows_) {
    if (row.step > state.step) break;
    current[row.name] = row.value;
  }
  for (const auto& [name, value] : current) registry.set(name, value, "replay");
}

}  // namespace hypera::core
