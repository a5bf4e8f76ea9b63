// hypera_dist prepare: converts the configured data set into the prepared HDF5 file.
#include <unistd.h>

#include <iostream>
#include <optional>

#include "app/argument_list.h"
#include "app/commands.h"
#include "app/config_sections.h"
#include "core/logging/count_progress.h"
#include "core/train/data_source.h"
#include "core/train/run_config.h"

namespace hypera::app {

int run_prepare(const Arguments& arguments) {
  const auto split = split_arguments(arguments, {"config"}, {"help"});
  ConfigSections sections;
  if (split.flags.count("help")) {
    std::cout << "usage: hypera_dist prepare [--config FILE] [--data.key=value ...]\n\n"
                 "Reads the [data] section (source, root or image/mask, target, split) and writes data.prepared:\n"
                 "one chunked, compressed HDF5 file with normalized images, targets, instances, the source file\n"
                 "names and the split. An existing file is replaced only when the new one is complete.\n"
                 "Progress (stdout): the samples written, with the elapsed time and an ETA, redrawn on a terminal;\n"
                 "in a log file a line after the first sample, then at most one every 30 s, and after the last:\n"
                 "  prepare: sample 120/200 done  elapsed 18s  ETA 12s\n\n"
              << core::run_config_help(sections.bound());
    return 0;
  }
  std::optional<std::filesystem::path> config_file;
  if (split.values.count("config")) config_file = split.values.at("config");
  const auto loaded = core::load_run_config(config_file, split.rest, sections.bound());
  std::optional<core::CountProgress> progress;
  const auto summary = core::prepare_data(loaded.config.data, [&progress](int64_t written, int64_t total) {
    if (!progress) {
      progress.emplace(std::cout, core::rewritable_terminal(STDOUT_FILENO), "prepare: sample", total,
                       core::ItemLength::kShort);
    }
    if (written > 0) progress->finish();
  });
  progress.reset();
  std::cout << "wrote " << summary.output.string() << ": " << summary.samples << " samples (training "
            << summary.split_sizes[0] << ", validation " << summary.split_sizes[1] << ", test "
            << summary.split_sizes[2] << "), " << summary.voxels << " voxels, "
            << 100.0 * summary.foreground_voxels / std::max<int64_t>(1, summary.voxels) << "% foreground";
  if (summary.instances > 0) std::cout << ", " << summary.instances << " objects";
  std::cout << "\n";
  return 0;
}

}  // namespace hypera::app
