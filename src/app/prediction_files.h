#pragma once
// The files of `infer` and `refine`: which inputs a path names and the 2D instance PNG that both write (the
// case name of a file: app/file_stem.h).
#include <filesystem>
#include <string>
#include <vector>

#include "data/io/volume.h"

namespace hypera::app {

// `input` itself when it is a file, else the TIFF, PNG, NIfTI and DICOM files directly in the folder (by
// their format extension, app/file_stem.h), sorted by name. A missing path or a folder without such files
// throws InputError naming it.
std::vector<std::filesystem::path> image_inputs(const std::filesystem::path& input);

// Writes OUT/<stem>.png: 16-bit instance ids of a 2D result (0 background; ids above 65535 saturate).
// Returns the path. Unwritable -> InputError naming it.
std::filesystem::path write_instance_png(const std::filesystem::path& out, const std::string& stem,
                                         const data::InstanceVolume& instances);

}  // namespace hypera::app
