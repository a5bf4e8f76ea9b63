#pragma once
// The case name of an image, mask or probability file, one rule for infer, refine and eval: the file name
// without its format extension. The format extensions, matched without regard to case and the longest
// first: ".nii.gz", ".nii", ".tiff", ".tif", ".png", ".dcm", ".npy", ".npz". A name that is only an
// extension (".png") has none. Thread-safe (no state).
#include <filesystem>
#include <string>

namespace hypera::app {

// The format extension of the file name in lower case (".nii.gz" for "A.NII.GZ"); empty when it has none.
std::string format_extension(const std::filesystem::path& path);

// The file name without its format extension: "a.nii.gz" -> "a", "B.PNG" -> "B"; other names are returned
// whole ("notes.txt" -> "notes.txt").
std::string stem_of(const std::filesystem::path& path);

}  // namespace hypera::app
