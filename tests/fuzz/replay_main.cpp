// The replay driver of the normal build: runs a fuzz target's LLVMFuzzerTestOneInput once on every file in
// the folders named on the command line (the seed corpus, the fixed crashers), in name order, as libFuzzer
// would replay them. A folder that does not exist holds no inputs. Fails (exit 1) when an input makes the
// target throw (anything but hypera::InputError escapes the targets) or when there is no input at all; a
// crash or a hang fails the process itself. Prints one line: how many inputs it replayed.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::vector<std::filesystem::path> inputs_in(const std::filesystem::path& folder) {
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::is_directory(folder)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(folder)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::vector<uint8_t> bytes_of(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

int main(int argc, char** argv) {
  size_t replayed = 0;
  for (int i = 1; i < argc; ++i) {
    for (const auto& file : inputs_in(argv[i])) {
      const std::vector<uint8_t> bytes = bytes_of(file);
      try {
        LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
      } catch (const std::exception& error) {
        std::fprintf(stderr, "%s: the target threw (not hypera::InputError): %s\n", file.c_str(), error.what());
        return 1;
      } catch (...) {
        std::fprintf(stderr, "%s: the target threw a non-std exception\n", file.c_str());
        return 1;
      }
      ++replayed;
    }
  }
  if (replayed == 0) {
    std::fprintf(stderr, "no inputs in the folders given\n");
    return 1;
  }
  std::printf("replayed %zu inputs\n", replayed);
  return 0;
}
