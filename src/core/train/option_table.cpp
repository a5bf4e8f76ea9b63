#include "core/train/option_table.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "support/input_error.h"

namespace hypera::core {
namespace po = boost::program_options;

void OptionTable::add_choice(const std::string& key, std::string* field, const std::vector<std::string>& choices,
                             const std::string& help) {
  std::string joined;
  for (const auto& choice : choices) joined += (joined.empty() ? "" : "|") + choice;
  add(key, field, help + " (" + joined + ")");
  checks_.push_back([key, field, choices, joined] {
    if (std::find(choices.begin(), choices.end(), *field) == choices.end()) {
      throw InputError("option '" + key + "': '" + *field + "' is not one of " + joined);
    }
  });
}

void OptionTable::check_range(const std::string& key, double value, double lower, double upper) {
  if (!(value >= lower && value <= upper)) {
    std::ostringstream message;
    message << "option '" << key << "': value " << value << " is outside [" << lower << ", " << upper << "]";
    throw InputError(message.str());
  }
}

namespace {

// Boost.Program_options (1.74) builds its error messages by replacing placeholders such as %value% and never
// ends when the text it puts in holds one itself: such text is refused before Boost sees it.
void refuse_message_placeholders(const std::string& where, const std::string& text) {
  static const std::regex placeholder("%[A-Za-z_]+%");
  std::smatch found;
  if (std::regex_search(text, found, placeholder)) {
    throw InputError(where + ": '" + found.str() + "' in '" + text + "' is not allowed (no option holds %name%)");
  }
}

}  // namespace

void OptionTable::parse(const std::vector<std::string>& arguments,
                        const std::optional<std::filesystem::path>& ini_file) {
  po::variables_map values;
  for (const std::string& argument : arguments) refuse_message_placeholders("command line", argument);
  try {
    po::store(po::command_line_parser(arguments).options(description_).style(po::command_line_style::unix_style).run(),
              values);
  } catch (const po::error& error) {
    throw InputError(std::string("command line: ") + error.what());
  }
  if (ini_file) {
    std::ifstream file(*ini_file);
    if (!file) throw InputError(ini_file->string() + ": cannot open config file");
    std::stringstream in;
    in << file.rdbuf();
    for (std::string line; std::getline(in, line);) {
      refuse_message_placeholders(ini_file->string(), line.substr(0, line.find('#')));
    }
    in.clear();
    in.seekg(0);
    try {
      po::store(po::parse_config_file(in, description_, /*allow_unregistered=*/false), values);
    } catch (const po::error& error) {
      throw InputError(ini_file->string() + ": " + error.what());
    }
  }
  try {
    po::notify(values);
  } catch (const po::error& error) {
    throw InputError(std::string("config: ") + error.what());
  }
  for (const auto& check : checks_) check();
}

std::string OptionTable::to_ini() const {
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> sections;
  std::vector<std::string> order;
  for (const auto& [key, formatter] : formatters_) {
    const auto dot = key.find('.');
    const std::string section = key.substr(0, dot);
    if (!sections.count(section)) order.push_back(section);
    sections[section].push_back({key.substr(dot + 1), formatter()});
  }
  std::ostringstream out;
  for (const auto& section : order) {
    out << "[" << section << "]\n";
    for (const auto& [name, value] : sections[section]) out << name << " = " << value << "\n";
    out << "\n";
  }
  return out.str();
}

}  // namespace hypera::core
