#pragma once
// What a population remembers between generations (pbt_controller.h), the same on every rank, and its text
// form, which every member's "last" checkpoint holds as population.txt so that a resumed population continues
// as an uninterrupted one. Not thread-safe.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/train/schedule_replay.h"

namespace hypera::population {

// One member at one generation: population.csv's row.
struct GenerationRow {
  int64_t generation = 0;  // 0: the initial values
  int64_t epoch = 0;       // epochs trained when the generation ran
  int64_t step = 0;        // optimizer steps taken then
  int member = 0;
  double metric = 0;       // the validation's train.select_metric (NaN at generation 0)
  double fitness = 0;      // what ranked it (NaN at generation 0)
  int copied_from = -1;    // the member it copied at this generation, -1 for none
  std::vector<double> values;  // the explored hyperparameters after the generation, in the controller's order
};

struct PopulationState {
  bool started = false;        // generation 0 (the members' initial values) has run
  int64_t validations = 0;     // validations seen (a generation every population.interval of them)
  int64_t generations = 0;     // generations run after generation 0
  std::vector<double> previous_metric;  // per member: the metric of its lineage at the previous generation
  std::vector<GenerationRow> rows;
  // Per member: its lineage's schedule of the explored hyperparameters (registry names), replayable with
  // train.replay_schedule: the values an ancestor had until the member copied it, then its own.
  std::vector<std::vector<core::ReplayRow>> schedules;

  int64_t exploits() const;  // rows with a copy: every exploit so far
};

std::string population_state_text(const PopulationState& state);
// InputError naming `source` when `text` is not population_state_text's output for `members` members.
PopulationState population_state_from_text(const std::string& text, int members, const std::string& source);

}  // namespace hypera::population
