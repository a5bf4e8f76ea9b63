#include "core/train/cleanup_choice.h"

#include <cmath>

#include "comm/host_values.h"
#include "core/measure/finite_means.h"
#include "core/train/evaluator.h"
#include "support/durable_file.h"
#include "support/input_error.h"

namespace hypera::core {
namespace {

// The values a step may take: "auto" both, else the one it names.
std::vector<bool> step_values(const std::string& option) {
  if (option == "auto") return {false, true};
  return {option == "on"};
}

std::vector<MaskCleanup> candidates_of(const CleanupOptions& requested) {
  std::vector<MaskCleanup> candidates;
  for (const bool largest : step_values(requested.largest_component)) {
    for (const bool holes : step_values(requested.fill_holes)) candidates.push_back({largest, holes});
  }
  return candidates;
}

const char* on_off(bool on) { return on ? "on" : "off"; }

}  // namespace

MaskCleanup fixed_cleanup(const CleanupOptions& options, bool has_instances) {
  const std::pair<const char*, const std::string*> steps[] = {{"cleanup.largest_component", &options.largest_component},
                                                              {"cleanup.fill_holes", &options.fill_holes}};
  for (const auto& [name, value] : steps) {
    if (has_instances && *value == "on") {
      throw InputError(std::string("option '") + name +
                       "': 'on' is only for data sets without instances (this one has instances; use auto or off)");
    }
  }
  return {options.largest_component == "on", options.fill_holes == "on"};
}

bool cleanup_to_choose(const CleanupOptions& options, bool has_instances) {
  return !has_instances && (options.largest_component == "auto" || options.fill_holes == "auto");
}

CleanupChoice choose_cleanup(UNet& model, const data::SampleCache& validation, data::TargetKind target,
                             const PredictionOptions& options, const CleanupOptions& requested,
                             const std::string& metric, comm::Collective& group) {
  const std::vector<MaskCleanup> candidates = candidates_of(requested);
  std::vector<std::string> names;
  for (const MaskCleanup& candidate : candidates) names.push_back(candidate.text());
  FiniteMeans tally(names);
  PredictionOptions argmax_only = options;
  argmax_only.cleanup = {};  // every candidate cleans the network's own labels
  for (int64_t i = group.rank(); i < validation.size(); i += group.size()) {
    const data::Sample& sample = validation[i];
    const data::LabelVolume labels = predict_labels(model, sample.channels, argmax_only);
    std::vector<NamedValue> row;
    for (const MaskCleanup& candidate : candidates) {
      double value = std::nan("");
      for (const NamedValue& score : score_sample(clean_mask(labels, candidate), sample, target, validation.class_names())) {
        if (score.name == metric) value = score.value;
      }
      row.push_back({candidate.text(), value});
    }
    tally.add(row);
  }
  tally.set_totals(comm::allreduce_values(group, tally.totals(), comm::ReduceOp::kSum));
  const std::vector<NamedValue> means = tally.means();
  CleanupChoice choice{candidates.front(), {}};
  double best = means.front().value;
  for (size_t k = 0; k < candidates.size(); ++k) {
    choice.candidates.emplace_back(candidates[k], means[k].value);
    if (means[k].value > best || (std::isnan(best) && !std::isnan(means[k].value))) {
      best = means[k].value;
      choice.chosen = candidates[k];
    }
  }
  return choice;
}

void write_cleanup_choice(const std::filesystem::path& run_folder, const MaskCleanup& chosen) {
  support::write_file_atomically(run_folder / "cleanup.ini",
                                 std::string("[cleanup]\nlargest_component = ") + on_off(chosen.largest_component) +
                                     "\nfill_holes = " + on_off(chosen.fill_holes) + "\n");
}

MaskCleanup run_cleanup(const std::filesystem::path& run_folder, const CleanupOptions& configured) {
  CleanupOptions options = configured;
  const auto file = run_folder / "cleanup.ini";
  if (std::filesystem::exists(file)) {
    OptionTable table("the clean-up a run chose");
    bind_cleanup_options(options, table);
    try {
      table.parse({}, file);
    } catch (const InputError& error) {  // a choice outside on|off|auto is reported without the file
      const std::string what = error.what();
      throw InputError(what.rfind(file.string(), 0) == 0 ? what : file.string() + ": " + what);
    }
  }
  return {options.largest_component == "on", options.fill_holes == "on"};
}

}  // namespace hypera::core
