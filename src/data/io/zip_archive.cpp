#include "data/io/zip_archive.h"

#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>

#include "data/io/file_bytes.h"
#include "data/io/file_error.h"
#include "data/io/size_limits.h"
#include "support/durable_file.h"

namespace hypera::data {
namespace {

constexpr uint32_t kEndSignature = 0x06054b50;
constexpr uint32_t kZip64LocatorSignature = 0x07064b50;
constexpr uint32_t kZip64EndSignature = 0x06064b50;
constexpr uint32_t kCentralSignature = 0x02014b50;
constexpr uint32_t kLocalSignature = 0x04034b50;
constexpr uint32_t kSaturated32 = 0xFFFFFFFF;
constexpr uint64_t kMax16 = 0xFFFF;
constexpr uint64_t kLocalHeaderBytes = 30;    // before the name
constexpr uint64_t kCentralEntryBytes = 46;   // before the name
constexpr uint64_t kEndRecordBytes = 22;      // without a comment
constexpr uint64_t kVersionNeeded = 20;       // 2.0, what stored members need
constexpr uint64_t kDate1980 = (1 << 5) | 1;  // DOS date 1980-01-01: the same members give the same archive

// Appends `value` as `width` (at most 8) little-endian bytes.
void put(std::string& out, uint64_t value, int width) {
  for (int i = 0; i < width; ++i) out.push_back(char(value >> (8 * i)));
}

// Little-endian reads with bounds checks; every failure is "<archive>: <what>: truncated or corrupt".
class ByteReader {
 public:
  ByteReader(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) : path_(path), bytes_(bytes) {}

  uint64_t read(uint64_t offset, int width, const char* what) const {
    require(offset, uint64_t(width), what);
    uint64_t value = 0;
    for (int i = width - 1; i >= 0; --i) value = (value << 8) | bytes_[size_t(offset) + size_t(i)];
    return value;
  }
  void require(uint64_t offset, uint64_t length, const char* what) const {
    if (offset > bytes_.size() || length > bytes_.size() - offset) {
      throw_file_error(path_, std::string("truncated or corrupt ZIP archive (") + what + " out of range)");
    }
  }
  size_t size() const { return bytes_.size(); }
  const uint8_t* at(uint64_t offset) const { return bytes_.data() + offset; }

 private:
  const std::filesystem::path& path_;
  const std::vector<uint8_t>& bytes_;
};

struct Directory {
  uint64_t entries = 0;
  uint64_t offset = 0;
};

Directory find_directory(const std::filesystem::path& path, const ByteReader& in) {
  if (in.size() < kEndRecordBytes) throw_file_error(path, "not a ZIP archive (too short)");
  const uint64_t lowest = in.size() >= kEndRecordBytes + kMax16 ? in.size() - kEndRecordBytes - kMax16 : 0;
  for (uint64_t end = in.size() - kEndRecordBytes + 1; end-- > lowest;) {
    if (in.read(end, 4, "end record") != kEndSignature) continue;
    Directory directory{in.read(end + 10, 2, "end record"), in.read(end + 16, 4, "end record")};
    if (in.read(end + 4, 2, "end record") != 0 || in.read(end + 6, 2, "end record") != 0) {
      throw_file_error(path, "multi-disk ZIP archives are not supported");
    }
    const bool zip64 = directory.entries == 0xFFFF || directory.offset == kSaturated32;
    if (zip64 && end >= 20 && in.read(end - 20, 4, "ZIP64 locator") == kZip64LocatorSignature) {
      const uint64_t record = in.read(end - 20 + 8, 8, "ZIP64 locator");
      if (in.read(record, 4, "ZIP64 end record") != kZip64EndSignature) {
        throw_file_error(path, "corrupt ZIP archive (bad ZIP64 end record)");
      }
      directory.entries = in.read(record + 32, 8, "ZIP64 end record");
      directory.offset = in.read(record + 48, 8, "ZIP64 end record");
    }
    return directory;
  }
  throw_file_error(path, "not a ZIP archive (no end of central directory record)");
}

std::vector<uint8_t> inflate_member(const std::filesystem::path& path, const std::string& name, const uint8_t* data,
                                    uint64_t compressed, uint64_t size) {
  std::vector<uint8_t> out(size);
  z_stream stream{};
  if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) throw_file_error(path, "member '" + name + "': zlib failed");
  stream.next_in = const_cast<Bytef*>(data);
  stream.avail_in = uInt(compressed);
  stream.next_out = out.data();
  stream.avail_out = uInt(size);
  const int status = inflate(&stream, Z_FINISH);
  const uint64_t produced = stream.total_out;
  inflateEnd(&stream);
  if (status != Z_STREAM_END || produced != size) {
    throw_file_error(path, "member '" + name + "': corrupt or truncated deflate data");
  }
  return out;
}

}  // namespace

std::vector<ZipMember> read_zip(const std::filesystem::path& path, uint64_t max_member_bytes) {
  const std::vector<uint8_t> bytes = read_file_bytes(path);
  const ByteReader in(path, bytes);
  const Directory directory = find_directory(path, in);
  std::vector<ZipMember> members;
  uint64_t entry = directory.offset;
  for (uint64_t i = 0; i < directory.entries; ++i) {
    if (in.read(entry, 4, "central directory") != kCentralSignature) {
      throw_file_error(path, "corrupt ZIP archive (bad central directory entry)");
    }
    const uint64_t flags = in.read(entry + 8, 2, "central directory");
    const uint64_t method = in.read(entry + 10, 2, "central directory");
    const uint64_t crc = in.read(entry + 16, 4, "central directory");
    uint64_t compressed = in.read(entry + 20, 4, "central directory");
    uint64_t size = in.read(entry + 24, 4, "central directory");
    const uint64_t name_length = in.read(entry + 28, 2, "central directory");
    const uint64_t extra_length = in.read(entry + 30, 2, "central directory");
    const uint64_t comment_length = in.read(entry + 32, 2, "central directory");
    uint64_t local = in.read(entry + 42, 4, "central directory");
    const uint64_t name_start = entry + kCentralEntryBytes;
    in.require(name_start, name_length + extra_length, "central directory");
    ZipMember member;
    member.name.assign(reinterpret_cast<const char*>(in.at(name_start)), size_t(name_length));
    // ZIP64 extra field: the 64-bit values of exactly those fields saturated at 0xFFFFFFFF, in this order.
    for (uint64_t extra = name_start + name_length; extra + 4 <= name_start + name_length + extra_length;) {
      const uint64_t id = in.read(extra, 2, "extra field");
      const uint64_t length = in.read(extra + 2, 2, "extra field");
      if (id == 0x0001) {
        uint64_t field = extra + 4;
        for (uint64_t* value : {&size, &compressed, &local}) {
          if (*value == kSaturated32) {
            *value = in.read(field, 8, "ZIP64 extra field");
            field += 8;
          }
        }
      }
      extra += 4 + length;
    }
    const std::string member_prefix = "member '" + member.name + "': ";
    if (flags & 1) throw_file_error(path, member_prefix + "encrypted members are not supported");
    if (in.read(local, 4, "local header") != kLocalSignature) {
      throw_file_error(path, member_prefix + "corrupt ZIP archive (bad local header)");
    }
    const uint64_t data =
        local + kLocalHeaderBytes + in.read(local + 26, 2, "local header") + in.read(local + 28, 2, "local header");
    in.require(data, compressed, "member data");
    if (size > max_member_bytes) {
      throw_file_error(path, member_prefix + "declares " + std::to_string(size) + " bytes, more than the " +
                                 std::to_string(max_member_bytes) + " a member may hold here");
    }
    if (size > uint64_t(std::numeric_limits<uInt>::max()) || compressed > uint64_t(std::numeric_limits<uInt>::max())) {
      throw_file_error(path, member_prefix + "members of 4 GiB or more are not supported");
    }
    if (method == 8 && size > deflate_output_bound(compressed)) {
      throw_file_error(path, member_prefix + "declares " + std::to_string(size) + " bytes from " +
                                 std::to_string(compressed) + " compressed bytes, more than deflate can expand (corrupt)");
    }
    if (method == 0) {
      if (compressed != size) throw_file_error(path, member_prefix + "stored member with two different sizes");
      member.bytes.assign(in.at(data), in.at(data) + size);
    } else if (method == 8) {
      member.bytes = inflate_member(path, member.name, in.at(data), compressed, size);
    } else {
      throw_file_error(path, member_prefix + "compression method " + std::to_string(method) +
                                 " is not supported (only stored and deflated)");
    }
    if (crc32(0L, member.bytes.data(), uInt(member.bytes.size())) != crc) {
      throw_file_error(path, member_prefix + "CRC-32 mismatch (corrupt data)");
    }
    members.push_back(std::move(member));
    entry += kCentralEntryBytes + name_length + extra_length + comment_length;
  }
  return members;
}

void write_zip(const std::filesystem::path& path, const std::vector<ZipMember>& members) {
  if (members.size() > kMax16) {
    throw_file_error(path, std::to_string(members.size()) + " members, more than a ZIP archive without ZIP64 holds");
  }
  uint64_t archive_bytes = kEndRecordBytes;
  for (const ZipMember& member : members) {
    if (member.name.size() > kMax16) throw_file_error(path, "a member name longer than ZIP allows (65535 bytes)");
    archive_bytes += kLocalHeaderBytes + kCentralEntryBytes + 2 * member.name.size() + member.bytes.size();
  }
  // Below this, no size or offset reaches the value that means "in the ZIP64 record" (kSaturated32).
  if (archive_bytes >= kSaturated32) {
    throw_file_error(path, "an archive of " + std::to_string(archive_bytes) +
                               " bytes needs ZIP64 (4 GiB or more), which is not written");
  }
  support::write_file_atomically(path, [&](const std::filesystem::path& temporary) {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    std::string central;
    uint64_t offset = 0;
    for (const ZipMember& member : members) {
      // The fields that the local header and the central directory entry share, "version needed" to "extra".
      std::string fields;
      put(fields, kVersionNeeded, 2);
      put(fields, 0, 2);  // flags
      put(fields, 0, 2);  // method: stored
      put(fields, 0, 2);  // modification time 00:00
      put(fields, kDate1980, 2);
      put(fields, crc32(0L, member.bytes.data(), uInt(member.bytes.size())), 4);
      put(fields, member.bytes.size(), 4);  // compressed size
      put(fields, member.bytes.size(), 4);  // uncompressed size
      put(fields, member.name.size(), 2);
      put(fields, 0, 2);  // extra field length
      std::string local;
      put(local, kLocalSignature, 4);
      out << local << fields << member.name;
      out.write(reinterpret_cast<const char*>(member.bytes.data()), std::streamsize(member.bytes.size()));
      put(central, kCentralSignature, 4);
      put(central, kVersionNeeded, 2);  // version made by: the same, with MS-DOS attributes
      central += fields;
      put(central, 0, 2);  // comment length
      put(central, 0, 2);  // disk number
      put(central, 0, 2);  // internal attributes
      put(central, 0, 4);  // external attributes
      put(central, offset, 4);
      central += member.name;
      offset += kLocalHeaderBytes + member.name.size() + member.bytes.size();
    }
    std::string end;
    put(end, kEndSignature, 4);
    put(end, 0, 2);               // this disk
    put(end, 0, 2);               // the disk of the central directory
    put(end, members.size(), 2);  // entries on this disk
    put(end, members.size(), 2);  // entries
    put(end, central.size(), 4);
    put(end, offset, 4);  // where the central directory starts
    put(end, 0, 2);       // comment length
    out << central << end;
    if (!out.flush()) throw_file_error(path, std::string("cannot write (") + std::strerror(errno) + ")");
  });
}

}  // namespace hypera::data
