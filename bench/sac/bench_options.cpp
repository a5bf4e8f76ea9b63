#include "bench_options.h"

#include <cmath>
#include <sstream>

#include "support/input_error.h"

namespace hypera::sac_bench {
namespace {

int64_t parse_integer(const std::string& option, const std::string& text, int64_t minimum) {
  std::istringstream in(text);
  int64_t value = 0;
  if (!(in >> value) || !in.eof()) throw InputError(option + ": '" + text + "' is not an integer");
  if (value < minimum) throw InputError(option + ": " + text + " is below the minimum " + std::to_string(minimum));
  return value;
}

double parse_positive(const std::string& option, const std::string& text) {
  std::istringstream in(text);
  double value = 0;
  if (!(in >> value) || !in.eof() || !std::isfinite(value) || value <= 0)
    throw InputError(option + ": '" + text + "' is not a positive number");
  return value;
}

std::vector<int64_t> parse_widths(const std::string& option, const std::string& text) {
  std::vector<int64_t> widths;
  std::istringstream in(text);
  for (std::string item; std::getline(in, item, ',');) widths.push_back(parse_integer(option, item, 1));
  if (widths.empty() || text.back() == ',') throw InputError(option + ": '" + text + "' is not a list of widths such as 256,256");
  return widths;
}

}  // namespace

BenchOptions parse_bench_options(int argc, const char* const* argv) {
  BenchOptions options;
  for (int i = 1; i < argc; i += 2) {
    const std::string option = argv[i];
    if (i + 1 >= argc) throw InputError(option + ": missing value");
    const std::string value = argv[i + 1];
    if (option == "--mode") {
      if (value != "train" && value != "update-speed") throw InputError("--mode: unknown mode '" + value + "' (train | update-speed)");
      options.mode = value;
    } else if (option == "--env") {
      if (value != "pendulum" && value != "mountaincar") throw InputError("--env: unknown environment '" + value + "' (pendulum | mountaincar)");
      options.env = value;
    } else if (option == "--steps") {
      options.steps = parse_integer(option, value, 1);
    } else if (option == "--seed") {
      options.seed = static_cast<uint64_t>(parse_integer(option, value, 0));
    } else if (option == "--hidden") {
      options.hidden = parse_widths(option, value);
    } else if (option == "--batch") {
      options.batch = parse_integer(option, value, 1);
    } else if (option == "--lr") {
      options.lr = parse_positive(option, value);
    } else if (option == "--warmup") {
      options.warmup = parse_integer(option, value, 1);
    } else if (option == "--seconds") {
      options.seconds = parse_positive(option, value);
    } else {
      throw InputError(option + ": unknown option (--mode --env --steps --seed --hidden --batch --lr --warmup --seconds)");
    }
  }
  return options;
}

}  // namespace hypera::sac_bench
