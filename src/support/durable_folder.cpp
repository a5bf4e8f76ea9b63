#include "support/durable_folder.h"

#include "support/input_error.h"
#include "support/durable_file.h"

namespace hypera::support {
namespace fs = std::filesystem;
namespace {

// The folder as an absolute path without a trailing separator ("out/" names the folder "out").
fs::path normalized(const fs::path& folder) {
  const fs::path path = fs::absolute(folder).lexically_normal();
  return path.has_filename() ? path : path.parent_path();
}

fs::path sibling(const fs::path& folder, const char* suffix) {
  fs::path path = folder;
  path += suffix;
  return path;
}

// Runs a filesystem step; its std::filesystem_error becomes InputError naming `folder`.
template <class Step>
void run_step(const fs::path& folder, const char* what, const Step& step) {
  try {
    step();
  } catch (const fs::filesystem_error& error) {
    throw InputError(folder.string() + ": cannot " + what + " (" + error.code().message() + ")");
  }
}

// fsyncs every file and folder below `root`, then `root`.
void fsync_tree(const fs::path& root) {
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.is_regular_file() || entry.is_directory()) fsync_path(entry.path());
  }
  fsync_path(root);
}

}  // namespace

fs::path previous_folder(const fs::path& folder) {
  return sibling(folder.has_filename() ? folder : folder.parent_path(), ".previous");
}

void write_folder_atomically(const fs::path& given, const FolderWriter& write, const KeepPrevious& keep_previous) {
  const fs::path folder = normalized(given);
  const fs::path staging = sibling(folder, ".tmp");
  const fs::path discarded = sibling(folder, ".old");
  run_step(folder, "create the staging folder", [&] {
    fs::remove_all(staging);
    fs::create_directories(staging);
  });
  std::error_code ignored;
  try {
    write(staging);
    run_step(folder, "read the staging folder", [&] { fsync_tree(staging); });
  } catch (...) {
    fs::remove_all(staging, ignored);
    throw;
  }
  run_step(folder, "move the finished folder aside", [&] {
    fs::remove_all(discarded);
    if (!fs::exists(folder)) return;
    if (keep_previous && keep_previous(folder)) {
      fs::remove_all(previous_folder(folder));
      fs::rename(folder, previous_folder(folder));
    } else {
      fs::rename(folder, discarded);
    }
  });
  run_step(folder, "rename the staging folder into place", [&] { fs::rename(staging, folder); });
  fsync_parent_folder(folder);
  fs::remove_all(discarded, ignored);
}

}  // namespace hypera::support
