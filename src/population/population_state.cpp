#include "population/population_state.h"

#include <sstream>

#include "support/input_error.h"
#include "support/number_text.h"

namespace hypera::population {
namespace {

constexpr const char* kHeader = "hypera-population 1";

double read_number(std::istream& in) {
  std::string token;
  if (!(in >> token)) throw std::invalid_argument("missing number");
  const auto value = support::parse_number(token);  // reads nan and inf as format_number writes them
  if (!value) throw std::invalid_argument("not a number: " + token);
  return *value;
}

int64_t read_count(std::istream& in) {
  const double value = read_number(in);
  if (!(value >= 0) || value != static_cast<double>(static_cast<int64_t>(value))) {
    throw std::invalid_argument("bad count");
  }
  return static_cast<int64_t>(value);
}

}  // namespace

int64_t PopulationState::exploits() const {
  int64_t count = 0;
  for (const GenerationRow& row : rows) count += row.copied_from >= 0 ? 1 : 0;
  return count;
}

std::string population_state_text(const PopulationState& s) {
  using support::format_number;
  std::ostringstream out;
  out << kHeader << "\n" << (s.started ? 1 : 0) << " " << s.validations << " " << s.generations << "\n";
  out << s.previous_metric.size();
  for (double metric : s.previous_metric) out << " " << format_number(metric);
  out << "\n" << s.rows.size() << "\n";
  for (const GenerationRow& row : s.rows) {
    out << row.generation << " " << row.epoch << " " << row.step << " " << row.member << " "
        << format_number(row.metric) << " " << format_number(row.fitness) << " " << row.copied_from << " "
        << row.values.size();
    for (double value : row.values) out << " " << format_number(value);
    out << "\n";
  }
  out << s.schedules.size() << "\n";
  for (const auto& schedule : s.schedules) {
    out << schedule.size() << "\n";
    for (const core::ReplayRow& row : schedule) out << row.step << " " << row.name << " " << format_number(row.value) << "\n";
  }
  return out.str();
}

PopulationState population_state_from_text(const std::string& text, int members, const std::string& source) {
  std::istringstream in(text);
  std::string header;
  PopulationState s;
  try {
    if (!std::getline(in, header) || header != kHeader) throw std::invalid_argument("header");
    s.started = read_count(in) == 1;
    s.validations = read_count(in);
    s.generations = read_count(in);
    s.previous_metric.resize(read_count(in));
    for (double& metric : s.previous_metric) metric = read_number(in);
    s.rows.resize(read_count(in));
    for (GenerationRow& row : s.rows) {
      row.generation = read_count(in);
      row.epoch = read_count(in);
      row.step = read_count(in);
      row.member = static_cast<int>(read_count(in));
      row.metric = read_number(in);
      row.fitness = read_number(in);
      row.copied_from = static_cast<int>(read_number(in));
      row.values.resize(read_count(in));
      for (double& value : row.values) value = read_number(in);
    }
    s.schedules.resize(read_count(in));
    for (auto& schedule : s.schedules) {
      schedule.resize(read_count(in));
      for (core::ReplayRow& row : schedule) {
        row.step = read_count(in);
        if (!(in >> row.name)) throw std::invalid_argument("name");
        row.value = read_number(in);
      }
    }
    std::string rest;
    if (in >> rest) throw std::invalid_argument("trailing text");
  } catch (const std::exception&) {
    throw InputError(source + ": is not a population state (damaged, or written by another version)");
  }
  if (static_cast<int>(s.previous_metric.size()) != members || static_cast<int>(s.schedules.size()) != members) {
    throw InputError(source + ": holds a population of " + std::to_string(s.schedules.size()) +
                     " members, this run has " + std::to_string(members) + " (resume with the same population.size)");
  }
  return s;
}

}  // namespace hypera::population
