#pragma once
// Typed reads and writes of the small HDF5 pieces the prepared format uses: scalar and array
// attributes, and 1-D string lists. Callers hold lock_hdf5(). Failures throw H5::Exception (from the
// library) or std::runtime_error (shape or type disagreements, message names the attribute); the
// callers turn both into InputError naming the file.
// Strings are fixed-length only. Variable-length strings live in HDF5's global heap, whose reader in libhdf5 1.10
// loops forever, overflows its buffers or crashes on a crafted heap (bench/fuzz/findings/prepared); a string of
// fixed length is stored in its attribute or dataset, so reading one never touches that heap.
#include <H5Cpp.h>

#include <cstdint>
#include <string>
#include <vector>

namespace hypera::data::h5 {

// A scalar fixed-length string of max(1, value.size()) bytes, null-padded (an empty value is one null byte).
void write_string_attribute(H5::H5Object& object, const std::string& name, const std::string& value);
// Reads a fixed-length string attribute up to its first null byte. The attribute must be of string class with
// one value (scalar, or a 1-element array); a variable-length string (never read: see above), a null or larger
// dataspace, or a length over 1 MiB throws std::runtime_error naming the attribute.
std::string read_string_attribute(const H5::H5Object& object, const std::string& name);
// Whether the attribute exists as a variable-length string (its type only is read, never its value).
bool is_variable_string_attribute(const H5::H5Object& object, const std::string& name);

void write_int_attribute(H5::H5Object& object, const std::string& name, int32_t value);
// The integer readers need an integer attribute with one value (else std::runtime_error); HDF5 converts
// other widths and signedness, and a value out of range fails the conversion (H5::Exception).
int32_t read_int_attribute(const H5::H5Object& object, const std::string& name);

// A scalar little-endian 64-bit integer.
void write_int64_attribute(H5::H5Object& object, const std::string& name, int64_t value);
int64_t read_int64_attribute(const H5::H5Object& object, const std::string& name);

void write_doubles_attribute(H5::H5Object& object, const std::string& name, const std::vector<double>& values);
// Throws std::runtime_error when the attribute does not hold exactly `count` values of floating-point
// class (read_int64s_attribute: integer class); the check precedes any allocation.
std::vector<double> read_doubles_attribute(const H5::H5Object& object, const std::string& name, size_t count);

void write_int64s_attribute(H5::H5Object& object, const std::string& name, const std::vector<int64_t>& values);
std::vector<int64_t> read_int64s_attribute(const H5::H5Object& object, const std::string& name, size_t count);

// One line for an HDF5 failure: the innermost message on HDF5's error stack (e.g. "truncated file:
// eof = 1024, ...") when there is one, else the exception's own ("H5Fopen failed"). Call it in the
// catch block, still holding lock_hdf5(), before any other HDF5 call clears the stack.
std::string describe(const H5::Exception& error);

// Throws std::runtime_error naming the dataset unless it is stored as HYPERA writes an array whole: contiguous,
// elements of `element_bytes`, exactly `count` of them in storage (none allocated when `count` is 0). libhdf5 1.10
// reads through crafted layouts, element sizes and storage sizes past its buffers (found by fuzzing); these checks
// read only the dataset's header messages.
void require_stored_whole(const H5::DataSet& dataset, const std::string& name, size_t element_bytes, size_t count);

// A 1-D dataset of fixed-length strings, each max(1, longest value) bytes, null-padded (may be empty).
void write_string_list(H5::Group& group, const std::string& name, const std::vector<std::string>& values);
// Each element is read up to its first null byte. More than `max_count` elements, elements over 1 MiB or over
// 64 MiB in all, a variable-length string type, or another type or rank throws std::runtime_error naming the
// dataset before any memory is reserved for them.
std::vector<std::string> read_string_list(const H5::Group& group, const std::string& name, size_t max_count);

}  // namespace hypera::data::h5
