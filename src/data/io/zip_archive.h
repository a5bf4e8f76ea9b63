#pragma once
// Reading and writing the members of a ZIP archive (the container of NumPy's .npz files), without a zip
// library: the central directory is read from the end of the file, so archives written by Python's zipfile
// (local headers with ZIP64 extra fields, data descriptors) and by other tools read the same way.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace hypera::data {

struct ZipMember {
  std::string name;            // as stored in the archive ("probabilities.npy")
  std::vector<uint8_t> bytes;  // uncompressed content
};

// Every member of the archive at `path`, in central-directory order. Members must be stored (method 0)
// or deflated (method 8); ZIP64 sizes and offsets are supported, encryption and multi-disk archives are
// not. Before any memory is reserved for a member, its declared uncompressed size is checked against
// `max_member_bytes` and, when deflated, against the most its compressed bytes can inflate to
// (deflate_output_bound: about 1032:1); after inflating, the size and CRC-32 must match the declared ones.
// A missing, truncated or corrupt archive, or a member over the limit, throws InputError
// "<path>: <problem>" (a member's problem names it: "<path>: member 'x.npy': ...").
// Cost: reads the whole file into memory once and inflates each member once. Thread-safe.
std::vector<ZipMember> read_zip(const std::filesystem::path& path, uint64_t max_member_bytes);

// Writes `members` in this order as a ZIP archive at `path`, stored (method 0, no compression), each
// with its CRC-32 in its local header and the central directory (no data descriptors, no extra fields),
// so that read_zip, Python's zipfile and NumPy's np.load read it. Written through
// support::write_file_atomically: readers see the old file or the whole new one. Without ZIP64, an
// archive whose members or offsets reach 4 GiB, more than 65535 members or a name longer than 65535
// bytes throw InputError "<path>: <problem>" before anything is written; a failed write (disk full)
// throws InputError naming `path` and leaves no file. Cost: one CRC pass over and one write of the bytes.
void write_zip(const std::filesystem::path& path, const std::vector<ZipMember>& members);

}  // namespace hypera::data
