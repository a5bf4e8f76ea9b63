#include "data/pipeline/h5_helpers.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace hypera::data::h5 {
namespace {

// Longer fixed-length strings are refused before a buffer is reserved for them; so are string lists of more
// bytes in all (256 bytes for each of 262,144 names).
constexpr size_t kMaxStringBytes = size_t{1} << 20;
constexpr size_t kMaxStringListBytes = size_t{64} << 20;

// The file type of fixed-length strings of `bytes` bytes (at least 1: HDF5 has no empty string type).
H5::StrType fixed_string_type(size_t bytes) {
  H5::StrType type(H5::PredType::C_S1, std::max<size_t>(bytes, 1));
  type.setStrpad(H5T_STR_NULLPAD);
  type.setCset(H5T_CSET_UTF8);
  return type;
}

// The length of a fixed-length string type, refusing variable-length ones and lengths over kMaxStringBytes.
size_t fixed_string_length(const H5::StrType& type, const std::string& what) {
  if (type.isVariableStr()) throw std::runtime_error(what + " holds variable-length strings (not read)");
  const size_t size = type.getSize();
  if (size > kMaxStringBytes) {
    throw std::runtime_error(what + " declares strings of " + std::to_string(size) + " bytes");
  }
  return size;
}

H5::Attribute open_attribute(const H5::H5Object& object, const std::string& name) {
  if (!object.attrExists(name)) throw std::runtime_error("missing attribute '" + name + "'");
  return object.openAttribute(name);
}

template <class T>
void write_array_attribute(H5::H5Object& object, const std::string& name, const H5::PredType& file_type,
                           const H5::PredType& memory_type, const std::vector<T>& values) {
  const hsize_t count = values.size();
  H5::DataSpace space(1, &count);
  H5::Attribute attribute = object.createAttribute(name, file_type, space);
  attribute.write(memory_type, values.data());
}

// Throws std::runtime_error unless the attribute's dataspace holds exactly `count` values (a null
// dataspace holds none; a scalar one holds one).
void require_value_count(const H5::Attribute& attribute, const std::string& name, hssize_t count) {
  if (attribute.getSpace().getSimpleExtentNpoints() != count) {
    throw std::runtime_error("attribute '" + name + "' must hold " + std::to_string(count) +
                             (count == 1 ? " value" : " values"));
  }
}

template <class T>
std::vector<T> read_array_attribute(const H5::H5Object& object, const std::string& name, H5T_class_t expected_class,
                                    const H5::PredType& memory_type, size_t count) {
  H5::Attribute attribute = open_attribute(object, name);
  if (attribute.getTypeClass() != expected_class) {
    throw std::runtime_error("attribute '" + name + "' is not " + (expected_class == H5T_FLOAT ? "floating-point" : "integer"));
  }
  require_value_count(attribute, name, static_cast<hssize_t>(count));
  std::vector<T> values(count);
  attribute.read(memory_type, values.data());
  return values;
}

template <class T>
T read_scalar_integer(const H5::H5Object& object, const std::string& name, const H5::PredType& memory_type) {
  H5::Attribute attribute = open_attribute(object, name);
  if (attribute.getTypeClass() != H5T_INTEGER) throw std::runtime_error("attribute '" + name + "' is not an integer");
  require_value_count(attribute, name, 1);
  T value = 0;
  attribute.read(memory_type, &value);
  return value;
}

herr_t keep_innermost(unsigned depth, const H5E_error2_t* entry, void* data) {
  if (depth != 0 || !entry->desc) return 0;
  std::string& text = *static_cast<std::string*>(data);
  text = entry->desc;
  std::replace(text.begin(), text.end(), '\n', ' ');
  return 0;
}

}  // namespace

std::string describe(const H5::Exception& error) {
  std::string innermost;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, keep_innermost, &innermost);
  return innermost.empty() ? error.getDetailMsg() : error.getDetailMsg() + ": " + innermost;
}

void write_string_attribute(H5::H5Object& object, const std::string& name, const std::string& value) {
  const H5::StrType type = fixed_string_type(value.size());
  std::string padded = value;
  padded.resize(type.getSize(), '\0');
  H5::Attribute attribute = object.createAttribute(name, type, H5::DataSpace(H5S_SCALAR));
  attribute.write(type, padded.data());
}

std::string read_string_attribute(const H5::H5Object& object, const std::string& name) {
  H5::Attribute attribute = open_attribute(object, name);
  if (attribute.getTypeClass() != H5T_STRING) throw std::runtime_error("attribute '" + name + "' is not a string");
  require_value_count(attribute, name, 1);
  const H5::StrType type = attribute.getStrType();
  std::string text(fixed_string_length(type, "attribute '" + name + "'"), '\0');
  attribute.read(type, static_cast<void*>(text.data()));
  return text.substr(0, text.find('\0'));
}

bool is_variable_string_attribute(const H5::H5Object& object, const std::string& name) {
  if (!object.attrExists(name)) return false;
  const H5::Attribute attribute = object.openAttribute(name);
  return attribute.getTypeClass() == H5T_STRING && attribute.getStrType().isVariableStr();
}

void write_int_attribute(H5::H5Object& object, const std::string& name, int32_t value) {
  H5::Attribute attribute = object.createAttribute(name, H5::PredType::STD_I32LE, H5::DataSpace(H5S_SCALAR));
  attribute.write(H5::PredType::NATIVE_INT32, &value);
}

int32_t read_int_attribute(const H5::H5Object& object, const std::string& name) {
  return read_scalar_integer<int32_t>(object, name, H5::PredType::NATIVE_INT32);
}

void write_int64_attribute(H5::H5Object& object, const std::string& name, int64_t value) {
  H5::Attribute attribute = object.createAttribute(name, H5::PredType::STD_I64LE, H5::DataSpace(H5S_SCALAR));
  attribute.write(H5::PredType::NATIVE_INT64, &value);
}

int64_t read_int64_attribute(const H5::H5Object& object, const std::string& name) {
  return read_scalar_integer<int64_t>(object, name, H5::PredType::NATIVE_INT64);
}

void write_doubles_attribute(H5::H5Object& object, const std::string& name, const std::vector<double>& values) {
  write_array_attribute(object, name, H5::PredType::IEEE_F64LE, H5::PredType::NATIVE_DOUBLE, values);
}

std::vector<double> read_doubles_attribute(const H5::H5Object& object, const std::string& name, size_t count) {
  return read_array_attribute<double>(object, name, H5T_FLOAT, H5::PredType::NATIVE_DOUBLE, count);
}

void write_int64s_attribute(H5::H5Object& object, const std::string& name, const std::vector<int64_t>& values) {
  write_array_attribute(object, name, H5::PredType::STD_I64LE, H5::PredType::NATIVE_INT64, values);
}

std::vector<int64_t> read_int64s_attribute(const H5::H5Object& object, const std::string& name, size_t count) {
  return read_array_attribute<int64_t>(object, name, H5T_INTEGER, H5::PredType::NATIVE_INT64, count);
}

void require_stored_whole(const H5::DataSet& dataset, const std::string& name, size_t element_bytes, size_t count) {
  const std::string what = "dataset '" + name + "'";
  if (dataset.getCreatePlist().getLayout() != H5D_CONTIGUOUS) throw std::runtime_error(what + " is not contiguous");
  const size_t stored_element = dataset.getDataType().getSize();
  if (stored_element != element_bytes) {
    throw std::runtime_error(what + " stores elements of " + std::to_string(stored_element) + " bytes, not " +
                             std::to_string(element_bytes));
  }
  const hsize_t stored = dataset.getStorageSize();
  if (stored != count * element_bytes) {
    throw std::runtime_error(what + " stores " + std::to_string(stored) + " bytes for " + std::to_string(count) +
                             " elements of " + std::to_string(element_bytes));
  }
}

void write_string_list(H5::Group& group, const std::string& name, const std::vector<std::string>& values) {
  size_t longest = 0;
  for (const std::string& value : values) longest = std::max(longest, value.size());
  const H5::StrType type = fixed_string_type(longest);
  const size_t width = type.getSize();
  const hsize_t count = values.size();
  H5::DataSet dataset = group.createDataSet(name, type, H5::DataSpace(1, &count));
  if (values.empty()) return;
  std::string packed(values.size() * width, '\0');
  for (size_t i = 0; i < values.size(); ++i) values[i].copy(packed.data() + i * width, values[i].size());
  dataset.write(packed.data(), type);
}

std::vector<std::string> read_string_list(const H5::Group& group, const std::string& name, size_t max_count) {
  if (!group.nameExists(name)) throw std::runtime_error("missing dataset '" + name + "'");
  H5::DataSet dataset = group.openDataSet(name);
  H5::DataSpace space = dataset.getSpace();
  if (dataset.getTypeClass() != H5T_STRING || space.getSimpleExtentNdims() != 1) {
    throw std::runtime_error("dataset '" + name + "' is not a 1-D string list");
  }
  const H5::StrType type = dataset.getStrType();
  const size_t width = fixed_string_length(type, "dataset '" + name + "'");
  const hssize_t count = space.getSimpleExtentNpoints();
  if (count < 0 || static_cast<size_t>(count) > max_count) {
    throw std::runtime_error("dataset '" + name + "' holds " + std::to_string(count) + " strings, more than " +
                             std::to_string(max_count));
  }
  if (static_cast<size_t>(count) > kMaxStringListBytes / std::max<size_t>(width, 1)) {
    throw std::runtime_error("dataset '" + name + "' holds " + std::to_string(count) + " strings of " +
                             std::to_string(width) + " bytes, more than " + std::to_string(kMaxStringListBytes) +
                             " bytes in all");
  }
  require_stored_whole(dataset, name, width, static_cast<size_t>(count));
  if (count == 0) return {};
  std::string packed(static_cast<size_t>(count) * width, '\0');
  dataset.read(packed.data(), type);
  std::vector<std::string> values;
  values.reserve(static_cast<size_t>(count));
  for (size_t i = 0; i < static_cast<size_t>(count); ++i) {
    const char* element = packed.data() + i * width;
    values.emplace_back(element, strnlen(element, width));  // NULLPAD: the string ends at its first null
  }
  return values;
}

}  // namespace hypera::data::h5
