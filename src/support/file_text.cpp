#include "support/file_text.h"

#include <fstream>
#include <sstream>

#include "support/input_error.h"

namespace hypera::support {

std::string read_file_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string() + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace hypera::support
