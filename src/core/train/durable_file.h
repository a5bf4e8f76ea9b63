#pragma once
// Small helpers for writing files that survive a crash: fsync of files and folders, atomic replace.
#include <filesystem>
#include <string>

namespace hypera::core {

// Flushes a file's or folder's data to stable storage. Throws hypera::InputError naming the path.
void fsync_path(const std::filesystem::path& path);

// data::write_atomically with an fsync before the rename: readers see the old or the new file, never a
// partial one, also after a power cut.
void write_file_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace hypera::core
