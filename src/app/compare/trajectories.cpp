#include "app/compare/trajectories.h"

#include "app/compare/hparams_file.h"
#include "support/input_error.h"

namespace hypera::app {
namespace {

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
  core::Series series{label, {}, {}};
  for (const auto& write : read_hparams(hparams_csv)) {
    if (write.name != name || write.rank != 0) continue;
    series.x.push_back(double(write.step));
    series.y.push_back(write.new_value);
  }
  return series;
}

std::vector<std::string> plot_trajectories(const std::filesystem::path& folder,
                                           const std::vector<TrajectoryRun>& runs) {
  if (runs.empty()) return {"No agent arm has a complete run: no trajectory plot."};
  std::vector<std::string> notes;
  std::vector<TrajectoryRun> readable;
  for (const auto& run : runs) {
    try {
      read_hparams(run.hparams_csv);  // checks every row
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
