#include "app/meta/meta_request.h"

#include <set>

#include "core/train/text_fields.h"
#include "support/input_error.h"

namespace hypera::app {

std::vector<std::filesystem::path> parse_configs(const std::string& text) {
  std::vector<std::filesystem::path> configs;
  std::set<std::string> tasks;
  for (const auto& entry : core::split_fields(text)) {
    if (entry.empty()) throw InputError("option --config: empty file name in '" + text + "'");
    const std::filesystem::path config = entry;
    if (!tasks.insert(task_name(config)).second) {
      throw InputError("option --config: two configs are named '" + task_name(config) +
                       "' (the file name names the task; rename one)");
    }
    configs.push_back(config);
  }
  if (configs.empty()) throw InputError("option --config: no config given");
  return configs;
}

std::string task_name(const std::filesystem::path& config) { return config.stem().string(); }

}  // namespace hypera::app
