#pragma once
// What every fuzz target shares: the fuzzer's bytes turned into the files and folders the readers take, and
// the readers' contract. Most readers take a path, so an input becomes a file in a scratch folder of this
// process (<temp>/hypera_fuzz_<pid>, removed at exit; unique per process, so parallel fuzzers and replays never
// share files). An input for a reader of several files (a DICOM series, a checkpoint folder) is cut into parts
// at kPartSeparator, one file per part. Not thread-safe: one input at a time, as libFuzzer and the replay run.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "support/input_error.h"

namespace hypera::fuzz {

// Cuts a multi-file input into its files (the seed corpus writes it between the files).
inline constexpr std::string_view kPartSeparator = "\n--hypera-fuzz-part--\n";

// The whole input as a file named `name` in the scratch folder (replacing the previous input's).
std::filesystem::path input_file(const uint8_t* data, size_t size, const std::string& name);

// The input cut at every kPartSeparator: the bytes before the first, between two, after the last (one part,
// the whole input, when it holds none).
std::vector<std::string_view> input_parts(const uint8_t* data, size_t size);

// An empty folder named `name` in the scratch folder (emptied when it exists).
std::filesystem::path empty_folder(const std::string& name);

// Writes `bytes` as `file` (replacing it).
void write_file(const std::filesystem::path& file, std::string_view bytes);

// Runs `read` and ignores a hypera::InputError: the one way a reader may refuse bad input. Any other exception
// escapes (libFuzzer reports it as a crash; the replay driver fails naming the input and the exception).
template <class Read>
void allow_input_error(Read&& read) {
  try {
    read();
  } catch (const InputError&) {
  }
}

}  // namespace hypera::fuzz
