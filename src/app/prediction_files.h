#pragma once
// The files of `infer` and `refine`: which inputs a path names, the case name of a file, and the 2D
// instance PNG that both write.
#include <filesystem>
#include <string>
#include <vector>

#include "data/io/volume.h"

namespace hypera::app {

// The file name without its format extension (".nii.gz", ".nii", ".tif", ".tiff", ".png", ".dcm", ".npy",
// ".npz"): "a.nii.gz" -> "a". Names with another extension are returned whole.
std::string stem_of(const std::filesystem::path& path);

// `input` itself when it is a file, else the TIFF, PNG, NIfTI and DICOM files directly in the folder,
// sorted by name. A missing path or a folder without such files throws InputError naming it.
std::vector<std::filesystem::path> image_inputs(const std::filesystem::path& input);

// Writes OUT/<stem>.png: 16-bit instance ids of a 2D result (0 background; ids above 65535 saturate).
// Returns the path. Unwritable -> InputError naming it.
std::filesystem::path write_instance_png(const std::filesystem::path& out, const std::string& stem,
                                         const data::InstanceVolume& instances);

}  // namespace hypera::app
