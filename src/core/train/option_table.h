#pragma once
// Typed options bound to struct fields, read from an INI file and the command line through
// Boost.Program_options. `[train] epochs=3` in a file is `--train.epochs=3` on the command line, and the
// command line wins. Unknown keys, unparsable values, values outside a declared range and choices not in
// the declared list are hypera::InputError with one line naming the file or option.
#include <boost/program_options.hpp>
#include <filesystem>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

namespace hypera::core {

class OptionTable {
 public:
  explicit OptionTable(const std::string& caption) : description_(caption) {}

  // Binds `field` (its current value is the default) to `key` ("section.name").
  template <class T>
  void add(const std::string& key, T* field, const std::string& help,
           std::optional<std::pair<double, double>> range = std::nullopt) {
    description_.add_options()(key.c_str(), boost::program_options::value<T>(field)->default_value(*field),
                               help.c_str());
    formatters_.push_back({key, [field] { return format(*field); }});
    if constexpr (std::is_arithmetic_v<T>) {
      if (range) {
        const double lower = range->first, upper = range->second;
        checks_.push_back([key, field, lower, upper] { check_range(key, static_cast<double>(*field), lower, upper); });
      }
    }
  }

  // A string option restricted to `choices`.
  void add_choice(const std::string& key, std::string* field, const std::vector<std::string>& choices,
                  const std::string& help);

  // Parses `arguments` ("--key=value" or "--key value") and then, if given, the INI file. Throws InputError.
  void parse(const std::vector<std::string>& arguments, const std::optional<std::filesystem::path>& ini_file);

  // The resolved configuration as an INI document (every option, grouped by section).
  std::string to_ini() const;
  const boost::program_options::options_description& description() const { return description_; }

 private:
  template <class T>
  static std::string format(const T& value) {
    std::ostringstream out;
    out.precision(10);
    out << std::boolalpha << value;
    return out.str();
  }
  static void check_range(const std::string& key, double value, double lower, double upper);

  boost::program_options::options_description description_;
  std::vector<std::pair<std::string, std::function<std::string()>>> formatters_;
  std::vector<std::function<void()>> checks_;
};

}  // namespace hypera::core
