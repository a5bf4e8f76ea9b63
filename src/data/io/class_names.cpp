#include "data/io/class_names.h"

#include <algorithm>
#include <set>

namespace hypera::data {
namespace {

bool kept_character(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool valid_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), kept_character);
}

bool distinct_valid_names(const std::vector<std::string>& names, size_t least, size_t most) {
  if (names.size() < least || names.size() > most) return false;
  if (!std::all_of(names.begin(), names.end(), valid_name)) return false;
  return std::set<std::string>(names.begin(), names.end()).size() == names.size();
}

}  // namespace

std::string cleaned_class_name(const std::string& name) {
  std::string cleaned = name;
  for (char& c : cleaned) {
    if (!kept_character(c)) c = '_';
  }
  return cleaned;
}

bool valid_class_names(const std::vector<std::string>& names) { return distinct_valid_names(names, 2, 255); }

bool valid_channel_names(const std::vector<std::string>& names) {
  return distinct_valid_names(names, 1, kMaxImageChannels);
}

bool class_names_suit(const std::vector<std::string>& names, TargetKind target) {
  return valid_class_names(names) && (target == TargetKind::Classes || names == fixed_class_names(target));
}

std::string join_class_names(const std::vector<std::string>& names) {
  std::string joined;
  for (const std::string& name : names) joined += (joined.empty() ? "" : ",") + name;
  return joined;
}

std::vector<std::string> split_class_names(const std::string& joined) {
  std::vector<std::string> names(1);
  for (const char c : joined) {
    if (c == ',') {
      names.emplace_back();
    } else {
      names.back() += c;
    }
  }
  return names;
}

}  // namespace hypera::data
