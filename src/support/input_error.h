#pragma once
// The one exception type for bad user input: a corrupt or truncated file, a missing file, sizes that
// disagree, an unknown or out-of-range option. The message is one line that names the file or option
// and what is wrong ("masks/x.png: truncated PNG data"). hypera_dist prints it and exits with code 2.
#include <stdexcept>
#include <string>

namespace hypera {

class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& one_line_message) : std::runtime_error(one_line_message) {}
};

}  // namespace hypera
