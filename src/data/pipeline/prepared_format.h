#pragma once
// The prepared data set: one chunked, gzip-compressed HDF5 file that training reads. Every MPI rank
// opens it read-only. This layout is a stable contract; a change to it needs a new `format` string.
//
//   /                          attributes
// Every string is fixed-length and null-padded (h5_helpers.h): format 1 held variable-length strings, which live in
// HDF5's global heap, whose reader libhdf5 1.10 lets a crafted file hang or crash; format 2 never reads that heap.
//
//     format                   string  "hypera-prepared-2"
//     source_kind              string  "bbbc039" | "nifti" | "dicom" | "nnunet" | "msd"
//     target                   string  "foreground" | "three_class" | "classes"
//     num_classes              int32   2 (foreground), 3 (three_class), K (classes: the data set's)
//     class_names              string  the num_classes names joined by ',' (index = label value; data/io/class_names.h);
//                                      target "classes" only; the other targets have their fixed names
//                                      (fixed_class_names), so their files are as before it existed
//     channel_names            string  the C image channels' names joined by ',' (data/io/class_names.h), only
//                                      when C >= 2; a file without it has one channel, named "image"
//     spatial_dims_of_samples  int32   2 (every sample has nz == 1) or 3
//   /samples/<name>/           group, one per sample
//     image                    float32 [nz, ny, nx], percentile-normalized to [0, 1]; channel 0
//     image_1 .. image_<C-1>   float32 like image: channels 1 .. C-1 (only when C >= 2)
//     label                    uint8   [nz, ny, nx], 0 background, 1 foreground/interior, 2 boundary; classes:
//                                      the data set's label values 0..K-1
//     instances                int32   [nz, ny, nx], optional (instance data sets only): 0 bg, 1..N ids
//     @spacing                 3 doubles: voxel size along x, y, z
//     @affine                  16 doubles: row-major voxel (x, y, z, 1) -> world matrix of THIS sample
//                              (for a slab: the source affine composed with the slab's voxel offset)
//     @origin_voxel            3 int64: voxel (x, y, z) of the source volume at this sample's (0, 0, 0)
//     @image_source            string: path of the source image file or DICOM folder (one file per channel:
//                              the paths joined by ';')
//     @mask_source             string: path of the source mask file or DICOM folder
//   /splits/                   group
//     training, validation, test   1-D fixed-length UTF-8 string datasets of sample names
//                                  (possibly empty)
//
// Datasets are chunked ([1, <=256, <=256] for 2D samples, [<=32, <=32, <=32] for 3D samples) and
// compressed with shuffle + deflate level 1 (the fastest level: preparing is bound by zlib). Arrays are
// C order [z][y][x], the Volume memory order.

#include <string>

namespace hypera::data::prepared {

inline constexpr const char* kFormat = "hypera-prepared-2";
// The format before it, whose files PreparedDataset::open refuses with OutdatedPreparedFile.
inline constexpr const char* kPreviousFormat = "hypera-prepared-1";
inline constexpr const char* kSamplesGroup = "samples";
inline constexpr const char* kSplitsGroup = "splits";
inline constexpr const char* kSplitNames[3] = {"training", "validation", "test"};

// The dataset of image channel c in a sample group: "image", "image_1", "image_2", ...
inline std::string image_dataset_name(size_t channel) {
  return channel == 0 ? "image" : "image_" + std::to_string(channel);
}

}  // namespace hypera::data::prepared
