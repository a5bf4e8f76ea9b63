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

// One case to predict: the stem of its output files and the files of its image channels.
struct CaseFiles {
  std::string name;
  std::vector<std::filesystem::path> files;  // one per channel, or one file holding every channel
};

// The cases among `files` (image_inputs' list) for a network of `channels` image channels. One channel: each file
// is a case named stem_of(file). Several: nnU-Net's naming, <case>_0000<ext> with the files <case>_0001<ext> ..
// <case>_<channels - 1, 4 digits><ext> beside it is one case named <case>; each other file that no such case
// claims is a case of its own, named stem_of(file), whose one file must hold every channel (a 4D NIfTI:
// data::read_image_channels). A missing channel file is an InputError naming it. Cost: one stat per channel file.
std::vector<CaseFiles> group_case_files(const std::vector<std::filesystem::path>& files, int channels);

// Writes OUT/<stem>.png: 16-bit instance ids of a 2D result (0 background; ids above 65535 saturate).
// Returns the path. Unwritable -> InputError naming it.
std::filesystem::path write_instance_png(const std::filesystem::path& out, const std::string& stem,
                                         const data::InstanceVolume& instances);

}  // namespace hypera::app
