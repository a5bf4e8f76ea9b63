// fuzz_seed_maker OUT BBBC039_DIR: writes the generated part of the seed corpus into OUT/<target>/ (run by
// bench/fuzz/make_seeds.sh, which adds the real files that are small enough to copy as they are). Every seed is
// a small real file: crops of a BBBC039 image and mask and of the mricron ch2 MRI, written by the project's
// own writers (libtiff directly for TIFF: the project has no TIFF writer), and the files training writes
// (prepared data set, checkpoint, agents' files) for tiny inputs. Exit 1 with a message on any error.
#include <tiffio.h>
#include <torch/torch.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "agents/hyperparameter/agent_checkpoint.h"
#include "agents/hyperparameter/agent_folder.h"
#include "agents/segmentation/agents_manifest.h"
#include "app/config_sections.h"
#include "core/train/checkpoint_store.h"
#include "core/train/run_config.h"
#include "data/io/nifti_io.h"
#include "data/io/png_io.h"
#include "data/io/tiff_io.h"
#include "data/pipeline/prepared_writer.h"
#include "fuzz_input.h"

namespace fs = std::filesystem;
using namespace hypera;

namespace {

const char* const kImageName = "IXMtest_A02_s1_w1051DAA7C-7042-435F-99F0-1E847D9B42CB";
const fs::path kMricron = "/usr/share/mricron/templates";

std::string text_of(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + file.string());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::string joined(const std::string& first, const std::string& second) {
  return first + std::string(fuzz::kPartSeparator) + second;
}

// The box [x0, x0 + nx) x [y0, y0 + ny) x [z0, z0 + nz) of `volume`.
template <class T>
data::Volume<T> crop(const data::Volume<T>& volume, int64_t x0, int64_t y0, int64_t z0, int64_t nx, int64_t ny,
                     int64_t nz) {
  data::Geometry geometry = volume.geometry;
  geometry.size = {nx, ny, nz};
  data::Volume<T> out(geometry);
  for (int64_t z = 0; z < nz; ++z)
    for (int64_t y = 0; y < ny; ++y)
      for (int64_t x = 0; x < nx; ++x) out.at(x, y, z) = volume.at(x0 + x, y0 + y, z0 + z);
  return out;
}

// `pages` copies of a 16-bit image as one TIFF: deflate strips (as BBBC039), or uncompressed 16x16 tiles.
void write_tiff16(const fs::path& file, const data::ImageVolume& image, int pages, bool tiled) {
  TIFF* tif = TIFFOpen(file.c_str(), "w");
  if (!tif) throw std::runtime_error("cannot write " + file.string());
  const auto width = static_cast<uint32_t>(image.geometry.nx()), height = static_cast<uint32_t>(image.geometry.ny());
  std::vector<uint16_t> samples(image.voxels.begin(), image.voxels.end());
  for (int page = 0; page < pages; ++page) {
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, width);
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, height);
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, 16);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, 1);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISBLACK);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    if (tiled) {
      TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_NONE);
      TIFFSetField(tif, TIFFTAG_TILEWIDTH, 16);
      TIFFSetField(tif, TIFFTAG_TILELENGTH, 16);
      std::vector<uint16_t> tile(16 * 16);
      for (uint32_t ty = 0; ty < height; ty += 16)
        for (uint32_t tx = 0; tx < width; tx += 16) {
          for (uint32_t y = 0; y < 16; ++y)
            for (uint32_t x = 0; x < 16; ++x)
              tile[y * 16 + x] = (ty + y < height && tx + x < width) ? samples[(ty + y) * width + tx + x] : 0;
          TIFFWriteTile(tif, tile.data(), tx, ty, 0, 0);
        }
    } else {
      TIFFSetField(tif, TIFFTAG_COMPRESSION, COMPRESSION_ADOBE_DEFLATE);
      TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, 8);
      for (uint32_t y = 0; y < height; ++y) TIFFWriteScanline(tif, &samples[y * width], y, 0);
    }
    TIFFWriteDirectory(tif);
  }
  TIFFClose(tif);
}

void make_image_seeds(const fs::path& out, const fs::path& bbbc039) {
  const auto image = crop(data::read_tiff(bbbc039 / "images" / (std::string(kImageName) + ".tif")), 200, 300, 0, 40, 32, 1);
  write_tiff16(out / "tiff" / "bbbc039_crop_deflate.tif", image, 1, false);
  write_tiff16(out / "tiff" / "bbbc039_crop_tiled_2pages.tif", image, 2, true);

  data::Volume<uint16_t> gray(image.geometry);
  std::copy(image.voxels.begin(), image.voxels.end(), gray.voxels.begin());
  data::write_png_gray16(out / "png" / "bbbc039_crop_gray16.png", gray);
  const fs::path mask = bbbc039 / "masks" / (std::string(kImageName) + ".png");
  std::vector<data::Volume<uint16_t>> channels;
  for (int c = 0; c < 3; ++c) channels.push_back(crop(data::read_png_channel(mask, c), 200, 300, 0, 40, 32, 1));
  std::vector<uint8_t> rgb;
  for (size_t i = 0; i < channels[0].voxels.size(); ++i)
    for (const auto& channel : channels) rgb.push_back(static_cast<uint8_t>(channel.voxels[i]));
  data::write_png_rgb8(out / "png" / "bbbc039_mask_crop_rgb8.png", 40, 32, rgb);
}

void make_nifti_seeds(const fs::path& out) {
  const auto head = crop(data::read_nifti(kMricron / "ch2.nii.gz"), 80, 100, 80, 10, 12, 8);
  data::write_nifti(out / "nifti" / "ch2_crop.nii", head);
  data::write_nifti(out / "nifti" / "ch2_crop.nii.gz", head);
  const auto brain = crop(data::read_nifti(kMricron / "ch2bet.nii.gz"), 80, 100, 80, 10, 12, 8);
  data::LabelVolume labels(brain.geometry);
  for (size_t i = 0; i < brain.voxels.size(); ++i) labels.voxels[i] = brain.voxels[i] > 0;
  data::write_nifti(out / "nifti" / "ch2bet_crop_labels.nii", labels);
  // The same image as an Analyze-style pair: the header with magic "ni1" and vox_offset 0, then the voxels.
  std::string single = text_of(out / "nifti" / "ch2_crop.nii");
  std::string header = single.substr(0, 348);
  const float no_offset = 0;
  std::memcpy(&header[108], &no_offset, sizeof no_offset);
  std::memcpy(&header[344], "ni1", 4);
  fuzz::write_file(out / "nifti" / "ch2_crop_pair.hdr_img", joined(header, single.substr(352)));
}

void make_prepared_seeds(const fs::path& out) {
  data::Geometry flat;
  flat.size = {6, 5, 1};
  data::ImageVolume image(flat, 0.5f);
  data::LabelVolume label(flat, 1);
  data::InstanceVolume instances(flat, 1);
  label.at(0, 0) = 2;
  {
    data::PreparedWriter writer(out / "prepared" / "two_samples_2d.h5", "bbbc039", data::TargetKind::ThreeClass,
                                 data::fixed_class_names(data::TargetKind::ThreeClass), 2);
    writer.add_sample({"a", {&image}, &label, &instances, {0, 0, 0}, "images/a.tif", "masks/a.png"});
    writer.add_sample({"b", {&image}, &label, &instances, {0, 0, 0}, "images/b.tif", "masks/b.png"});
    writer.finish({{{"a"}, {"b"}, {}}});
  }
  data::Geometry cube;
  cube.size = {4, 3, 2};
  data::ImageVolume volume(cube, 0.25f);
  data::LabelVolume mask(cube, 0);
  data::PreparedWriter writer(out / "prepared" / "one_slab_3d.h5", "nifti", data::TargetKind::Foreground,
                               data::fixed_class_names(data::TargetKind::Foreground), 3);
  writer.add_sample({"slab0", {&volume}, &mask, nullptr, {0, 0, 4}, "ch2.nii.gz", "ch2bet.nii.gz"});
  writer.finish({{{"slab0"}, {"slab0"}, {"slab0"}}});
}

void make_config_seeds(const fs::path& out) {
  app::ConfigSections sections;
  fuzz::write_file(out / "config" / "resolved_defaults.ini",
                   core::load_run_config(std::nullopt, {}, sections.bound()).resolved_ini);
}

void make_checkpoint_seeds(const fs::path& out, const fs::path& scratch) {
  torch::nn::Linear model(3, 2);
  torch::optim::SGD optimizer(model->parameters(), torch::optim::SGDOptions(0.1));
  core::TrainingProgress progress;
  progress.next_epoch = 2;
  progress.step = 40;
  progress.best_metric = 0.75;
  progress.best_epoch = 1;
  progress.registry = {{"learning_rate", 0.01}, {"weight_decay", 1e-4}};
  progress.schedule_state = {0.5, 3};
  progress.scheduled_lr = 0.01;
  const core::CheckpointStore store(scratch / "checkpoints");
  store.save("last", *model, optimizer, progress);
  const fs::path saved = scratch / "checkpoints" / "last";
  fuzz::write_file(out / "checkpoint" / "linear_epoch2", joined(text_of(saved / "MANIFEST"), text_of(saved / "state.ini")));
}

void make_agent_seeds(const fs::path& out, const fs::path& scratch) {
  agents::AgentsManifest manifest;
  manifest.normalizer.mean.assign(agents::kStateDim, 0.5f);
  manifest.normalizer.scale.assign(agents::kStateDim, 2.0f);
  manifest.agents = {"fg_balance", "boundary"};
  agents::write_manifest(out / "agents_manifest" / "two_agents.txt", manifest);
  fs::copy_file(out / "agents_manifest" / "two_agents.txt", out / "manifest" / "segmentation_agents.txt");

  agents::save_agent_folder(scratch / "agents", {}, false, 3);
  fs::copy_file(scratch / "agents" / "manifest.txt", out / "agent_folder" / "no_agents_3_runs.txt");

  agents::RankAgentState rank;
  rank.coordinator = "coordinator memory";
  auto& agent = rank.agents["learning_rate"];
  agent.state = "agent bytes";
  agent.offered = 2;
  agent.experience.ids = {0, 1};
  agent.experience.batch.states = torch::rand({2, 3});
  agent.experience.batch.actions = torch::rand({2, 1});
  agent.experience.batch.rewards = torch::rand({2});
  agent.experience.batch.next_states = torch::rand({2, 3});
  agent.experience.batch.discounts = torch::ones({2});
  agent.experience.batch.weights = torch::ones({2});
  agent.experience.batch.indices = {0, 1};
  agents::write_agent_checkpoint(out / "agent_checkpoint" / "one_agent_two_ranks.h5", {rank, rank});
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: fuzz_seed_maker OUT BBBC039_DIR\n");
    return 1;
  }
  const fs::path out = argv[1], bbbc039 = argv[2];
  const fs::path scratch = fs::temp_directory_path() / ("hypera_seed_maker_" + std::to_string(::getpid()));
  try {
    for (const char* target : {"tiff", "png", "nifti", "prepared", "config", "checkpoint", "manifest",
                               "agents_manifest", "agent_folder", "agent_checkpoint"}) {
      fs::create_directories(out / target);
    }
    fs::create_directories(scratch);
    make_image_seeds(out, bbbc039);
    make_nifti_seeds(out);
    make_prepared_seeds(out);
    make_config_seeds(out);
    make_checkpoint_seeds(out, scratch);
    make_agent_seeds(out, scratch);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "fuzz_seed_maker: %s\n", error.what());
    fs::remove_all(scratch);
    return 1;
  }
  fs::remove_all(scratch);
  return 0;
}
