#pragma once
// Shared helpers of the data_io tests: real-data locations, a self-removing temporary folder, byte
// level file helpers and an InputError assertion.
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "data/io/input_error.h"

namespace hypera::data::test {

std::filesystem::path bbbc039_dir();
std::filesystem::path mricron_template(const std::string& name);  // ch2.nii.gz, ch2bet.nii.gz
std::filesystem::path pydicom_file(const std::string& name);      // CT_small.dcm, ...

// A fresh, uniquely named folder under the system temp directory, removed with its content.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

std::vector<uint8_t> read_bytes(const std::filesystem::path& file);
void write_bytes(const std::filesystem::path& file, const std::vector<uint8_t>& bytes);
// Writes the first `fraction` of `source`'s bytes to `target`.
void copy_truncated(const std::filesystem::path& source, const std::filesystem::path& target, double fraction);

// Runs `action`, which must throw hypera::InputError whose one-line message contains `file`'s path.
template <class Action>
void expect_input_error(Action&& action, const std::filesystem::path& file) {
  try {
    action();
    ADD_FAILURE() << "no InputError for " << file;
  } catch (const InputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(file.string()), std::string::npos) << "message lacks the file name: " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << "message is not one line: " << message;
  }
}

}  // namespace hypera::data::test
