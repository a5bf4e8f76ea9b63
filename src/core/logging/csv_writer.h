#pragma once
// A CSV table written row by row (metrics.csv, hparams.csv). The header row is written by the constructor;
// fields holding a comma, a double quote, CR or LF are quoted as RFC 4180 says (quotes doubled); rows end
// with "\n". Every row is handed to the operating system (fflush) before write_row returns, so a crash of the
// process leaves every finished row in the file (a power cut may not: there is no fsync).
// Thread safety: none; one writer per thread or one external mutex. Cost per row: one formatted write and
// one fflush system call (a few microseconds), fine for per-epoch or per-decision rows.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

namespace hypera::core {

class CsvWriter {
 public:
  // Creates or truncates `path` (its folder must exist) and writes the header. Throws hypera::InputError
  // naming the path when it cannot be opened, std::logic_error when `columns` is empty.
  CsvWriter(const std::filesystem::path& path, std::vector<std::string> columns);
  ~CsvWriter();
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  // Writes one row. Throws std::logic_error when values.size() != columns().size(), std::runtime_error
  // naming the file when the write fails.
  void write_row(const std::vector<std::string>& values);

  const std::vector<std::string>& columns() const { return columns_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  void write_fields(const std::vector<std::string>& fields);

  std::filesystem::path path_;
  std::vector<std::string> columns_;
  std::FILE* file_ = nullptr;
  std::string line_;  // reused per row
};

}  // namespace hypera::core
