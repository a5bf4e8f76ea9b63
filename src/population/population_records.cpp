#include "population/population_records.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/logging/curve_plot.h"
#include "core/train/text_fields.h"
#include "support/durable_file.h"
#include "support/input_error.h"
#include "support/number_text.h"

namespace hypera::population {

std::string population_csv(const std::vector<std::string>& hyperparameters, const std::vector<GenerationRow>& rows) {
  using support::format_number;
  std::ostringstream csv;
  csv << "generation,epoch,step,member,metric,fitness,copied_from";
  for (const std::string& name : hyperparameters) csv << "," << name;
  csv << "\n";
  for (const GenerationRow& row : rows) {
    csv << row.generation << "," << row.epoch << "," << row.step << "," << row.member << ","
        << format_number(row.metric) << "," << format_number(row.fitness) << ",";
    if (row.copied_from >= 0) csv << row.copied_from;
    for (double value : row.values) csv << "," << format_number(value);
    csv << "\n";
  }
  return csv.str();
}

std::vector<std::vector<int>> ancestor_slots(const std::vector<GenerationRow>& rows, int members) {
  int64_t last = 0;
  for (const GenerationRow& row : rows) last = std::max(last, row.generation);
  // copied[g][slot]: whom the member in `slot` copied at generation g (-1: nobody).
  std::vector<std::vector<int>> copied(last + 1, std::vector<int>(members, -1));
  for (const GenerationRow& row : rows) copied[row.generation][row.member] = row.copied_from;
  std::vector<std::vector<int>> slots(members, std::vector<int>(last + 1));
  for (int member = 0; member < members; ++member) {
    int slot = member;
    for (int64_t g = last; g >= 0; --g) {
      slots[member][g] = slot;
      if (copied[g][slot] >= 0) slot = copied[g][slot];
    }
  }
  return slots;
}

std::string best_member_metrics_csv(const std::vector<std::string>& members_csv, const std::string& column,
                                    const std::string& source) {
  std::vector<std::vector<std::string>> lines(members_csv.size());
  for (size_t m = 0; m < members_csv.size(); ++m) {
    std::istringstream in(members_csv[m]);
    for (std::string line; std::getline(in, line);) lines[m].push_back(line);
  }
  if (lines.empty() || lines[0].empty()) throw InputError(source + ": no member metrics");
  const auto header = core::split_fields(lines[0][0]);
  const auto at = std::find(header.begin(), header.end(), column);
  if (at == header.end()) throw InputError(source + ": the members' metrics.csv lack the column " + column);
  const size_t index = at - header.begin();
  std::string csv = lines[0][0] + "\n";
  for (size_t row = 1; row < lines[0].size(); ++row) {
    size_t best = 0;
    double best_value = -INFINITY;
    for (size_t m = 0; m < lines.size(); ++m) {
      if (lines[m].size() != lines[0].size() || lines[m][0] != lines[0][0]) {
        throw InputError(source + ": the members' metrics.csv differ in their columns or epochs");
      }
      const auto fields = core::split_fields(lines[m][row]);
      const std::string text = index < fields.size() ? fields[index] : "";
      const auto number = support::parse_number(text);
      if (!text.empty() && !number) {
        throw InputError(source + ": member " + std::to_string(m) + "'s " + column + " of row " +
                         std::to_string(row + 1) + " is not a number: '" + text + "'");
      }
      const double value = number.value_or(NAN);
      if (value > best_value) {
        best_value = value;
        best = m;
      }
    }
    csv += lines[best][row] + "\n";
  }
  return csv;
}

void write_population_csv(const std::filesystem::path& folder, const std::vector<std::string>& hyperparameters,
                          const PopulationState& state) {
  support::write_file_atomically(folder / "population.csv", population_csv(hyperparameters, state.rows));
}

void plot_population(const std::filesystem::path& folder, const PopulationState& state, int members) {
  std::vector<core::Series> lineage, metric;
  const auto slots = ancestor_slots(state.rows, members);
  for (int member = 0; member < members; ++member) {
    core::Series line{"member " + std::to_string(member), {}, {}};
    for (size_t g = 0; g < slots[member].size(); ++g) {
      line.x.push_back(double(g));
      line.y.push_back(slots[member][g]);
    }
    lineage.push_back(line);
    metric.push_back({line.name, {}, {}});
  }
  for (const GenerationRow& row : state.rows) {
    if (row.generation == 0) continue;
    metric[row.member].x.push_back(double(row.generation));
    metric[row.member].y.push_back(row.metric);
  }
  support::write_file_atomically(folder / "lineage.png", [&](const std::filesystem::path& temporary) {
    core::plot_curves(temporary, lineage, "generation (y: the member slot its ancestor held)");
  });
  support::write_file_atomically(folder / "population_metric.png", [&](const std::filesystem::path& temporary) {
    core::plot_curves(temporary, metric, "generation (y: validation metric)");
  });
}

}  // namespace hypera::population
