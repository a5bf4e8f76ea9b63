#include "core/logging/csv_writer.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "support/input_error.h"

namespace hypera::core {
namespace {

bool needs_quotes(const std::string& field) { return field.find_first_of(",\"\r\n") != std::string::npos; }

void append_field(std::string& line, const std::string& field) {
  if (!needs_quotes(field)) {
    line += field;
    return;
  }
  line += '"';
  for (char c : field) {
    if (c == '"') line += '"';
    line += c;
  }
  line += '"';
}

}  // namespace

CsvWriter::CsvWriter(const std::filesystem::path& path, std::vector<std::string> columns)
    : path_(path), columns_(std::move(columns)) {
  if (columns_.empty()) throw std::logic_error(path_.string() + ": CSV table without columns");
  file_ = std::fopen(path_.c_str(), "wb");
  if (!file_) throw InputError(path_.string() + ": cannot create CSV file (" + std::strerror(errno) + ")");
  write_fields(columns_);
}

CsvWriter::~CsvWriter() { std::fclose(file_); }

void CsvWriter::write_row(const std::vector<std::string>& values) {
  if (values.size() != columns_.size()) {
    throw std::logic_error(path_.string() + ": row has " + std::to_string(values.size()) + " values, table has " +
                           std::to_string(columns_.size()) + " columns");
  }
  write_fields(values);
}

void CsvWriter::write_fields(const std::vector<std::string>& fields) {
  line_.clear();
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line_ += ',';
    append_field(line_, fields[i]);
  }
  line_ += '\n';
  if (std::fwrite(line_.data(), 1, line_.size(), file_) != line_.size() || std::fflush(file_) != 0) {
    throw std::runtime_error(path_.string() + ": write failed (" + std::strerror(errno) + ")");
  }
}

}  // namespace hypera::core
