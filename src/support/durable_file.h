#pragma once
// Files that survive a crash or a power cut: fsync, and all-or-nothing replacement of one file.
// Every error is a one-line hypera::InputError that names the path. Not safe for two concurrent writers of
// one path (they share the temporary name); different paths may be written from different threads.
#include <filesystem>
#include <functional>
#include <string>

namespace hypera::support {

// Flushes a file's or a folder's data to stable storage. Throws InputError naming `path` when it cannot be
// opened or the fsync fails. Cost: one open, one fsync, one close.
void fsync_path(const std::filesystem::path& path);

// Flushes the folder that holds `path` (its entry for `path`): "." for a bare file name.
void fsync_parent_folder(const std::filesystem::path& path);

// Calls write(temporary) with temporary = "<path>.tmp" (a leftover of an earlier crash is overwritten), then
// fsyncs it, renames it onto `path` and fsyncs the folder, so readers see the old file or the new one, never
// a part of one, also after a power cut. When `write` throws, its exception propagates and the temporary
// file is removed; the old file at `path`, if any, stays as it was. When the fsync or the rename fails the
// temporary file is removed too and InputError naming `path` (or the temporary file) is thrown.
void write_file_atomically(const std::filesystem::path& path,
                           const std::function<void(const std::filesystem::path& temporary)>& write);

// The same with `text` as the whole content of the file (bytes written as they are).
void write_file_atomically(const std::filesystem::path& path, const std::string& text);

}  // namespace hypera::support
