#include "app/compare/summary_file.h"

#include <cctype>
#include <cstdlib>
#include <limits>

#include "support/file_text.h"
#include "support/input_error.h"

namespace hypera::app {
namespace {

// A recursive-descent reader of the two-level form; every error names the source and the offset.
class SummaryParser {
 public:
  SummaryParser(const std::string& text, const std::string& source) : text_(text), source_(source) {}

  SummarySections parse() {
    SummarySections sections;
    parse_object([&](const std::string& section) {
      if (sections.count(section)) fail("section '" + section + "' repeated");
      auto& values = sections[section];
      parse_object([&](const std::string& key) {
        if (values.count(key)) fail("key '" + key + "' repeated in section '" + section + "'");
        values[key] = parse_number();
      });
    });
    skip_space();
    if (position_ != text_.size()) fail("unexpected text after the top-level object");
    return sections;
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw InputError(source_ + ": " + what + " at offset " + std::to_string(position_));
  }

  void skip_space() {
    while (position_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[position_]))) ++position_;
  }

  bool consume(char expected) {
    skip_space();
    if (position_ < text_.size() && text_[position_] == expected) {
      ++position_;
      return true;
    }
    return false;
  }

  void expect(char expected) {
    if (!consume(expected)) fail(std::string("expected '") + expected + "'");
  }

  // {"name": <member>, ...}: calls member(name) with the position at the member's value.
  template <class Member>
  void parse_object(Member&& member) {
    expect('{');
    if (consume('}')) return;
    do {
      const std::string name = parse_string();
      expect(':');
      member(name);
    } while (consume(','));
    expect('}');
  }

  std::string parse_string() {
    expect('"');
    std::string value;
    while (position_ < text_.size() && text_[position_] != '"') {
      char c = text_[position_++];
      if (c == '\\') {
        if (position_ >= text_.size()) break;
        c = text_[position_++];
        if (c != '"' && c != '\\' && c != '/') fail("unsupported escape in a name");
      }
      value.push_back(c);
    }
    if (position_ >= text_.size()) fail("unterminated string");
    ++position_;
    return value;
  }

  double parse_number() {
    skip_space();
    if (text_.compare(position_, 4, "null") == 0) {
      position_ += 4;
      return std::numeric_limits<double>::quiet_NaN();
    }
    const char* begin = text_.c_str() + position_;
    char* end = nullptr;
    const double value = std::strtod(begin, &end);
    // strtod also reads "nan", "inf" and hex numbers, which JSON does not have.
    if (end == begin || !(std::isdigit(static_cast<unsigned char>(*begin)) || *begin == '-') ||
        std::string(begin, static_cast<const char*>(end)).find_first_of("xXnNiI") != std::string::npos) {
      fail("expected a number or null");
    }
    position_ += std::size_t(end - begin);
    return value;
  }

  const std::string& text_;
  const std::string& source_;
  std::size_t position_ = 0;
};

}  // namespace

SummarySections parse_summary(const std::string& text, const std::string& source) {
  return SummaryParser(text, source).parse();
}

SummarySections read_summary(const std::filesystem::path& file) {
  return parse_summary(support::read_file_text(file), file.string());
}

double summary_value(const SummarySections& sections, const std::string& section, const std::string& key) {
  const auto found = sections.find(section);
  if (found == sections.end()) return std::numeric_limits<double>::quiet_NaN();
  const auto value = found->second.find(key);
  return value == found->second.end() ? std::numeric_limits<double>::quiet_NaN() : value->second;
}

}  // namespace hypera::app
