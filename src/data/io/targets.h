#pragma once
// Training targets derived from instance masks.
#include <filesystem>
#include <string>
#include <vector>

#include "data/io/volume.h"

namespace hypera::data {

// Foreground: 2 classes (0 background, 1 object). ThreeClass: 0 background, 1 interior, 2 boundary.
// Classes: the label files' own classes 0..K-1 (nnU-Net and MSD data sets, data/io/labelled_dataset.h); K and
// the names come from the data set, so they travel with the prepared file (PreparedInfo::class_names).
enum class TargetKind { Foreground, ThreeClass, Classes };

// "foreground" | "three_class" | "classes"; anything else throws InputError naming the option value.
TargetKind parse_target_kind(const std::string& name);

// The inverse of parse_target_kind: the spelling of the option and of the prepared file's "target".
std::string target_kind_name(TargetKind kind);

// The class names of a kind whose classes are fixed: {"background", "foreground"} or {"background", "interior",
// "boundary"}. Classes has no fixed names: std::invalid_argument.
std::vector<std::string> fixed_class_names(TargetKind kind);

// `values` (a label file read as numbers) as classes 0..classes-1, voxel for voxel. A value that is not one of them
// (negative, too large, not an integer, NaN) is an InputError "<source>: value V at voxel I is not one of the
// classes 0..K-1<context>". Instantiated for float (read_image's voxels) and int32_t. O(voxels). Thread-safe.
template <class T>
LabelVolume class_labels_of(const Volume<T>& values, int classes, const std::string& source,
                            const std::string& context);

// Decodes a BBBC039 mask PNG into nuclei: connected components (8-connectivity) of equal non-zero
// red values. The red channel is never binarised first, because touching nuclei differ only in colour.
// Throws InputError as read_png_channel does. Cost: one PNG decode plus one labelling pass.
InstanceVolume read_bbbc039_instances(const std::filesystem::path& mask_png);

// Per-voxel class labels with the geometry of `instances`. Foreground: 1 where id > 0. ThreeClass:
// 2 (boundary) for object voxels with a face neighbour (4 in 2D, 6 in 3D) of a different id (the
// background or another object), 1 (interior) for the other object voxels, 0 for background; the
// image border does not make boundary. Classes: std::invalid_argument (instances carry no classes).
// O(voxels). Thread-safe.
LabelVolume make_target(const InstanceVolume& instances, TargetKind kind);

}  // namespace hypera::data
