#pragma once
// The population's files in the run folder (world rank 0 writes them, replacing the previous ones atomically, from
// the state that the checkpoints also hold, so a resumed run rewrites them whole; the table after every
// generation, the plots at the end of training):
//  - population.csv: generation,epoch,step,member,metric,fitness,copied_from and the explored hyperparameters
//    after the generation (generation 0: the initial values), one row per member and generation;
//  - lineage.png: one line per member through the member slots its ancestors held, generation by generation
//    (a copy is a jump to the source's slot), so who copied whom, and when, reads off the plot;
//  - population_metric.png: every member's validation metric per generation.
// Not thread-safe. Cost: a few milliseconds per generation.
#include <filesystem>
#include <string>
#include <vector>

#include "population/population_state.h"

namespace hypera::population {

// population.csv's text. `hyperparameters` names the columns of GenerationRow::values.
std::string population_csv(const std::vector<std::string>& hyperparameters, const std::vector<GenerationRow>& rows);

// Per member (index = its slot now), the slot its ancestor held at generation 0, 1, ..., last.
std::vector<std::vector<int>> ancestor_slots(const std::vector<GenerationRow>& rows, int members);

// The population's metrics.csv: for every epoch row, the row of the member whose `column` (val_<metric>) is the
// highest that epoch (the first member's row when no member validated it). `members_csv` holds every member's
// metrics.csv text (RunLogger's: a header, one row per epoch, the same epochs in every member). InputError naming
// `source` when the texts lack the column or differ in their rows.
std::string best_member_metrics_csv(const std::vector<std::string>& members_csv, const std::string& column,
                                    const std::string& source);

// Writes population.csv into `folder`. InputError naming the file when it cannot be written.
void write_population_csv(const std::filesystem::path& folder, const std::vector<std::string>& hyperparameters,
                          const PopulationState& state);
// Writes lineage.png and population_metric.png into `folder`. InputError naming a file that cannot be written.
void plot_population(const std::filesystem::path& folder, const PopulationState& state, int members);

}  // namespace hypera::population
