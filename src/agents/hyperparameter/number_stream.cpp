#include "agents/hyperparameter/number_stream.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace hypera::agents {

NumberWriter& NumberWriter::number(double value) {
  char token[64];
  std::snprintf(token, sizeof token, "%a ", value);
  out_ << token;
  return *this;
}

NumberWriter& NumberWriter::numbers(const std::vector<double>& values) {
  number(double(values.size()));
  for (double value : values) number(value);
  return *this;
}

NumberWriter& NumberWriter::floats(const std::vector<float>& values) {
  return numbers(std::vector<double>(values.begin(), values.end()));
}

NumberWriter& NumberWriter::text(const std::string& value) {
  number(double(value.size()));
  out_ << value << ' ';
  return *this;
}

NumberReader::NumberReader(const std::string& text, std::string what) : in_(text), what_(std::move(what)) {}

double NumberReader::number() {
  std::string token;
  if (!(in_ >> token)) throw std::runtime_error(what_ + ": ends early");
  char* end = nullptr;
  const double value = std::strtod(token.c_str(), &end);
  if (end != token.c_str() + token.size()) throw std::runtime_error(what_ + ": '" + token + "' is not a number");
  return value;
}

int64_t NumberReader::whole() {
  const double value = number();
  if (!(std::floor(value) == value) || std::abs(value) > 9e15) {
    throw std::runtime_error(what_ + ": a count is not a whole number");
  }
  return static_cast<int64_t>(value);
}

std::vector<double> NumberReader::numbers() {
  const int64_t count = whole();
  if (count < 0 || count > (int64_t(1) << 24)) throw std::runtime_error(what_ + ": implausible count");
  std::vector<double> values(static_cast<size_t>(count));
  for (double& value : values) value = number();
  return values;
}

std::vector<float> NumberReader::floats() {
  const auto values = numbers();
  return std::vector<float>(values.begin(), values.end());
}

std::string NumberReader::text() {
  const int64_t length = whole();
  if (length < 0 || length > (int64_t(1) << 26) || in_.get() != ' ') throw std::runtime_error(what_ + ": damaged text");
  std::string value(static_cast<size_t>(length), '\0');
  if (!in_.read(value.data(), length) || in_.get() != ' ') throw std::runtime_error(what_ + ": damaged text");
  return value;
}

}  // namespace hypera::agents
