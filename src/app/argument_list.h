#pragma once
// Splits a sub-command's arguments into the options it owns (--config FILE, --out DIR, flags) and the
// rest, which are configuration overrides (--section.key=value) for the option table.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace hypera::app {

struct SplitArguments {
  std::map<std::string, std::string> values;  // owned options with a value ("config" -> "x.ini")
  std::set<std::string> flags;                // owned flags that were given ("help")
  std::vector<std::string> rest;              // everything else, in order
};

// `valued` and `flags` are option names without dashes. "--name value" and "--name=value" both work.
// A valued option without a value throws hypera::InputError naming it.
SplitArguments split_arguments(const std::vector<std::string>& arguments, const std::set<std::string>& valued,
                               const std::set<std::string>& flags);

// The value of a required owned option; throws hypera::InputError "missing --name" otherwise.
const std::string& required(const SplitArguments& arguments, const std::string& name);

// The value of owned option --`name`, or `fallback` where it was not given.
std::string value_or(const SplitArguments& arguments, const std::string& name, const std::string& fallback);

// The value `text` of option --name as a whole number >= `minimum`; throws hypera::InputError
// "option --name: 'text' is not a whole number >= minimum" otherwise (also for trailing text: "3x").
int whole_number(const std::string& name, const std::string& text, int minimum);

// The value of option --`name` as a finite number above 0; throws InputError naming the option otherwise.
double positive_number(const std::string& name, const std::string& text);

}  // namespace hypera::app
