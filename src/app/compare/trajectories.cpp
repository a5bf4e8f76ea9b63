#include "app/compare/trajectories.h"

#include <fstream>

#include "core/train/text_fields.h"
#include "data/io/input_error.h"

namespace hypera::app {
namespace {

enum Column { kStep = 0, kRank = 2, kName = 4, kNew = 6, kColumns = 7 };

struct Panel {
  std::string file;
  std::string title;
  std::vector<std::string> names;
};

const std::vector<Panel> kPanels = {
    {"trajectories_lr.png", "learning rate", {"lr"}},
    {"trajectories_loss_weights.png", "loss weights", {"loss.dice", "loss.ce", "loss.focal", "loss.boundary"}},
};

}  // namespace

core::Series read_trajectory(const std::filesystem::path& hparams_csv, const std::string& name,
                             const std::string& label) {
  std::ifstream in(hparams_csv);
  if (!in) throw InputError(hparams_csv.string() + ": cannot be read");
  core::Series series{label, {}, {}};
  std::string line;
  std::getline(in, line);  // the header
  for (int row = 2; std::getline(in, line); ++row) {
    const auto fields = core::split_fields(line);
    if (fields.size() != kColumns) {
      throw InputError(hparams_csv.string() + ": row " + std::to_string(row) + " does not have " +
                       std::to_string(int(kColumns)) + " fields");
    }
    if (fields[kName] != name || fields[kRank] != "0") continue;
    try {
      series.x.push_back(std::stod(fields[kStep]));
      series.y.push_back(std::stod(fields[kNew]));
    } catch (const std::exception&) {
      throw InputError(hparams_csv.string() + ": row " + std::to_string(row) +
                       " holds a step or value that is not a number");
    }
  }
  return series;
}

std::vector<std::string> plot_trajectories(const std::filesystem::path& folder,
                                           const std::vector<TrajectoryRun>& runs) {
  if (runs.empty()) return {"No agent arm (a name starting with 'agents') has a complete run: no trajectory plot."};
  std::vector<std::string> notes;
  std::vector<TrajectoryRun> readable;
  for (const auto& run : runs) {
    try {
      read_trajectory(run.hparams_csv, "", run.label);  // no name matches "": checks every row, keeps none
      readable.push_back(run);
    } catch (const InputError& error) {
      notes.push_back("- " + run.label + " left out: " + error.what());
    }
  }
  for (const auto& panel : kPanels) {
    std::vector<core::Series> series;
    for (const auto& run : readable) {
      for (const auto& name : panel.names) {
        const std::string label = panel.names.size() > 1 ? run.label + " " + name : run.label;
        auto trajectory = read_trajectory(run.hparams_csv, name, label);
        if (!trajectory.x.empty()) series.push_back(std::move(trajectory));
      }
    }
    if (series.empty()) {
      notes.push_back("- " + panel.file + ": not drawn, no agent run changed the " + panel.title + ".");
      continue;
    }
    core::plot_curves(folder / panel.file, series, "step");
    notes.push_back("- " + panel.file + ": the " + panel.title + " the agent runs chose (" +
                    std::to_string(series.size()) + " series, value after each change, x = step).");
  }
  return notes;
}

}  // namespace hypera::app
