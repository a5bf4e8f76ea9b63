#pragma once
// The hyperparameter trajectories that agent runs chose, read from their hparams.csv (hparams_file.h: columns
// step, epoch, rank, writer, name, old, new; one row per registry write) and drawn with core::plot_curves:
//   trajectories_lr.png            the learning rate, one series per run
//   trajectories_loss_weights.png  loss.dice, loss.ce, loss.focal, loss.boundary, one series per run and weight
// A series holds the value after each write of rank 0 (x = step). Called from one thread; reads and writes files.
#include <filesystem>
#include <string>
#include <vector>

#include "core/logging/curve_plot.h"

namespace hypera::app {

struct TrajectoryRun {
  std::string label;                  // legend prefix, e.g. "agents s0"
  std::filesystem::path hparams_csv;  // the run's hparams.csv
};

// The series (x = step, y = new value) of hyperparameter `name` in `hparams_csv`, named `label`; empty when
// the run never wrote it. Throws hypera::InputError naming the file when it cannot be read or a row is
// malformed.
core::Series read_trajectory(const std::filesystem::path& hparams_csv, const std::string& name,
                             const std::string& label);

// Draws the two plots into `folder` for `runs` and returns Markdown lines: one per plot saying what it shows
// or why it was not drawn (no runs, or no run wrote those hyperparameters), and one per run left out because
// its hparams.csv is missing or malformed (a bad file never stops the report). Errors of the PNG writer
// propagate.
std::vector<std::string> plot_trajectories(const std::filesystem::path& folder, const std::vector<TrajectoryRun>& runs);

}  // namespace hypera::app
