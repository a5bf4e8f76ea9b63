#include "app/compare/hparams_file.h"

#include <cmath>
#include <fstream>

#include "core/train/text_fields.h"
#include "support/input_error.h"
#include "support/number_text.h"

namespace hypera::app {
namespace {

constexpr std::size_t kColumns = 7;

// `text` as a whole number (integral) or a number; throws std::invalid_argument when it is not all of one.
double whole_text_number(const std::string& text, bool integral) {
  const auto value = support::parse_number(text);
  if (!value || (integral && *value != std::trunc(*value))) throw std::invalid_argument(text);
  return *value;
}

}  // namespace

std::vector<HparamWrite> read_hparams(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw InputError(file.string() + ": cannot be read");
  std::vector<HparamWrite> writes;
  std::string line;
  std::getline(in, line);  // the header
  for (int row = 2; std::getline(in, line); ++row) {
    const auto fields = core::split_fields(line);
    const std::string where = file.string() + ": row " + std::to_string(row);
    if (fields.size() != kColumns) {
      throw InputError(where + " does not have " + std::to_string(kColumns) + " fields");
    }
    try {
      writes.push_back({int64_t(whole_text_number(fields[0], true)), int64_t(whole_text_number(fields[1], true)),
                        int(whole_text_number(fields[2], true)), fields[3], fields[4],
                        whole_text_number(fields[5], false), whole_text_number(fields[6], false)});
    } catch (const std::exception&) {
      throw InputError(where + " holds a step, epoch, rank or value that is not a number");
    }
  }
  return writes;
}

}  // namespace hypera::app
