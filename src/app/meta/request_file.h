#pragma once
// META/request.txt (a manifest, support/manifest.h): the arguments that fix what a meta folder holds, so that
// a rerun continues the same meta-training and never mixes two:
//   format hypera-meta-train-1
//   config <absolute path>   one line per --config, in order (relative paths resolved against the current folder)
//   seeds S
//   seed_base B
//   override <word>          one line per word of the user's overrides, in order
// --episodes and --jobs are not part of it: episode e's task and seed do not depend on --episodes, so a rerun
// with a larger --episodes trains on; --jobs only says how many baselines run at once.
// Called from one thread (the file is not locked).
#include <filesystem>
#include <string>

#include "app/meta/meta_request.h"

namespace hypera::app {

// The text of request.txt for `request`.
std::string request_text(const MetaRequest& request);

// Writes `text` into folder/request.txt (creating the folder) when that file does not exist; when it does and
// holds another text, throws hypera::InputError naming the file and the first line that differs.
void claim_meta_folder(const std::filesystem::path& folder, const std::string& text);

}  // namespace hypera::app
