// NIfTI reader (read_nifti): one part is a .nii file (.nii.gz when it starts with gzip's magic bytes); two parts
// are a .hdr/.img pair.
#include "data/io/nifti_io.h"
#include "fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto parts = hypera::fuzz::input_parts(data, size);
  std::filesystem::path file;
  if (parts.size() >= 2) {
    const auto folder = hypera::fuzz::empty_folder("pair");
    hypera::fuzz::write_file(folder / "input.img", parts[1]);
    file = folder / "input.hdr";
    hypera::fuzz::write_file(file, parts[0]);
  } else {
    const bool gzipped = size >= 2 && data[0] == 0x1f && data[1] == 0x8b;
    file = hypera::fuzz::input_file(data, size, gzipped ? "input.nii.gz" : "input.nii");
  }
  hypera::fuzz::allow_input_error([&] { hypera::data::read_nifti(file); });
  return 0;
}
