#pragma once
// The bad-input contract of HYPERA as a test assertion: hypera::InputError with one line naming the file.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "support/input_error.h"

namespace hypera::test {

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

// The one-line message of the hypera::InputError that `action` throws, or "" (and a test failure) when it
// throws none.
template <class Action>
std::string input_error_message(Action&& action) {
  try {
    action();
  } catch (const InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no InputError";
  return "";
}

}  // namespace hypera::test
