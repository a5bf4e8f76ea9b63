#include <dcmtk/config/osconfig.h>  // must precede the other DCMTK headers
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dctk.h>
#include <dcmtk/dcmimgle/dcmimage.h>
#include <dcmtk/dcmjpeg/djdecode.h>
#include <dcmtk/dcmjpls/djdecode.h>
#include <dcmtk/oflog/oflog.h>

#include <cmath>
#include <mutex>
#include <utility>
#include <string>

#include "data/io/dicom_io.h"
#include "data/io/dicom_slice.h"
#include "data/io/file_error.h"
#include "data/io/size_limits.h"

namespace hypera::data {
namespace {

void set_up_dcmtk() {
  static std::once_flag once;
  std::call_once(once, [] {
    OFLog::configure(OFLogger::OFF_LOG_LEVEL);
    DcmRLEDecoderRegistration::registerCodecs();
    DJDecoderRegistration::registerCodecs();
    DJLSDecoderRegistration::registerCodecs();
  });
}

// Reads `count` numbers of a tag, at the top level first, then anywhere in nested sequences (the
// functional groups of enhanced multi-frame objects). False when absent or short.
bool find_numbers(DcmItem& item, const DcmTagKey& tag, unsigned long count, double* out) {
  for (const OFBool nested : {OFFalse, OFTrue}) {
    bool ok = true;
    for (unsigned long i = 0; i < count && ok; ++i) ok = item.findAndGetFloat64(tag, out[i], i, nested).good();
    if (ok) return true;
  }
  return false;
}

double positive_or(double value, double fallback) { return value > 0 && std::isfinite(value) ? value : fallback; }

// Modality values: stored * slope + intercept, as float. False when one of them is not finite as a
// float (a slope such as 1e300 overflows float even though the double product is finite).
template <class T>
bool rescale(const void* data, double slope, double intercept, std::vector<float>& out) {
  const T* values = static_cast<const T*>(data);
  bool finite = true;
  for (size_t i = 0; i < out.size(); ++i) {
    out[i] = float(double(values[i]) * slope + intercept);
    finite &= std::isfinite(out[i]);
  }
  return finite;
}

bool rescale_pixels(const DiPixel& pixels, double slope, double intercept, std::vector<float>& out) {
  const void* data = pixels.getData();
  switch (pixels.getRepresentation()) {
    case EPR_Uint8: return rescale<Uint8>(data, slope, intercept, out);
    case EPR_Sint8: return rescale<Sint8>(data, slope, intercept, out);
    case EPR_Uint16: return rescale<Uint16>(data, slope, intercept, out);
    case EPR_Sint16: return rescale<Sint16>(data, slope, intercept, out);
    case EPR_Uint32: return rescale<Uint32>(data, slope, intercept, out);
    case EPR_Sint32: return rescale<Sint32>(data, slope, intercept, out);
  }
  return false;
}

// DCMTK holds OW pixel data as 16-bit words in host order. For 32-bit samples read from a big-endian
// file that leaves the two words of every sample in reversed order, which DicomImage does not undo.
void fix_big_endian_32bit_words(const DcmXfer& original, DcmDataset& dataset) {
  Uint16 bits_allocated = 0;
  if (!original.isBigEndian() || dataset.findAndGetUint16(DCM_BitsAllocated, bits_allocated).bad() ||
      bits_allocated != 32) {
    return;
  }
  DcmElement* element = nullptr;
  Uint16* words = nullptr;
  if (dataset.findAndGetElement(DCM_PixelData, element).bad() || element->getUint16Array(words).bad() || !words) {
    return;
  }
  for (Uint32 i = 0; i + 1 < element->getLength() / 2; i += 2) std::swap(words[i], words[i + 1]);
}

// The pixels the header declares (Columns x Rows x NumberOfFrames, SamplesPerPixel samples of BitsAllocated bits),
// checked against HYPERA_MAX_VOXELS and against the bytes of the (decompressed) pixel data before DicomImage
// reserves its buffers from them: a 492-byte file declaring 1.5 billion pixels made it ask for 6 GB (found by
// fuzzing). Missing attributes are left to DicomImage, which refuses them.
void check_declared_pixels(const std::filesystem::path& path, DcmDataset& dataset) {
  Uint16 rows = 0, columns = 0, bits_allocated = 0, samples = 1;
  if (dataset.findAndGetUint16(DCM_Rows, rows).bad() || dataset.findAndGetUint16(DCM_Columns, columns).bad() ||
      dataset.findAndGetUint16(DCM_BitsAllocated, bits_allocated).bad()) {
    return;
  }
  dataset.findAndGetUint16(DCM_SamplesPerPixel, samples);
  Sint32 frames = 1;
  if (dataset.findAndGetSint32(DCM_NumberOfFrames, frames).bad()) frames = 1;
  const int64_t pixels = checked_voxel_count(path, {columns, rows, frames});
  const uint64_t bits = checked_byte_count(path, uint64_t(pixels), uint64_t(bits_allocated) * samples, "pixel data");
  DcmElement* data = nullptr;
  const uint64_t present = dataset.findAndGetElement(DCM_PixelData, data).good() && data ? data->getLength() : 0;
  require_bytes_present(path, bits / 8 + (bits % 8 != 0), present, "pixel data");
}

void decode_pixels(const std::filesystem::path& path, DcmFileFormat& file, DicomSlice& slice) {
  DcmDataset& dataset = *file.getDataset();
  const DcmXfer original(dataset.getOriginalXfer());
  if (original.isEncapsulated()) {
    dataset.chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
    if (!dataset.canWriteXfer(EXS_LittleEndianExplicit)) {
      throw_file_error(path, std::string("cannot decode compressed transfer syntax ") + original.getXferName() +
                                 " (" + original.getXferID() + ")");
    }
  }
  OFString photometric;
  dataset.findAndGetOFString(DCM_PhotometricInterpretation, photometric);
  if (photometric != "MONOCHROME1" && photometric != "MONOCHROME2") {
    throw_file_error(path, "DICOM photometric interpretation '" + std::string(photometric.c_str()) +
                               "' is not supported (need MONOCHROME1/2)");
  }
  check_declared_pixels(path, dataset);
  fix_big_endian_32bit_words(original, dataset);
  DicomImage image(&file, dataset.getCurrentXfer(), CIF_IgnoreModalityTransformation);
  if (image.getStatus() != EIS_Normal) {
    throw_file_error(path, std::string("cannot decode DICOM pixel data (") + DicomImage::getString(image.getStatus()) +
                               ")");
  }
  const DiPixel* pixels = image.getInterData();
  Geometry& g = slice.image.geometry;
  g.size = {int64_t(image.getWidth()), int64_t(image.getHeight()), int64_t(image.getFrameCount())};
  const unsigned long expected = static_cast<unsigned long>(g.voxel_count());
  if (!pixels || pixels->getCount() < expected || pixels->getInputCount() < expected) {
    throw_file_error(path, "truncated DICOM pixel data (expected " + std::to_string(expected) + " pixels, got " +
                               std::to_string(pixels ? pixels->getInputCount() : 0) + ")");
  }
  double slope = 1.0, intercept = 0.0;
  if (dataset.findAndGetFloat64(DCM_RescaleSlope, slope).bad() || slope == 0.0) slope = 1.0;
  if (dataset.findAndGetFloat64(DCM_RescaleIntercept, intercept).bad()) intercept = 0.0;
  if (!std::isfinite(slope) || !std::isfinite(intercept)) {
    throw_file_error(path, "RescaleSlope " + std::to_string(slope) + " or RescaleIntercept " +
                               std::to_string(intercept) + " is not a finite number");
  }
  slice.image.voxels.resize(expected);
  if (!rescale_pixels(*pixels, slope, intercept, slice.image.voxels)) {
    throw_file_error(path, "RescaleSlope " + std::to_string(slope) + " and RescaleIntercept " +
                               std::to_string(intercept) + " give values that are not finite as float");
  }
}

void read_geometry(DcmDataset& dataset, DicomSlice& slice) {
  Geometry& g = slice.image.geometry;
  double pixel_spacing[2];
  if (find_numbers(dataset, DCM_PixelSpacing, 2, pixel_spacing)) {
    g.spacing[1] = positive_or(pixel_spacing[0], 1.0);
    g.spacing[0] = positive_or(pixel_spacing[1], 1.0);
  }
  double z = 0.0;
  if (find_numbers(dataset, DCM_SpacingBetweenSlices, 1, &z) || find_numbers(dataset, DCM_SliceThickness, 1, &z)) {
    g.spacing[2] = positive_or(z, 1.0);
  }
  std::array<double, 3> position;
  std::array<double, 6> orientation;
  if (find_numbers(dataset, DCM_ImagePositionPatient, 3, position.data())) slice.position = position;
  if (find_numbers(dataset, DCM_ImageOrientationPatient, 6, orientation.data())) slice.orientation = orientation;
  Sint32 instance = 0;
  if (dataset.findAndGetSint32(DCM_InstanceNumber, instance).good()) slice.instance_number = instance;

  g.affine = {g.spacing[0], 0, 0, 0, 0, g.spacing[1], 0, 0, 0, 0, g.spacing[2], 0, 0, 0, 0, 1};
  if (slice.position && slice.orientation) set_patient_affine(g, *slice.position, *slice.orientation);
}

}  // namespace

std::array<double, 3> slice_normal(const std::array<double, 6>& o) {
  return {o[1] * o[5] - o[2] * o[4], o[2] * o[3] - o[0] * o[5], o[0] * o[4] - o[1] * o[3]};
}

void set_patient_affine(Geometry& g, const std::array<double, 3>& position, const std::array<double, 6>& orientation) {
  const auto normal = slice_normal(orientation);
  for (size_t r = 0; r < 3; ++r) {
    const double lps_to_ras = r < 2 ? -1.0 : 1.0;
    g.affine[4 * r + 0] = lps_to_ras * orientation[r] * g.spacing[0];
    g.affine[4 * r + 1] = lps_to_ras * orientation[3 + r] * g.spacing[1];
    g.affine[4 * r + 2] = lps_to_ras * normal[r] * g.spacing[2];
    g.affine[4 * r + 3] = lps_to_ras * position[r];
  }
}

DicomSlice read_dicom_slice(const std::filesystem::path& path) {
  require_regular_file(path);
  set_up_dcmtk();
  DcmFileFormat file;
  const OFCondition loaded = file.loadFile(path.c_str());
  if (loaded.bad()) throw_file_error(path, std::string("not a readable DICOM file (") + loaded.text() + ")");
  DcmDataset& dataset = *file.getDataset();
  if (!dataset.tagExists(DCM_PixelData)) throw_file_error(path, "DICOM file has no pixel data");
  DicomSlice slice;
  decode_pixels(path, file, slice);
  read_geometry(dataset, slice);
  OFString series_uid;
  if (dataset.findAndGetOFString(DCM_SeriesInstanceUID, series_uid).good()) slice.series_uid = series_uid.c_str();
  return slice;
}

ImageVolume read_dicom_file(const std::filesystem::path& path) { return read_dicom_slice(path).image; }

}  // namespace hypera::data
