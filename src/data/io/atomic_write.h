#pragma once
// All-or-nothing file writing: the content goes to "<path>.tmp", which is renamed onto `path` only
// after the writer succeeded, so a failure never leaves a half-written file at `path`.
#include <filesystem>
#include <functional>

namespace hypera::data {

// Calls write(tmp) with tmp = "<path>.tmp", then renames tmp to path. If write throws or the rename
// fails, tmp is removed and an InputError naming `path` propagates. Not safe for two concurrent
// writers of the same path.
void write_atomically(const std::filesystem::path& path,
                      const std::function<void(const std::filesystem::path& tmp)>& write);

}  // namespace hypera::data
