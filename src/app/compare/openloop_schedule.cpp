#include "app/compare/openloop_schedule.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "app/compare/statistics.h"
#include "support/durable_file.h"
#include "support/number_text.h"

namespace hypera::app {
namespace {

// One run's agent writes of one hyperparameter, in file order.
using Writes = std::vector<const HparamWrite*>;

// The value in effect after the writes of `step`.
double value_at(const Writes& writes, int64_t step) {
  double value = writes.front()->old_value;
  for (const HparamWrite* write : writes) {
    if (write->step <= step) value = write->new_value;
  }
  return value;
}

}  // namespace

bool is_agent_writer(const std::string& writer) {
  static const std::set<std::string> kOthers = {"config", "schedule", "resume", "trainer", "replay"};
  return kOthers.count(writer) == 0;
}

std::vector<ScheduleChange> mean_agent_schedule(const std::vector<std::vector<HparamWrite>>& runs) {
  std::map<std::string, std::vector<Writes>> by_name;  // name -> the writes of every run that wrote it
  std::map<std::string, std::set<int64_t>> steps;      // name -> every step at which a run wrote it
  for (const auto& run : runs) {
    std::map<std::string, Writes> own;
    for (const auto& write : run) {
      if (write.rank != 0 || !is_agent_writer(write.writer)) continue;
      own[write.name].push_back(&write);
      steps[write.name].insert(write.step);
    }
    for (auto& [name, writes] : own) by_name[name].push_back(std::move(writes));
  }
  std::vector<ScheduleChange> changes;
  for (const auto& [name, run_writes] : by_name) {
    for (int64_t step : steps[name]) {
      std::vector<double> values;
      for (const auto& writes : run_writes) values.push_back(value_at(writes, step));
      changes.push_back({step, name, mean(values)});
    }
  }
  std::stable_sort(changes.begin(), changes.end(),
                   [](const ScheduleChange& a, const ScheduleChange& b) { return a.step < b.step; });
  return changes;
}


}  // namespace hypera::app
