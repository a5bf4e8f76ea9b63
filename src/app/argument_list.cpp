#include "app/argument_list.h"

#include <cmath>

#include "support/input_error.h"
#include "support/number_text.h"

namespace hypera::app {

SplitArguments split_arguments(const std::vector<std::string>& arguments, const std::set<std::string>& valued,
                               const std::set<std::string>& flags) {
  SplitArguments split;
  for (size_t i = 0; i < arguments.size(); ++i) {
    const std::string& argument = arguments[i];
    if (argument == "-h") {
      split.flags.insert("help");
      continue;
    }
    if (argument.rfind("--", 0) != 0) {
      split.rest.push_back(argument);
      continue;
    }
    const auto equals = argument.find('=');
    const std::string name = argument.substr(2, equals == std::string::npos ? std::string::npos : equals - 2);
    if (flags.count(name) && equals == std::string::npos) {
      split.flags.insert(name);
    } else if (valued.count(name)) {
      if (equals != std::string::npos) {
        split.values[name] = argument.substr(equals + 1);
      } else if (i + 1 < arguments.size()) {
        split.values[name] = arguments[++i];
      } else {
        throw InputError("option --" + name + " needs a value");
      }
    } else {
      split.rest.push_back(argument);
    }
  }
  return split;
}

const std::string& required(const SplitArguments& arguments, const std::string& name) {
  auto it = arguments.values.find(name);
  if (it == arguments.values.end()) throw InputError("missing --" + name + " (see --help)");
  return it->second;
}

std::string value_or(const SplitArguments& arguments, const std::string& name, const std::string& fallback) {
  auto it = arguments.values.find(name);
  return it == arguments.values.end() ? fallback : it->second;
}

int whole_number(const std::string& name, const std::string& text, int minimum) {
  std::size_t used = 0;
  int value = 0;
  try {
    value = std::stoi(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size() || value < minimum) {
    throw InputError("option --" + name + ": '" + text + "' is not a whole number >= " + std::to_string(minimum));
  }
  return value;
}

double positive_number(const std::string& name, const std::string& text) {
  const auto value = support::parse_number(text);
  if (!value || !(*value > 0) || !std::isfinite(*value)) {
    throw InputError("option --" + name + ": '" + text + "' is not a number above 0");
  }
  return *value;
}

}  // namespace hypera::app
