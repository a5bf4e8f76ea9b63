#pragma once
// Exact text for checkpointed numbers: NumberWriter writes doubles as hexadecimal floating point (every bit
// kept) and whole numbers and vectors as space-separated tokens; NumberReader reads them back in the same
// order. A missing or malformed token throws std::runtime_error naming `what`. Not thread-safe.
#include <cstdint>
#include <sstream>
#include <string>
#include <vector>

namespace hypera::agents {

class NumberWriter {
 public:
  NumberWriter& number(double value);
  NumberWriter& numbers(const std::vector<double>& values);  // the count, then the values
  NumberWriter& floats(const std::vector<float>& values);    // the count, then the values
  NumberWriter& text(const std::string& value);              // the length, a space, then the bytes
  std::string str() const { return out_.str(); }

 private:
  std::ostringstream out_;
};

class NumberReader {
 public:
  NumberReader(const std::string& text, std::string what);
  double number();
  int64_t whole();  // a number() that must be a whole number
  std::vector<double> numbers();
  std::vector<float> floats();
  std::string text();

 private:
  std::istringstream in_;
  std::string what_;
};

}  // namespace hypera::agents
