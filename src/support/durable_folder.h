#pragma once
// A folder written as a whole: readers see the finished old folder or the finished new one, never a part of
// either, also after a crash or a power cut.
//
// write_folder_atomically(folder, write, keep_previous):
//   1. "<folder>.tmp" (the staging folder, a sibling of `folder`) is emptied (a leftover of a crash is
//      removed) and created, with the parent folders of `folder`;
//   2. write(staging) fills it;
//   3. every file and folder below the staging folder, and the staging folder itself, is fsynced;
//   4. an existing `folder` is moved aside: to "<folder>.previous" (replacing an older one) when
//      keep_previous(folder) is true, else to "<folder>.old", which is removed at the end;
//   5. the staging folder is renamed onto `folder` and the parent folder fsynced.
// When `write` throws, its exception propagates unchanged, the staging folder is removed and `folder` stays
// as it was. A failure of steps 1 or 3 to 5 throws a one-line hypera::InputError naming `folder` (or the
// file whose fsync failed); a finished folder is never removed before its successor is complete.
// Not safe for two concurrent writers of one folder (they share the staging name); different folders may be
// written from different threads. Cost: the writer's, plus one fsync per file and folder.
#include <filesystem>
#include <functional>

namespace hypera::support {

using FolderWriter = std::function<void(const std::filesystem::path& staging)>;
// Decides for an existing finished folder whether it is kept as "<folder>.previous".
using KeepPrevious = std::function<bool(const std::filesystem::path& existing)>;

void write_folder_atomically(const std::filesystem::path& folder, const FolderWriter& write,
                             const KeepPrevious& keep_previous = {});

// The sibling that write_folder_atomically keeps an earlier folder in: "<folder>.previous" ("out/" and "out"
// both give "out.previous"), relative when `folder` is.
std::filesystem::path previous_folder(const std::filesystem::path& folder);

}  // namespace hypera::support
