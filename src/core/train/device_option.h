#pragma once
// The syntax of `train.device` (auto | cpu | cuda | cuda:K), apart from LibTorch so that the configuration
// parser checks it without a device (device_choice.h resolves it).
#include <optional>
#include <string>

namespace hypera::core {

// For "cuda:K" the K (0 <= K < 1000), for "cuda" nullopt; InputError naming the option for anything else.
std::optional<int> cuda_index_option(const std::string& requested);

// Throws InputError naming the option for a value other than auto, cpu, cuda or cuda:K.
void check_device_option(const std::string& requested);

}  // namespace hypera::core
