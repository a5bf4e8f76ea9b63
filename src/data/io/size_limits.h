#pragma once
// Limits on the sizes a file's header may declare, checked BEFORE any memory is reserved for its data, so
// that a hostile header (a 2 KB PNG claiming 30000 x 30000 pixels) fails fast as one-line InputError
// instead of allocating gigabytes or overflowing a size computation.
//
// HYPERA_MAX_VOXELS: the most voxels one image may hold is 2^30 (1,073,741,824) by default; set the
// environment variable HYPERA_MAX_VOXELS to a positive integer to raise or lower it for every command.
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <new>
#include <string>

namespace hypera::data {

// The most voxels one image may hold: 2^30 by default; the environment variable HYPERA_MAX_VOXELS (a positive
// integer) raises or lowers it for every command. Read once per process; thread-safe.
// An invalid HYPERA_MAX_VOXELS (not a positive integer) -> InputError naming HYPERA_MAX_VOXELS (on every call).
int64_t max_voxels_per_image();

// The limit that HYPERA_MAX_VOXELS set to `value` means: 2^30 when `value` is null (unset), else `value` as a
// positive decimal integer; anything else -> InputError naming HYPERA_MAX_VOXELS. Pure; thread-safe.
int64_t max_voxels_from_setting(const char* value);

// The product of `dims` (each must be >= 1), checked for overflow and against max_voxels_per_image();
// throws InputError naming `file` ("... x ... voxels exceed the limit of N (raise HYPERA_MAX_VOXELS)" or
// "dimension ... is not positive"). Cost: O(dims). Thread-safe.
int64_t checked_voxel_count(const std::filesystem::path& file, std::initializer_list<int64_t> dims);

// Throws InputError naming `file` and `what` unless `needed` <= `present` (both in bytes), e.g. pixel data a
// header declares against the bytes the file holds (or a decompression bound of them). Thread-safe.
void require_bytes_present(const std::filesystem::path& file, uint64_t needed, uint64_t present,
                           const std::string& what);

// The most bytes `compressed_bytes` of deflate (zlib, gzip) data can inflate to: deflate's best ratio is
// about 1032:1, so this is 1032 * compressed_bytes plus a small constant, saturating at UINT64_MAX.
uint64_t deflate_output_bound(uint64_t compressed_bytes);

// `count` * `bytes_each`, or InputError naming `file` and `what` when the product overflows 64 bits.
uint64_t checked_byte_count(const std::filesystem::path& file, uint64_t count, uint64_t bytes_each,
                            const std::string& what);

// Runs `read` (a reader's whole body) and returns its result; a std::bad_alloc inside it becomes InputError
// "<file>: too large to read (out of memory)", so an allocation that the checks above let through still
// fails as a one-line error naming the file. Thread-safe when `read` is.
[[noreturn]] void throw_out_of_memory(const std::filesystem::path& file);
template <class Read>
auto with_out_of_memory_as_input_error(const std::filesystem::path& file, Read&& read) -> decltype(read()) {
  try {
    return read();
  } catch (const std::bad_alloc&) {
    throw_out_of_memory(file);
  }
}

}  // namespace hypera::data
