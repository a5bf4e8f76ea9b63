#include "core/train/run_classes.h"

#include "data/io/class_names.h"
#include "support/durable_file.h"
#include "support/file_text.h"
#include "support/input_error.h"

namespace hypera::core {
namespace {

std::filesystem::path classes_file(const std::filesystem::path& run) { return run / "classes.txt"; }
std::filesystem::path channels_file(const std::filesystem::path& run) { return run / "channels.txt"; }

void write_name_list(const std::filesystem::path& file, const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += name + "\n";
  support::write_file_atomically(file, text);
}

// The lines of `file`, each ended by a newline; an unterminated last line gives an empty list.
std::vector<std::string> read_name_list(const std::filesystem::path& file) {
  std::vector<std::string> names;
  std::string line;
  for (const char c : support::read_file_text(file)) {
    if (c != '\n') {
      line += c;
      continue;
    }
    names.push_back(line);
    line.clear();
  }
  return line.empty() ? names : std::vector<std::string>{};
}

}  // namespace

void write_run_classes(const std::filesystem::path& run, const std::vector<std::string>& class_names) {
  write_name_list(classes_file(run), class_names);
}

void write_run_channels(const std::filesystem::path& run, const std::vector<std::string>& channel_names) {
  write_name_list(channels_file(run), channel_names);
}

std::vector<std::string> read_class_list(const std::filesystem::path& file) {
  std::vector<std::string> names = read_name_list(file);
  if (!data::valid_class_names(names)) {
    throw InputError(file.string() + ": not a list of class names (2 to 255 distinct names of [A-Za-z0-9_-], one "
                                     "per line)");
  }
  return names;
}

std::vector<std::string> read_run_classes(const std::filesystem::path& run, data::TargetKind target) {
  const std::filesystem::path file = classes_file(run);
  if (!std::filesystem::exists(file)) {
    if (target == data::TargetKind::Classes) throw InputError(file.string() + ": missing (a run of target classes)");
    return data::fixed_class_names(target);
  }
  std::vector<std::string> names = read_class_list(file);
  if (!data::class_names_suit(names, target)) {
    throw InputError(file.string() + ": its classes are not those of target '" + data::target_kind_name(target) + "'");
  }
  return names;
}

std::vector<std::string> read_run_channels(const std::filesystem::path& run) {
  const std::filesystem::path file = channels_file(run);
  if (!std::filesystem::exists(file)) return {"image"};
  std::vector<std::string> names = read_name_list(file);
  if (!data::valid_channel_names(names)) {
    throw InputError(file.string() + ": not a list of image channels (1 to " + std::to_string(data::kMaxImageChannels) +
                     " distinct names of [A-Za-z0-9_-], one per line)");
  }
  return names;
}

}  // namespace hypera::core
